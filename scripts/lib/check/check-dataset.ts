import type { ErrorObject } from 'ajv';
import { readCsvBytes, type CsvFileFacts, type CsvHandlers, type CsvLayout, type CsvRow, type ReadOptions } from '../read/read-csv.ts';
import { isBlank, mapHeader } from '../read/records.ts';
import { cellValue, columnValidators, type CellValue, type ColumnValidator, type RowRecord } from '../model/cell-validator.ts';
import type { ColumnModel, DatasetModel, TableModel } from '../model/types.ts';
import { displayJoin, type ArchiveReader } from './archive.ts';
import { columnLetters, compareFindings, type Finding, type Location, type Severity } from './finding.ts';
import { countFindings, withoutConsequences } from './consequences.ts';
import { KeyIndex } from './key-index.ts';
import { ValueMemo } from './value-memo.ts';
import { detach } from '../text/detach.ts';
import { RULES } from './rules/index.ts';
import type { CellError, CheckedRow, Rule, RuleContext, RuleHooks, TableFile } from './rule.ts';
import { writeFinding } from './messages.ts';

/**
 * Where the engine reads a dataset from: a data folder on disk (the command line's), or files a person
 * chose in a browser. The engine itself knows nothing of files, paths or threads.
 */
export interface DataFiles {
  /** How the data folder is shown in findings, e.g. `data`. */
  readonly displayDir: string;
  /** Streams one table into `handlers`, or returns undefined when there is no such table. */
  readTable(file: string, handlers: CsvHandlers, options: ReadOptions): Promise<CsvFileFacts> | undefined;
  readonly archive: ArchiveReader;
}

/** Tables held in memory, by file name (a table left out is missing), and archives read from `archive`. */
export function tablesInMemory(displayDir: string, sources: ReadonlyMap<string, Uint8Array>, archive: ArchiveReader): DataFiles {
  return {
    displayDir,
    readTable: (file, handlers, options) => {
      const bytes = sources.get(file);
      return bytes ? readCsvBytes(options.onBytes ? chunksOf(bytes, options.chunkSize ?? 1 << 16, options.onBytes) : [bytes], handlers) : undefined;
    },
    archive,
  };
}

/** The bytes a chunk at a time, each counted as it is read, so that progress can be shown as for a file. */
function* chunksOf(bytes: Uint8Array, size: number, onBytes: (bytes: number) => void): Generator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) {
    const chunk = bytes.subarray(at, at + size);
    onBytes(chunk.length);
    yield chunk;
  }
}

export interface CheckOptions {
  readonly model: DatasetModel;
  readonly files: DataFiles;
  readonly rules?: readonly Rule[];
  /** Milliseconds since the epoch; defaults to now. */
  readonly today?: number;
  /** Findings kept per rule code; the rest are only counted. */
  readonly maxFindingsPerRule?: number;
  /** Bytes per read; only tests change it, to show that findings do not depend on it. */
  readonly chunkSize?: number;
  /** Told, chunk by chunk, how many bytes and rows have been read so far in all tables. */
  readonly onProgress?: (progress: { readonly bytes: number; readonly rows: number }) => void;
  /**
   * Which shared work the engine does for the rules: primary keys and references (`keys`), schema
   * checks of cells (`schema`). Both by default; a worker running only some rules skips what none of
   * them uses, and a rule reading what was skipped throws rather than see nothing.
   */
  readonly work?: EngineWork;
}

export interface EngineWork {
  readonly keys: boolean;
  readonly schema: boolean;
}

const ALL_WORK: EngineWork = { keys: true, schema: true };

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
export async function checkDataset(options: CheckOptions): Promise<ValidationReport> {
  const { model, files } = options;
  const maxPerRule = options.maxFindingsPerRule ?? DEFAULT_MAX_FINDINGS_PER_RULE;
  const findings: Finding[] = [];
  const omitted = new Map<string, { code: string; severity: Severity; count: number }>();
  const kept = new Map<string, number>();
  const work = options.work ?? ALL_WORK;
  const rules = options.rules ?? RULES;
  const keysSkipped = rules.find((rule) => !work.keys && rule.meta.usesKeys);
  if (keysSkipped) throw new Error(`rule ${keysSkipped.meta.code} uses keys, which this run does not collect`);
  const keys = new KeyIndex(model);
  // Counts every report, kept or not, so the engine can tell whether a cell's checks found anything.
  const tally = { reports: 0 };
  // The cells of the row being read that hold bytes that are not UTF-8: findings of other rules there are consequences.
  const damage: RowDamage = { file: '', row: 0, cells: undefined };
  const outranking = new Set(rules.filter((rule) => rule.meta.outranksOnCell).map((rule) => rule.meta.code));
  const validators = await columnValidators(model);
  const base = {
    model,
    validators,
    keys: work.keys ? keys : refusingKeys(),
    archive: files.archive,
    today: options.today ?? Date.now(),
  };
  const hooks: RuleHooks[] = rules.map((rule) => {
    const { code, severity } = rule.meta;
    const outranks = outranking.has(code);
    const context: RuleContext = {
      ...base,
      report(reported) {
        tally.reports += 1;
        if (damage.cells && !outranks) {
          reported = typeof reported === 'function' ? reported() : reported;
          if (reported.file === damage.file && reported.row === damage.row && reported.cell && damage.cells.has(reported.cell)) return;
        }
        const count = kept.get(code) ?? 0;
        if (count < maxPerRule) {
          kept.set(code, count + 1);
          const finding = writeFinding(rule.meta, typeof reported === 'function' ? reported() : reported);
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
    const summary = await checkTable(
      table,
      (handlers) => files.readTable(table.file, handlers, read),
      displayJoin(files.displayDir, table.file),
      { hooks, validators: validators.get(table.name)!, keys, tally, work, damage },
      progress,
    );
    tables.push(summary);
  }
  for (const hook of hooks) hook.end?.();

  const reported = withoutConsequences(findings, outranking).sort(compareFindings);
  return { findings: reported, omitted: [...omitted.values()], counts: countFindings(reported, [...omitted.values()]), tables };
}

/** Which cells of the row being read hold bytes that are not UTF-8 (undefined when none). */
interface RowDamage {
  file: string;
  row: number;
  cells: Set<string> | undefined;
}

async function checkTable(
  table: TableModel,
  readTable: (handlers: CsvHandlers) => Promise<CsvFileFacts> | undefined,
  displayPath: string,
  checks: TableChecks,
  progress: { rows: number },
): Promise<TableSummary> {
  const summary = { table: table.name, file: displayPath };
  const { hooks, keys } = checks;
  // Typing and schema-checking a row is the costly part; skip it when no rule looks at rows (format's structure pass).
  const wantsRows = hooks.some((hook) => hook.row || hook.cell);
  let plan: RowPlan | undefined;
  let file: TableFile | undefined;
  let layout: CsvLayout | undefined;
  let dataRows = 0;
  const handlers: CsvHandlers = {
    layout: (found) => void (layout = found),
    row: (raw) => {
      if (!file) {
        file = tableFile(table, displayPath, raw.cells, false, layout);
        plan = rowPlan(file, checks);
        for (const hook of hooks) hook.file?.(file);
        return;
      }
      dataRows += 1;
      progress.rows += 1;
      markDamage(checks.damage, file.path, raw);
      for (const hook of plan!.rawRowHooks) hook.rawRow!(raw, file);
      if (!isReadable(raw, file) || !wantsRows) {
        if (checks.work.keys && wantsRows && isShifted(raw, file)) keepShiftedKey(table, file, raw, keys);
        return;
      }
      const row = checkedRow(file, raw, plan!, checks);
      if (checks.work.keys) {
        const key = row.record[table.primaryKey];
        // After the row's own references are resolved, so that a row never finds itself.
        row.firstSeen = typeof key === 'string' ? keys.add(table.name, keyAsMeant(key, plan!.keyForm), raw.row, raw.line) : undefined;
      }
      for (const hook of plan!.rowHooks) hook.row!(row);
    },
  };
  const reading = readTable(handlers);
  if (!reading) {
    const missing = tableFile(table, displayPath, [], true);
    for (const hook of hooks) hook.file?.(missing);
    return { ...summary, present: false, rows: 0 };
  }
  const facts = await reading;
  checks.damage.cells = undefined;
  if (!file) {
    file = tableFile(table, displayPath, [], false, layout);
    for (const hook of hooks) hook.file?.(file);
  }
  for (const hook of hooks) hook.fileEnd?.(file, facts);
  return { ...summary, present: true, rows: dataRows };
}

function markDamage(damage: RowDamage, path: string, raw: CsvRow): void {
  if (!raw.invalidBytes) {
    damage.cells = undefined;
    return;
  }
  damage.file = path;
  damage.row = raw.row;
  damage.cells = new Set();
  raw.cells.forEach((cell, index) => cell.includes('\uFFFD') && damage.cells!.add(`${columnLetters(index)}${raw.row}`));
}

/** Stands in for the key index in runs that do not collect keys: a rule that reads it without declaring `usesKeys` fails. */
function refusingKeys(): KeyIndex {
  return new Proxy({} as KeyIndex, {
    get() {
      throw new Error('a rule read keys in a run that does not collect them; declare usesKeys in its meta');
    },
  });
}

function tableFile(table: TableModel, path: string, header: readonly string[], missing: boolean, layout?: CsvLayout): TableFile {
  const columnIndex = mapHeader(table, header);
  const headerUnrecognised = header.length > 0 && columnIndex.size === 0;
  return { table, path, missing, header: headerUnrecognised ? [] : header, headerUnrecognised, columnIndex, ...(layout ? { layout } : {}) };
}

/** Rows whose cells cannot be trusted (blank, broken quotes, no header to map them) get only structure findings. */
function isReadable(raw: CsvRow, file: TableFile): boolean {
  return file.columnIndex.size > 0 && raw.quoteProblem !== 'unterminated' && raw.quoteProblem !== 'malformed' && !isBlank(raw.cells) && !isShifted(raw, file);
}

/** More cells than the header: a comma split a cell, and the cells after it are in the wrong columns (too-many-cells says where). */
function isShifted(raw: CsvRow, file: TableFile): boolean {
  return file.header.length > 0 && raw.cells.length > file.header.length;
}

/**
 * A shifted row's id, when it is the first cell: no comma before it can have moved it, so the
 * references to the row still resolve and its one mistake gives one finding.
 */
function keepShiftedKey(table: TableModel, file: TableFile, raw: CsvRow, keys: KeyIndex): void {
  const key = file.columnIndex.get(table.primaryKey) === 0 ? raw.cells[0] : undefined;
  if (key) keys.add(table.name, keyAsMeant(key, keyFormOf(table)), raw.row, raw.line);
}

/** The pattern of a table's primary key, if it has one. */
function keyFormOf(table: TableModel): RegExp | undefined {
  const pattern = table.columns.find((c) => c.name === table.primaryKey)?.pattern;
  return pattern === undefined ? undefined : new RegExp(pattern, 'u');
}

/**
 * An id as it was meant: `Kebekov` where ids are lowercase is recorded as `kebekov`, so that its one
 * mistake (invalid-value on the id) does not also make every reference to it unresolved and the row
 * unreferenced.
 */
function keyAsMeant(key: string, form: RegExp | undefined): string {
  // toLowerCase returns the same string when nothing changes, so a valid id costs one comparison.
  const lower = key.toLowerCase();
  return lower === key || !form || form.test(key) || !form.test(lower) ? key : lower;
}

/** What checking a table's rows needs, shared by all its rows. */
interface TableChecks {
  readonly hooks: readonly RuleHooks[];
  readonly validators: ReadonlyMap<string, ColumnValidator>;
  readonly keys: KeyIndex;
  readonly tally: { readonly reports: number };
  readonly work: EngineWork;
  readonly damage: RowDamage;
}

/** Per table file, once its header is known: the columns it has, each with its validator and memo, and the hooks to run. */
interface RowPlan {
  readonly columns: readonly {
    readonly column: ColumnModel;
    readonly index: number;
    readonly validate: ColumnValidator;
    /** Schema errors of a cell text, remembered once the cell hooks found the text clean. */
    readonly memo: ValueMemo<readonly CellError[]>;
  }[];
  readonly referenceColumns: readonly ColumnModel[];
  readonly keyForm: RegExp | undefined;
  readonly rawRowHooks: readonly RuleHooks[];
  readonly cellHooks: readonly RuleHooks[];
  readonly rowHooks: readonly RuleHooks[];
}

function rowPlan(file: TableFile, checks: TableChecks): RowPlan {
  const columns = file.table.columns.flatMap((column) => {
    const index = file.columnIndex.get(column.name);
    return index === undefined ? [] : [{ column, index, validate: checks.validators.get(column.name)!, memo: new ValueMemo<readonly CellError[]>() }];
  });
  return {
    columns,
    referenceColumns: file.table.columns.filter((c) => c.references),
    keyForm: keyFormOf(file.table),
    rawRowHooks: checks.hooks.filter((hook) => hook.rawRow),
    cellHooks: checks.work.schema ? checks.hooks.filter((hook) => hook.cell) : [],
    rowHooks: checks.hooks.filter((hook) => hook.row),
  };
}

/**
 * Types the row's cells, checks each against its column's schema and cell rules (each distinct text
 * of a column once, while that pays), and resolves its references.
 */
function checkedRow(file: TableFile, raw: CsvRow, plan: RowPlan, checks: TableChecks): Row {
  const record: RowRecord = {};
  const row = new Row(file, raw, record);
  let errors: CellError[] | undefined;
  for (const { column, index, validate, memo } of plan.columns) {
    const cell = raw.cells[index];
    if (cell === undefined || cell === '') {
      if (column.required) (errors ??= []).push({ column, keyword: 'required', value: '', params: { missingProperty: column.name } });
      continue;
    }
    const value = cellValue(column, cell);
    record[column.name] = value;
    if (!checks.work.schema) continue;
    let cellErrors = memo.get(cell);
    if (cellErrors === undefined) {
      cellErrors = toCellErrors(column, cell, value, validate(value));
      const before = checks.tally.reports;
      for (const hook of plan.cellHooks) hook.cell!(row, column, cell);
      if (checks.tally.reports === before) memo.set(cell, cellErrors);
    }
    if (cellErrors.length > 0) (errors ??= []).push(...cellErrors);
  }
  if (checks.work.schema) row.cellErrors = errors ?? NO_ERRORS;
  if (checks.work.keys) row.references = resolveReferences(record, checks.keys, plan.referenceColumns);
  return row;
}

/** Every reference is looked up here, once, whether or not a rule asks: that is what marks keys as referred to. */
function resolveReferences(record: RowRecord, keys: KeyIndex, referenceColumns: readonly ColumnModel[]): ReadonlyMap<string, (string | undefined)[]> {
  let resolved: Map<string, (string | undefined)[]> | undefined;
  for (const column of referenceColumns) {
    const value = record[column.name];
    if (value === undefined) continue;
    resolved ??= new Map();
    const items = typeof value === 'string' ? [value] : value;
    const tables: (string | undefined)[] = new Array(items.length);
    for (let i = 0; i < items.length; i++) tables[i] = keys.resolve(column.references!, items[i]!);
    resolved.set(column.name, tables);
  }
  return resolved ?? NO_REFERENCES;
}

const NO_REFERENCES: ReadonlyMap<string, (string | undefined)[]> = new Map();

const NO_ERRORS: readonly CellError[] = [];

/** A data row as rules see it; a class, so the million rows of a large file share their methods. */
class Row implements CheckedRow {
  #filled: CheckedRow['filled'] | undefined;
  #cellErrors: readonly CellError[] | undefined;
  /** Undefined when the run does not resolve references. */
  references: ReadonlyMap<string, (string | undefined)[]> | undefined;
  /** Null when the run does not collect keys. */
  firstSeen: number | undefined | null = null;

  constructor(
    readonly file: TableFile,
    readonly raw: CsvRow,
    readonly record: RowRecord,
  ) {}

  get cellErrors(): readonly CellError[] {
    if (!this.#cellErrors) throw new Error('a rule read schema errors in a run that does not check the schema');
    return this.#cellErrors;
  }

  set cellErrors(errors: readonly CellError[]) {
    this.#cellErrors = errors;
  }

  resolved(column: string): readonly (string | undefined)[] {
    if (!this.references) throw new Error('a rule read references in a run that does not resolve them');
    return this.references.get(column) ?? NOTHING;
  }

  get keyFirstSeen(): number | undefined {
    if (this.firstSeen === null) throw new Error('a rule read keys in a run that does not collect them; declare usesKeys in its meta');
    return this.firstSeen;
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

/** Narrows ajv's errors for one cell to one per cell (or list item), the first in schema order. */
function toCellErrors(column: ColumnModel, cell: string, value: CellValue, errors: readonly ErrorObject[]): readonly CellError[] {
  if (errors.length === 0) return NO_ERRORS;
  const seen = new Set<string>();
  const cellErrors: CellError[] = [];
  for (const error of errors) {
    const item = error.instancePath.split('/')[1];
    if (seen.has(error.instancePath) || (item === undefined && seen.has('/*'))) continue;
    seen.add(error.instancePath);
    if (item !== undefined) seen.add('/*');
    cellErrors.push({
      column,
      keyword: error.keyword,
      value: item === undefined || typeof value === 'string' ? cell : (value[Number(item)] ?? ''),
      ...(item === undefined ? {} : { item: Number(item) }),
      params: error.params,
    });
  }
  return cellErrors;
}
