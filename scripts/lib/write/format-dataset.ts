import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../check/finding.ts';
import { RULES } from '../check/rules/index.ts';
import { validateDataset } from '../check/validate-dataset.ts';
import type { DatasetModel } from '../model/types.ts';
import { CsvReadError, readCsvBytes } from '../read/read-csv.ts';
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

/** What format would write for each table, decided from its bytes alone. */
export interface FormatPlan {
  readonly results: readonly (FormatResult & { readonly status: Exclude<FormatStatus, 'rewritten'>; readonly canonical?: string })[];
  readonly blocking: readonly Finding[];
}

interface InMemory {
  readonly model: DatasetModel;
  /** Directory of the data, for the engine; the tables are taken from `sources`. */
  readonly dataDir: string;
  readonly displayDir: string;
  /** Each table's bytes by file name; a table left out is missing. */
  readonly sources: ReadonlyMap<string, Uint8Array>;
}

/** Structure rules, which look at files and rows as read and nothing after: their errors mean the cells cannot be mapped to columns safely. */
const STRUCTURE_RULES = RULES.filter((rule) => rule.stages.every((stage) => stage === 'file' || stage === 'raw row'));
const BLOCKING_CODES = new Set(STRUCTURE_RULES.filter((r) => r.meta.severity === 'error' && !r.meta.fixedByFormat).map((r) => r.meta.code));

/** The structural errors that stop format from rewriting a file. */
export async function blockingFindings({ model, dataDir, displayDir, sources }: InMemory): Promise<Finding[]> {
  const structure = await validateDataset({ model, dataDir, displayDir, sources, rules: STRUCTURE_RULES, maxFindingsPerRule: 50 });
  return structure.findings.filter((f) => BLOCKING_CODES.has(f.code));
}

/** The file names of the tables that have structural errors. */
export async function blockedFiles(options: InMemory): Promise<Set<string>> {
  const blocking = await blockingFindings(options);
  return new Set(options.model.tables.filter((t) => blocking.some((f) => f.file === join(options.displayDir, t.file))).map((t) => t.file));
}

/**
 * The canonical form of every table given as bytes, or why a table cannot have one. A file with
 * structural errors (unreadable bytes, broken quotes, unknown or duplicate columns, rows wider than
 * the header) gets none, and its errors are returned instead.
 */
export async function planFormat(options: InMemory): Promise<FormatPlan> {
  const { model, displayDir, sources } = options;
  const blocking = await blockingFindings(options);
  const results: FormatPlan['results'][number][] = [];
  for (const table of model.tables) {
    const bytes = sources.get(table.file);
    const file = join(displayDir, table.file);
    if (!bytes) {
      results.push({ table: table.name, file, status: 'missing' });
      continue;
    }
    if (blocking.some((f) => f.file === file)) {
      results.push({ table: table.name, file, status: 'refused' });
      continue;
    }
    const rows: string[][] = [];
    await readCsvBytes([bytes], ({ cells }) => void rows.push([...cells]));
    const [header = [], ...data] = rows;
    const canonical = canonicalTable(table, header, data);
    const same = Buffer.from(bytes).equals(Buffer.from(canonical, 'utf8'));
    results.push({ table: table.name, file, status: same ? 'canonical' : 'not-canonical', canonical });
  }
  return { results, blocking };
}

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
  const plan = await planFormat({ ...options, sources: readTables(model, dataDir) });
  const results = plan.results.map(({ canonical, ...result }): FormatResult => {
    if (result.status !== 'not-canonical' || check) return result;
    writeFileAtomic(join(dataDir, model.tables.find((t) => t.name === result.table)!.file), canonical!);
    return { ...result, status: 'rewritten' };
  });
  return { results, blocking: plan.blocking };
}
