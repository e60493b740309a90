import { resolve } from 'node:path';
import { loadModel, SchemaError } from '../model/load-model.ts';
import { CsvReadError } from '../read/read-csv.ts';
import { readAllRecords } from '../read/read-dataset.ts';
import { renderedFiles } from '../render/render.ts';
import { validateDataset } from '../check/validate-dataset.ts';
import { parseCommandArgs } from './args.ts';
import { EXIT_DATA_ERRORS, EXIT_USAGE_OR_IO, type CommandIO } from './io.ts';
import { syncFiles } from './sync-files.ts';

export const RENDER_USAGE = `Usage: npm run render [-- --check]

Draws generated/network.svg (actors and groups, allegiances by kind; laid out by Graphviz) and
generated/timeline.svg (every dated allegiance on a time axis) from the data.
  --check   write nothing; exit 1 and name the pictures that are out of date
`;

export async function renderCommand(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommandArgs(argv, io, RENDER_USAGE, { check: { type: 'boolean', default: false } });
  if (typeof parsed === 'number') return parsed;
  try {
    const model = loadModel(resolve(io.cwd, 'schemas'));
    const dataDir = resolve(io.cwd, 'data');
    const report = await validateDataset({ model, dataDir, displayDir: 'data' });
    if (report.counts.error > 0) {
      io.stderr('The data has errors; run `npm run validate` and fix them before drawing it.\n');
      return EXIT_DATA_ERRORS;
    }
    return syncFiles(io, await renderedFiles(model, await readAllRecords(model, dataDir)), parsed.values.check, 'render');
  } catch (error) {
    if (error instanceof CsvReadError || error instanceof SchemaError) {
      io.stderr(`${error.message}\n`);
      return EXIT_USAGE_OR_IO;
    }
    throw error;
  }
}
