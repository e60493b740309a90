import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as terminal from '../escape/terminal.ts';
import { readmeWithDataSummary } from '../render/data-summary.ts';
import { renderedFiles } from '../render/render.ts';
import { parseCommandArgs } from './args.ts';
import { isExpectedError } from './known-errors.ts';
import { EXIT_DATA_ERRORS, EXIT_USAGE_OR_IO, type CommandIO } from './io.ts';
import { syncFiles } from './sync-files.ts';
import { loadValidDataset } from './valid-dataset.ts';

export const RENDER_USAGE = `Usage: npm run render [-- --check]

Draws generated/network.svg (actors and groups, allegiances by kind; laid out by Graphviz) and
generated/timeline.svg (every dated allegiance on a time axis) from the data, and brings the
README's table of what the data holds up to date.
  --check   write nothing; exit 1 and name the files that are out of date
`;

export async function renderCommand(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommandArgs(argv, io, RENDER_USAGE, { check: { type: 'boolean', default: false } });
  if (typeof parsed === 'number') return parsed;
  try {
    const files = await renderedFilesIn(io);
    if (!files) return EXIT_DATA_ERRORS;
    return syncFiles(io, files, parsed.values.check, 'render');
  } catch (error) {
    if (isExpectedError(error)) {
      io.stderr(`${terminal.text(error.message)}\n`);
      return EXIT_USAGE_OR_IO;
    }
    throw error;
  }
}

/**
 * Every file `render` writes, by path: the pictures and the README with its table of the data; or
 * undefined, after saying so, when the data has errors (nothing is drawn from data that does not validate).
 */
export async function renderedFilesIn(io: CommandIO, readme = readIfExists(resolve(io.cwd, 'README.md'))): Promise<Map<string, string> | undefined> {
  const dataset = await loadValidDataset(io, 'drawing it');
  if (!dataset) return undefined;
  const files = await renderedFiles(dataset.model, dataset.records);
  if (readme !== undefined) files.set('README.md', readmeWithDataSummary(readme, dataset.model, dataset.records));
  return files;
}

const readIfExists = (path: string): string | undefined => (existsSync(path) ? readFileSync(path, 'utf8') : undefined);
