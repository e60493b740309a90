import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeInside } from '../files/confined.ts';
import { buildSite } from '../site/build-site.ts';
import { serveHow } from '../check-page/page-hints.ts';
import { readCodingRules } from '../release/codebook.ts';
import { writing } from '../write/atomic-write.ts';
import { parseCommandArgs } from './args.ts';
import { exitForIoError } from './known-errors.ts';
import { EXIT_DATA_ERRORS, EXIT_OK, type CommandIO } from './io.ts';
import { displayPath } from './paths.ts';
import { loadValidDataset } from './valid-dataset.ts';

export const SITE_USAGE = `Usage: npm run site [-- --out DIR]

Builds the static dataset browser into DIR (default: dist/site): a searchable list of actors,
groups and sources (and of the rows of any other table they refer to), a page for each, the
network and timeline, and the network as of any date (time.html), and the check page (check.html).
Open DIR/index.html to browse it, or publish the folder as it is (no server code); the check page
works only when the folder is served (by any static web server).
`;

export async function siteCommand(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommandArgs(argv, io, SITE_USAGE, { out: { type: 'string', default: 'dist/site' } });
  if (typeof parsed === 'number') return parsed;
  const out = resolve(io.cwd, parsed.values.out);
  try {
    const dataset = await loadValidDataset(io, 'building the site');
    if (!dataset) return EXIT_DATA_ERRORS;
    const files = await buildSite(dataset.model, dataset.records, dataset.dataDir, readCodingRules(resolve(io.cwd, 'schemas')));
    // Built beside the target and swapped in, so a half-built site never replaces a whole one.
    const staging = `${out}.${process.pid}.tmp`;
    rmSync(staging, { recursive: true, force: true });
    writing(staging, () => mkdirSync(staging, { recursive: true }));
    for (const [path, content] of files) writeInside(staging, path, content);
    writing(out, () => {
      rmSync(out, { recursive: true, force: true });
      renameSync(staging, out);
    });
    const shown = displayPath(io.cwd, out);
    io.stdout(
      `Built ${shown}/ (${files.size} files). Open ${displayPath(io.cwd, join(out, 'index.html'))} to browse it.\nThe check page (check.html) works only when a web server serves the folder: ${serveHow(shown)}.\n`,
    );
    return EXIT_OK;
  } catch (error) {
    return exitForIoError(io, error);
  }
}
