import { resolve } from 'node:path';
import { validateDataset } from '../check/validate-dataset.ts';
import { loadModel } from '../model/load-model.ts';
import type { RowRecord } from '../model/cell-validator.ts';
import type { DatasetModel } from '../model/types.ts';
import { readAllRecords } from '../read/read-dataset.ts';
import type { CommandIO } from './io.ts';

/**
 * The repository's data for a writer (render, site), or undefined after telling the user to fix its
 * errors first: writers never draw or publish data the validator rejects.
 */
export async function loadValidDataset(
  io: CommandIO,
  purpose: string,
): Promise<{ model: DatasetModel; dataDir: string; records: Map<string, RowRecord[]> } | undefined> {
  const model = loadModel(resolve(io.cwd, 'schemas'));
  const dataDir = resolve(io.cwd, 'data');
  const report = await validateDataset({ model, dataDir, displayDir: 'data' });
  if (report.counts.error > 0) {
    io.stderr(`The data has errors; run \`npm run validate\` and fix them before ${purpose}.\n`);
    return undefined;
  }
  return { model, dataDir, records: await readAllRecords(model, dataDir) };
}
