import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorObject } from 'ajv';
import { readCsv, type CsvLayout, type CsvRow, type ReadOptions } from '../read/read-csv.ts';
import { mapHeader, toRecord } from '../read/records.ts';
import { compileRowValidators, type RowRecord, type RowValidator } from '../model/row-validator.ts';
import type { ColumnModel, DatasetModel, TableModel } from '../model/types.ts';
import { fileArchive, type ArchiveReader } from './archive.ts';
import { columnLetters, compareFindings, type Finding, type Location, type Severity } from './finding.ts';
import { KeyIndex } from './key-index.ts';
import { detach } from '../text/detach.ts';
import { RULES } from './rules/index.ts';
import type { CellError, CheckedRow, Rule, RuleContext, RuleHooks, TableFile } from './rule.ts';

export interface ValidateOptions {
  readonly model: DatasetModel;
  /** Directory holding the tables (and archive/). */
  readonly dataDir: string;
  /** How dataDir is shown in findings, e.g. `data`; defaults to dataDir. */
  readonly displayDir?: string;
  readonly rules?: readonly Rule[];
  /** Milliseconds since the epoch; defaults to now. */
  readonly today?: number;
  /** Findings kept per rule code; the rest are only counted. */
  readonly maxFindingsPerRule?: number;
  readonly archive?: ArchiveReader;
  /** Bytes per read; only tests change it, to show that findings do not depend on it. */
  readonly chunkSize?: number;
  /** Told, chunk by chunk, how many bytes and rows have been read so far in all tables. */
  readonly onProgress?: (progress: { readonly bytes: number; readonly rows: number }) => void;
}

export interface TableSummary {
  readonly table: string;
  readonly file: string;
  readonly present: boolean;
  /** Data rows read, the header not counted. */
  readonly rows: number;
}

export interface ValidationReport {
  /** Sorted by file, row and column. */
  readonly findings: readonly Finding[];
  /** Findings past the per-rule cap, counted but not kept. */
  readonly omitted: readonly { readonly code: string; readonly severity: Severity; readonly count: number }[];
  readonly counts: Readonly<Record<Severity, number>>;
  readonly tables: readonly TableSummary[];
}

export const DEFAULT_MAX_FINDINGS_PER_RULE = 1000;
/** Longest cell value a finding repeats; longer ones are cut and end with `…`. */
export const MAX_VALUE_LENGTH = 200;

/** Reads every table in dependency order, runs every rule, and returns the findings. Throws only on I/O errors. */
export async function validateDataset(options: ValidateOptions): Promise<ValidationReport> {
  const { model, dataDir } = options;
  const displayDir = options.displayDir ?? dataDir;
  const maxPerRule = options.maxFindingsPerRule ?? DEFAULT_MAX_FINDINGS_PER_RULE;
  const findings: Finding[] = [];
  const omitted = new Map<string, { code: string; severity: Severity; count: number }>();
  const kept = new Map<string, number>();
  const keys = new KeyIndex();
  const base = {
    model,
    keys,
    archive: options.archive ?? fileArchive(dataDir, displayDir),
    today: options.today ?? Date.now(),
  };
  const hooks: RuleHooks[] = (options.rules ?? RULES).map((rule) => {
    const { code, severity } = rule.meta;
    const context: RuleContext = {
      ...base,
      report(reported) {
        const count = kept.get(code) ?? 0;
        if (count < maxPerRule) {
          kept.set(code, count + 1);
          const finding = typeof reported === 'function' ? reported() : reported;
          // A 20 MB cell must not make a 20 MB report.
          const value = finding.value !== undefined && finding.value.length > MAX_VALUE_LENGTH ? `${finding.value.slice(0, MAX_VALUE_LENGTH)}…` : finding.value;
          // Kept findings must not hold on to the chunks of file text their strings were cut from.
          findings.push({
            code,
            severity,
            ...finding,
            message: detach(finding.message),
            ...(finding.hint !== undefined ? { hint: detach(finding.hint) } : {}),
            ...(value !== undefined ? { value: detach(value) } : {}),
          });
        } else {
          const entry = omitted.get(code) ?? { code, severity, count: 0 };
          entry.count += 1;
          omitted.set(code, entry);
        }
      },
    };
    return rule.create(context);
  });
  const validators = compileRowValidators(model);
  const tables: TableSummary[] = [];
  const progress = { bytes: 0, rows: 0 };
  const read = {
    ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}),
    ...(options.onProgress
      ? {
          onBytes: (bytes: number) => {
            progress.bytes += bytes;
            options.onProgress!(progress);
          },
        }
      : {}),
  };
  for (const table of model.tables) {
    const summary = await checkTable(table, join(dataDir, table.file), join(displayDir, table.file), hooks, validators.get(table.name)!, keys, read, progress);
    tables.push(summary);
  }
  for (const hook of hooks) hook.end?.();

  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  for (const entry of omitted.values()) counts[entry.severity] += entry.count;
  return { findings: findings.sort(compareFindings), omitted: [...omitted.values()], counts, tables };
}

async function checkTable(
  table: TableModel,
  path: string,
  displayPath: string,
  hooks: readonly RuleHooks[],
  validate: RowValidator,
  keys: KeyIndex,
  read: ReadOptions,
  progress: { rows: number },
): Promise<TableSummary> {
  const summary = { table: table.name, file: displayPath };
  // Typing and schema-checking a row is the costly part; skip it when no rule looks at rows (format's structure pass).
  const wantsRows = hooks.some((hook) => hook.row);
  const referenceColumns = table.columns.filter((c) => c.references);
  if (!existsSync(path)) {
    const file = tableFile(table, displayPath, [], true);
    for (const hook of hooks) hook.file?.(file);
    return { ...summary, present: false, rows: 0 };
  }
  let file: TableFile | undefined;
  let layout: CsvLayout | undefined;
  let dataRows = 0;
  const facts = await readCsv(
    path,
    {
      layout: (found) => void (layout = found),
      row: (raw) => {
        if (!file) {
          file = tableFile(table, displayPath, raw.cells, false, layout);
          for (const hook of hooks) hook.file?.(file);
          return;
        }
        dataRows += 1;
        progress.rows += 1;
        for (const hook of hooks) hook.rawRow?.(raw, file);
        if (!isReadable(raw, file) || !wantsRows) return;
        const row = checkedRow(file, raw, validate, keys, referenceColumns);
        for (const hook of hooks) hook.row?.(row);
        const key = row.record[table.primaryKey];
        if (typeof key === 'string') keys.add(table.name, key, raw.row, raw.line);
      },
    },
    read,
  );
  if (!file) {
    file = tableFile(table, displayPath, [], false, layout);
    for (const hook of hooks) hook.file?.(file);
  }
  for (const hook of hooks) hook.fileEnd?.(file, facts);
  return { ...summary, present: true, rows: dataRows };
}

function tableFile(table: TableModel, path: string, header: readonly string[], missing: boolean, layout?: CsvLayout): TableFile {
  const columnIndex = mapHeader(table, header);
  const headerUnrecognised = header.length > 0 && columnIndex.size === 0;
  return { table, path, missing, header: headerUnrecognised ? [] : header, headerUnrecognised, columnIndex, ...(layout ? { layout } : {}) };
}

/** Rows whose cells cannot be trusted (blank, broken quotes, no header to map them) get only structure findings. */
function isReadable(raw: CsvRow, file: TableFile): boolean {
  return file.columnIndex.size > 0 && raw.quoteProblem !== 'unterminated' && raw.quoteProblem !== 'malformed' && !isBlank(raw.cells);
}

export function isBlank(cells: readonly string[]): boolean {
  return cells.every((cell) => cell === '');
}

function checkedRow(file: TableFile, raw: CsvRow, validate: RowValidator, keys: KeyIndex, referenceColumns: readonly ColumnModel[]): CheckedRow {
  const record = toRecord(file.table, file.columnIndex, raw.cells);
  const errors = validate(record);
  return new Row(file, raw, record, errors.length ? toCellErrors(file, record, errors) : NO_ERRORS, resolveReferences(record, keys, referenceColumns));
}

/** Every reference is looked up here, once, whether or not a rule asks: that is what marks keys as referred to. */
function resolveReferences(record: RowRecord, keys: KeyIndex, referenceColumns: readonly ColumnModel[]): Map<string, (string | undefined)[]> | undefined {
  let resolved: Map<string, (string | undefined)[]> | undefined;
  for (const column of referenceColumns) {
    const value = record[column.name];
    if (value === undefined) continue;
    resolved ??= new Map();
    resolved.set(
      column.name,
      typeof value === 'string' ? [keys.resolve(column.references!, value)] : value.map((item) => keys.resolve(column.references!, item)),
    );
  }
  return resolved;
}

const NO_ERRORS: readonly CellError[] = [];

/** A data row as rules see it; a class, so the million rows of a large file share their methods. */
class Row implements CheckedRow {
  #filled: CheckedRow['filled'] | undefined;

  constructor(
    readonly file: TableFile,
    readonly raw: CsvRow,
    readonly record: RowRecord,
    readonly cellErrors: readonly CellError[],
    readonly references: Map<string, (string | undefined)[]> | undefined,
  ) {}

  resolved(column: string): readonly (string | undefined)[] {
    return this.references?.get(column) ?? NOTHING;
  }

  get filled(): CheckedRow['filled'] {
    if (!this.#filled) {
      const filled: { column: ColumnModel; cell: string }[] = [];
      for (const column of this.file.table.columns) {
        const index = this.file.columnIndex.get(column.name);
        const cell = index === undefined ? undefined : this.raw.cells[index];
        if (cell) filled.push({ column, cell });
      }
      this.#filled = filled;
    }
    return this.#filled;
  }

  at(column: string, value?: string): Location {
    const index = this.file.columnIndex.get(column);
    const cell = index === undefined ? undefined : this.raw.cells[index];
    return {
      file: this.file.path,
      row: this.raw.row,
      line: this.raw.line,
      column,
      ...(index === undefined ? {} : { cell: `${columnLetters(index)}${this.raw.row}` }),
      ...(value !== undefined ? { value } : cell !== undefined ? { value: cell } : {}),
    };
  }
}

const NOTHING: readonly (string | undefined)[] = [];

/** Narrows ajv's errors to one per cell (or list item), the first in schema order. */
function toCellErrors(file: TableFile, record: RowRecord, errors: readonly ErrorObject[]): CellError[] {
  const seen = new Set<string>();
  const cellErrors: CellError[] = [];
  for (const error of errors) {
    const [, name, item] = error.instancePath.split('/');
    const columnName = error.keyword === 'required' ? String(error.params.missingProperty) : name;
    const column = file.table.columns.find((c) => c.name === columnName);
    // A column missing from the header is reported once, by missing-column, not once per row.
    if (!column || !file.columnIndex.has(column.name)) continue;
    const where = error.keyword === 'required' ? `/${column.name}` : error.instancePath;
    if (seen.has(where) || (item === undefined && seen.has(`/${column.name}/*`))) continue;
    seen.add(where);
    if (item !== undefined) seen.add(`/${column.name}/*`);
    cellErrors.push({
      column,
      keyword: error.keyword,
      value: cellValue(record[column.name], item),
      ...(item === undefined ? {} : { item: Number(item) }),
      params: error.params,
    });
  }
  return cellErrors;
}

function cellValue(value: string | string[] | undefined, item: string | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return item === undefined ? value.join('|') : (value[Number(item)] ?? '');
}
