import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../check/finding.ts';
import { RULES } from '../check/rules/index.ts';
import { validateDataset } from '../check/validate-dataset.ts';
import type { DatasetModel, TableModel } from '../model/types.ts';
import { readCsv } from '../read/read-csv.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { canonicalTable } from './canonical-csv.ts';

export type FormatStatus = 'canonical' | 'rewritten' | 'not-canonical' | 'refused' | 'missing';

export interface FormatResult {
  readonly table: string;
  readonly file: string;
  readonly status: FormatStatus;
}

export interface FormatReport {
  readonly results: readonly FormatResult[];
  /** Structural errors that stop a file from being rewritten. */
  readonly blocking: readonly Finding[];
}

/** Structure rules whose errors mean the cells cannot be mapped to columns safely. */
const STRUCTURE_RULES = RULES.filter((rule) => rule.meta.stage === 'file' || rule.meta.stage === 'row');

/**
 * Rewrites every table into canonical form, or with `check` only reports which are not canonical.
 * A file with structural errors (unreadable bytes, broken quotes, unknown or duplicate columns) is
 * left untouched and its errors returned instead.
 */
export async function formatDataset(options: { model: DatasetModel; dataDir: string; displayDir: string; check: boolean }): Promise<FormatReport> {
  const { model, dataDir, displayDir, check } = options;
  const structure = await validateDataset({ model, dataDir, displayDir, rules: STRUCTURE_RULES, maxFindingsPerRule: 50 });
  const blockingRules = new Set(STRUCTURE_RULES.filter((r) => r.meta.severity === 'error' && !r.meta.fixedByFormat).map((r) => r.meta.code));
  const blocking = structure.findings.filter((f) => blockingRules.has(f.code));
  const results: FormatResult[] = [];
  for (const table of model.tables) {
    const path = join(dataDir, table.file);
    const file = join(displayDir, table.file);
    const present = structure.tables.find((t) => t.table === table.name)?.present;
    if (!present) {
      results.push({ table: table.name, file, status: 'missing' });
      continue;
    }
    if (blocking.some((f) => f.file === file)) {
      results.push({ table: table.name, file, status: 'refused' });
      continue;
    }
    const canonical = await canonicalFile(table, path);
    if (readFileSync(path).equals(Buffer.from(canonical, 'utf8'))) {
      results.push({ table: table.name, file, status: 'canonical' });
    } else if (check) {
      results.push({ table: table.name, file, status: 'not-canonical' });
    } else {
      writeFileAtomic(path, canonical);
      results.push({ table: table.name, file, status: 'rewritten' });
    }
  }
  return { results, blocking };
}

/** The canonical form of a table file that has no structural errors, as `format` would write it. */
export async function canonicalFile(table: TableModel, path: string): Promise<string> {
  const rows: string[][] = [];
  await readCsv(path, ({ cells }) => void rows.push([...cells]));
  const [header = [], ...data] = rows;
  return canonicalTable(table, header, data);
}
