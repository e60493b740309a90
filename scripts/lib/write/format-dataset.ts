import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatasetModel } from '../model/types.ts';
import { CsvReadError } from '../read/read-csv.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { planFormat, type FormatReport, type FormatResult } from './plan-format.ts';

export {
  blockedFiles,
  blockingFindings,
  planFormat,
  sameBytes,
  type FormatPlan,
  type FormatReport,
  type FormatResult,
  type FormatStatus,
} from './plan-format.ts';

/** The bytes of every table file that exists in dataDir, by file name. */
export function readTables(model: DatasetModel, dataDir: string): Map<string, Uint8Array> {
  const sources = new Map<string, Uint8Array>();
  for (const table of model.tables) {
    const path = join(dataDir, table.file);
    if (!existsSync(path)) continue;
    try {
      sources.set(table.file, readFileSync(path));
    } catch (error) {
      throw new CsvReadError(path, error as NodeJS.ErrnoException);
    }
  }
  return sources;
}

/**
 * Rewrites every table into canonical form, or with `check` only reports which are not canonical.
 * A file with structural errors is left untouched and its errors returned instead.
 */
export async function formatDataset(options: { model: DatasetModel; dataDir: string; displayDir: string; check: boolean }): Promise<FormatReport> {
  const { model, dataDir, check } = options;
  const plan = await planFormat({ model, displayDir: options.displayDir, sources: readTables(model, dataDir) });
  const results = plan.results.map(({ canonical, ...result }): FormatResult => {
    if (result.status !== 'not-canonical' || check) return result;
    writeFileAtomic(join(dataDir, model.tables.find((t) => t.name === result.table)!.file), canonical!);
    return { ...result, status: 'rewritten' };
  });
  return { results, blocking: plan.blocking };
}
