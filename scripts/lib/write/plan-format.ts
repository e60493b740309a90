import type { Finding } from '../check/finding.ts';
import { displayJoin, textArchive } from '../check/archive.ts';
import { checkDataset, tablesInMemory, type DataFiles } from '../check/check-dataset.ts';
import { RULES } from '../check/rules/index.ts';
import type { DatasetModel, TableModel } from '../model/types.ts';
import { readCsvBytes, type CsvRow } from '../read/read-csv.ts';
import { CanonicalTableBuilder } from './canonical-csv.ts';

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
  readonly results: readonly (FormatResult & { readonly status: Exclude<FormatStatus, 'rewritten'>; readonly canonical?: Uint8Array })[];
  readonly blocking: readonly Finding[];
}

export interface InMemory {
  readonly model: DatasetModel;
  /** How the data folder is shown in findings, e.g. `data`. */
  readonly displayDir: string;
  /** Each table's bytes by file name; a table left out is missing, or one of `links`. */
  readonly sources: ReadonlyMap<string, Uint8Array>;
  /** Tables found to be symbolic links, which were not read: refused with a finding. */
  readonly links?: ReadonlySet<string>;
}

/** Structure rules, which look at files and rows as read and nothing after: their errors mean the cells cannot be mapped to columns safely. */
const STRUCTURE_RULES = RULES.filter((rule) => rule.stages.every((stage) => stage === 'file' || stage === 'raw row'));
const BLOCKING_CODES = new Set(STRUCTURE_RULES.filter((r) => r.meta.severity === 'error' && !r.meta.fixedByFormat).map((r) => r.meta.code));

/** The structural errors that stop format from rewriting a file. */
export function blockingFindings(options: InMemory): Promise<Finding[]> {
  return structureCheck(options);
}

/** The structural errors that stop format from rewriting a file, each table's rows also given to `eachRow` (by file name) as they are read. */
async function structureCheck({ model, displayDir, sources, links }: InMemory, eachRow?: (file: string, row: CsvRow) => void): Promise<Finding[]> {
  // Structure rules read no archive.
  const inMemory = tablesInMemory(displayDir, sources, textArchive(displayDir, new Map()), links);
  const files: DataFiles = eachRow
    ? {
        ...inMemory,
        readTable: (file, handlers, readOptions) =>
          inMemory.readTable(
            file,
            {
              ...handlers,
              row: (row) => {
                handlers.row(row);
                eachRow(file, row);
              },
            },
            readOptions,
          ),
      }
    : inMemory;
  const structure = await checkDataset({ model, files, rules: STRUCTURE_RULES, maxFindingsPerRule: 50 });
  return structure.findings.filter((f) => BLOCKING_CODES.has(f.code));
}

/** The file names of the tables that have structural errors. */
export async function blockedFiles(options: InMemory): Promise<Set<string>> {
  const blocking = await blockingFindings(options);
  return new Set(options.model.tables.filter((t) => blocking.some((f) => f.file === displayJoin(options.displayDir, t.file))).map((t) => t.file));
}

/**
 * The canonical form of every table given as bytes, or why a table cannot have one. A file with
 * structural errors (unreadable bytes, broken quotes, unknown or duplicate columns, rows wider than
 * the header) gets none, and its errors are returned instead.
 */
export async function planFormat(options: InMemory): Promise<FormatPlan> {
  const { model, displayDir, sources } = options;
  // Each table read once: its structure checked and its canonical form built as it is read.
  const canonical = new Map(model.tables.map((table) => [table.file, canonicalRows(table, sources.get(table.file)?.length ?? 0)]));
  const blocking = await structureCheck(options, (file, row) => canonical.get(file)?.row(row));
  const results: FormatPlan['results'][number][] = [];
  for (const table of model.tables) {
    const bytes = sources.get(table.file);
    const file = displayJoin(displayDir, table.file);
    if (!bytes) {
      results.push({ table: table.name, file, status: options.links?.has(table.file) ? 'refused' : 'missing' });
      continue;
    }
    if (blocking.some((f) => f.file === file)) {
      results.push({ table: table.name, file, status: 'refused' });
      continue;
    }
    const bytesOut = canonical.get(table.file)!.bytes();
    results.push({ table: table.name, file, status: sameBytes(bytes, bytesOut) ? 'canonical' : 'not-canonical', canonical: bytesOut });
  }
  return { results, blocking };
}

/** The canonical form of a table's bytes, read a row at a time; `eachRow` may change a data row's cells first. */
export async function canonicalBytes(
  table: TableModel,
  bytes: Uint8Array,
  eachRow?: (row: CsvRow, header: readonly string[]) => readonly string[],
): Promise<Uint8Array> {
  const rows = canonicalRows(table, bytes.length, eachRow);
  await readCsvBytes([bytes], rows.row);
  return rows.bytes();
}

/** A table's canonical form as its rows are given, the header first, as read. */
function canonicalRows(
  table: TableModel,
  expectedBytes: number,
  eachRow?: (row: CsvRow, header: readonly string[]) => readonly string[],
): { row(row: CsvRow): void; bytes(): Uint8Array } {
  let builder: CanonicalTableBuilder | undefined;
  let header: readonly string[] = [];
  return {
    row(row) {
      if (builder) builder.add(eachRow ? eachRow(row, header) : row.cells);
      else builder = new CanonicalTableBuilder(table, (header = row.cells), expectedBytes);
    },
    bytes: () => (builder ?? new CanonicalTableBuilder(table, [])).bytes(),
  };
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  // Four bytes at a time where both start on a four-byte boundary (nearly always: a file's bytes).
  if (a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0) {
    const words = a.length >>> 2;
    const wa = new Int32Array(a.buffer, a.byteOffset, words);
    const wb = new Int32Array(b.buffer, b.byteOffset, words);
    for (let w = 0; w < words; w++) if (wa[w] !== wb[w]) return false;
    i = words * 4;
  }
  for (; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
