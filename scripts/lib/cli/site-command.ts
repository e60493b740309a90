import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { validateDataset } from '../check/validate-dataset.ts';
import { loadModel, SchemaError } from '../model/load-model.ts';
import { CsvReadError } from '../read/read-csv.ts';
import { readAllRecords } from '../read/read-dataset.ts';
import { buildSite } from '../site/build-site.ts';
import { FileWriteError, writing } from '../write/atomic-write.ts';
import { parseCommandArgs } from './args.ts';
import { EXIT_DATA_ERRORS, EXIT_OK, EXIT_USAGE_OR_IO, type CommandIO } from './io.ts';
import { displayPath } from './paths.ts';

export const SITE_USAGE = `Usage: npm run site [-- --out DIR]

Builds the static dataset browser into DIR (default: dist/site): a searchable list of actors,
groups and sources, a page for each, and the network and timeline. Open DIR/index.html, or
publish the folder as it is (no server code).
`;

export async function siteCommand(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommandArgs(argv, io, SITE_USAGE, { out: { type: 'string', default: 'dist/site' } });
  if (typeof parsed === 'number') return parsed;
  const out = resolve(io.cwd, parsed.values.out);
  try {
    const model = loadModel(resolve(io.cwd, 'schemas'));
    const dataDir = resolve(io.cwd, 'data');
    const report = await validateDataset({ model, dataDir, displayDir: 'data' });
    if (report.counts.error > 0) {
      io.stderr('The data has errors; run `npm run validate` and fix them before building the site.\n');
      return EXIT_DATA_ERRORS;
    }
    const files = await buildSite(model, await readAllRecords(model, dataDir), dataDir);
    // Built beside the target and swapped in, so a half-built site never replaces a whole one.
    const staging = `${out}.${process.pid}.tmp`;
    rmSync(staging, { recursive: true, force: true });
    for (const [path, content] of files) {
      const target = join(staging, path);
      writing(join(out, path), () => {
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, content);
      });
    }
    writing(out, () => {
      rmSync(out, { recursive: true, force: true });
      renameSync(staging, out);
    });
    io.stdout(`Built ${displayPath(io.cwd, out)}/ (${files.size} files). Open ${displayPath(io.cwd, join(out, 'index.html'))}.\n`);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof FileWriteError || error instanceof CsvReadError || error instanceof SchemaError) {
      io.stderr(`${error.message}\n`);
      return EXIT_USAGE_OR_IO;
    }
    throw error;
  }
}
