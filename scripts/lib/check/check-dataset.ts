import type { ErrorObject } from 'ajv';
import { readCsvBytes, type CsvFileFacts, type CsvHandlers, type CsvLayout, type CsvRow, type ReadOptions } from '../read/read-csv.ts';
import { isBlank, mapHeader } from '../read/records.ts';
import { cellValue, columnValidators, type CellValue, type ColumnValidator, type RowRecord } from '../model/cell-validator.ts';
import type { ColumnModel, DatasetModel, TableModel } from '../model/types.ts';
import { displayJoin, type ArchiveReader } from './archive.ts';
import { columnLetters, compareFindings, MAX_VALUE_LENGTH, type Finding, type Location, type Severity } from './finding.ts';
import { countFindings } from './finding.ts';
import { idAsMeant } from './id-as-meant.ts';
import { KeyIndex } from './key-index.ts';
import { CellPrecedence, type FileCells } from './precedence.ts';
import { ValueMemo } from './value-memo.ts';
import { detach } from '../text/detach.ts';
import { RULES } from './rules/index.ts';
import type { CellError, CellUnderCheck, CheckedRow, Rule, RuleContext, RuleHooks, TableFile } from './rule.ts';
import { writeFinding } from './messages.ts';

/**
 * Where the engine reads a dataset from: a data folder on disk (the command line's), or files a person
 * chose in a browser. The engine itself knows nothing of files or paths, nor of how threads are
 * started: a thread is given its share of the rules (`share`).
 */
export interface DataFiles {
  /** How the data folder is shown in findings, e.g. `data`. */
  readonly displayDir: string;
  /** Streams one table into `handlers`, or says why it is not read: there is no such table, or it is a symbolic link (never followed). */
  readTable(file: string, handlers: CsvHandlers, options: ReadOptions): Promise<CsvFileFacts> | TableNotRead;
  readonly archive: ArchiveReader;
}

export type TableNotRead = 'missing' | 'link';

/**
 * Tables held in memory, by file name (a table left out is missing, or one of `links`: a table file
 * found to be a symbolic link, which was not read), and archives read from `archive`.
 */
export function tablesInMemory(
  displayDir: string,
  sources: ReadonlyMap<string, Uint8Array>,
  archive: ArchiveReader,
  links: ReadonlySet<string> = new Set(),
): DataFiles {
  return {
    displayDir,
    readTable: (file, handlers, options) => {
      const bytes = sources.get(file);
      if (!bytes) return links.has(file) ? 'link' : 'missing';
      return readCsvBytes(options.onBytes ? chunksOf(bytes, options.chunkSize ?? 1 << 16, options.onBytes) : [bytes], handlers);
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
  /** For a run split over threads: this thread's share of `rules`. */
  readonly share?: ThreadShare;
}

/**
 * The rules one thread runs, and whether it collects primary keys and resolves references, which
 * costs about a fifth of a thread's time. Where it does not, a rule that reads them is answered with
 * nothing and named in the report's `readKeys`, so that the caller can run it where keys are collected.
 */
export interface ThreadShare {
  readonly rules: readonly Rule[];
  readonly collectKeys: boolean;
}

export interface TableSummary {
  readonly table: string;
  readonly file: string;
  /** The sheet it was read from, when `file` is a workbook. */
  readonly sheet?: string;
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
  /** In a run that did not collect keys: the rules that read them all the same. */
  readonly readKeys?: readonly string[];
}

export const DEFAULT_MAX_FINDINGS_PER_RULE = 1000;
export { MAX_VALUE_LENGTH } from './finding.ts';

/** Reads every table in dependency order, runs every rule, and returns the findings. Throws only on I/O errors. */
export async function checkDataset(options: CheckOptions): Promise<ValidationReport> {
  const { model, files } = options;
  const maxPerRule = options.maxFindingsPerRule ?? DEFAULT_MAX_FINDINGS_PER_RULE;
  const findings: Finding[] = [];
  const omitted = new Map<string, { code: string; severity: Severity; count: number }>();
  const kept = new Map<string, number>();
  const rules = options.rules ?? RULES;
  const running = options.share?.rules ?? rules;
  const collectKeys = options.share?.collectKeys ?? true;
  const keys = new KeyIndex(model);
  const readKeys = new Set<string>();
  const engine: EngineState = { reports: 0, rule: '', current: undefined, row: 0, collectKeys, readKeys, cells: new Map() };
  const validators = await columnValidators(model);
  const base = { model, validators, keys, archive: files.archive, today: options.today ?? Date.now() };
  const precedence = new CellPrecedence(rules, base);
  const hooks: RuleHooks[] = running.map((rule) => {
    const { code, severity } = rule.meta;
    const context: RuleContext = {
      ...base,
      keys: collectKeys ? keys : keysNotCollected(keys, () => readKeys.add(code)),
      report(reported) {
        engine.reports += 1;
        const count = kept.get(code) ?? 0;
        // Past the cap a costly report is built only when its cell could be explained by another finding.
        const built =
          typeof reported !== 'function' ? reported : count < maxPerRule || precedence.mayExplain(code, engine.current, engine.row) ? reported() : undefined;
        if (built && precedence.explains(code, built, engine.cells.get(built.file))) return;
        if (built && count < maxPerRule) {
          kept.set(code, count + 1);
          const finding = writeFinding(rule.meta, built);
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
  const ruleHooks: RuleHook[] = hooks.map((hook, index) => ({ code: running[index]!.meta.code, hook }));
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
      { hooks: ruleHooks, validators: validators.get(table.name)!, keys, engine },
      progress,
    );
    tables.push(summary);
  }
  for (const { code, hook } of ruleHooks) if (hook.end) call(engine, code, () => hook.end!());

  findings.sort(compareFindings);
  const report = { findings, omitted: [...omitted.values()], counts: countFindings(findings, [...omitted.values()]), tables };
  return collectKeys ? report : { ...report, readKeys: [...readKeys] };
}

/** A rule's hooks with its code, so that the engine knows which rule is running. */
interface RuleHook {
  readonly code: string;
  readonly hook: RuleHooks;
}

/** What the engine keeps while it reads: no rule sees it. */
interface EngineState {
  /** Every report, kept or not, so that the engine can tell whether a cell's checks found anything. */
  reports: number;
  /** The code of the rule whose hook is running. */
  rule: string;
  /** The cells of the table file being read, and the data row being read (0 between rows). */
  current: FileCells | undefined;
  row: number;
  readonly collectKeys: boolean;
  readonly readKeys: Set<string>;
  /** Per file (as shown in findings), the cells that decide which finding wins on a cell. */
  readonly cells: Map<string, FileCells>;
}

/** Runs one rule's hook, noting which rule it is (for a rule that reads keys where none are collected). */
function call(engine: EngineState, code: string, run: () => void): void {
  engine.rule = code;
  run();
}

/**
 * The key index of a run that does not collect keys: it stays empty, and each read tells `noteRead`,
 * so that the rule can be run again where keys are collected.
 */
function keysNotCollected(empty: KeyIndex, noteRead: () => void): KeyIndex {
  return new Proxy(empty, {
    get(target, property) {
      noteRead();
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

async function checkTable(
  table: TableModel,
  readTable: (handlers: CsvHandlers) => Promise<CsvFileFacts> | TableNotRead,
  displayPath: string,
  checks: TableChecks,
  progress: { rows: number },
): Promise<TableSummary> {
  const summary = { table: table.name, file: displayPath };
  const { hooks, keys, engine } = checks;
  // Typing and schema-checking a row is the costly part; skip it when no rule looks at rows (format's structure pass).
  const wantsRows = hooks.some(({ hook }) => hook.row || hook.cell);
  const cells: FileCells = { table, cellsChecked: wantsRows, unchecked: new Set(), replaced: new Set() };
  engine.cells.set(displayPath, cells);
  engine.current = cells;
  const fileHooks = (file: TableFile): void => {
    for (const { code, hook } of hooks) if (hook.file) call(engine, code, () => hook.file!(file));
  };
  let plan: RowPlan | undefined;
  let file: TableFile | undefined;
  let layout: CsvLayout | undefined;
  let dataRows = 0;
  // A header inside a merge conflict: the other side's header is no row of the table either.
  let headerConflict: CsvRow['conflict'];
  const sides = new ConflictSides();
  const handlers: CsvHandlers = {
    layout: (found) => void (layout = found),
    row: (raw) => {
      // Git's conflict markers are lines of the file, not rows of the table: only the rule that names the conflict sees them, at the end.
      if (raw.conflictMarker || (headerConflict && raw.conflict?.region === headerConflict.region && raw.conflict.side !== headerConflict.side)) {
        if (file) {
          dataRows += 1;
          progress.rows += 1;
          if (wantsRows) cells.unchecked.add(raw.row);
        }
        return;
      }
      if (!file) {
        headerConflict = raw.conflict;
        file = tableFile(table, displayPath, raw.cells, undefined, layout);
        plan = rowPlan(file, checks);
        fileHooks(file);
        return;
      }
      dataRows += 1;
      progress.rows += 1;
      engine.row = raw.row;
      if (raw.invalidBytes) noteReplaced(cells, raw);
      // Known before any rule reports on the row: the cell checks that run on readable rows only can explain nothing here.
      const readable = wantsRows && isReadable(raw, file);
      if (!readable && wantsRows) cells.unchecked.add(raw.row);
      for (const { code, hook } of plan!.rawRowHooks) {
        engine.rule = code;
        hook.rawRow!(raw, file);
      }
      if (!readable) {
        if (engine.collectKeys && wantsRows && isShifted(raw, file)) keepShiftedKey(table, file, raw, keys);
        return;
      }
      const row = checkedRow(file, raw, plan!, checks);
      if (engine.collectKeys) {
        const key = row.record[table.primaryKey];
        // After the row's own references are resolved, so that a row never finds itself.
        const meant = typeof key === 'string' ? keyAsMeant(key, plan!.keyForm) : undefined;
        row.firstSeen = meant !== undefined && !sides.isOtherVersion(raw, meant) ? keys.add(table.name, meant, raw.row, raw.line) : undefined;
      }
      for (const { code, hook } of plan!.rowHooks) {
        engine.rule = code;
        hook.row!(row);
      }
    },
  };
  const reading = readTable(handlers);
  if (typeof reading === 'string') {
    fileHooks(tableFile(table, displayPath, [], reading));
    return { ...summary, present: false, rows: 0 };
  }
  const facts = await reading;
  engine.row = 0;
  if (!file) {
    file = tableFile(table, displayPath, [], undefined, layout);
    fileHooks(file);
  }
  for (const { code, hook } of hooks) if (hook.fileEnd) call(engine, code, () => hook.fileEnd!(file!, facts));
  return { ...summary, present: true, rows: dataRows };
}

/**
 * The ids of the rows of the merge conflict being read, by side: a row of one side whose id a row of
 * an earlier side has is the same row as the other side changed it, not a second row with that id.
 */
class ConflictSides {
  #region = -1;
  #side: string | undefined;
  readonly #earlier = new Set<string>();
  readonly #current = new Set<string>();

  isOtherVersion(raw: CsvRow, key: string): boolean {
    const { conflict } = raw;
    if (!conflict) return false;
    if (conflict.region !== this.#region) {
      this.#region = conflict.region;
      this.#earlier.clear();
      this.#current.clear();
    } else if (conflict.side !== this.#side) {
      for (const id of this.#current) this.#earlier.add(id);
      this.#current.clear();
    }
    this.#side = conflict.side;
    this.#current.add(key);
    return this.#earlier.has(key);
  }
}

/** Notes the cells of a row in which the reader replaced bytes that were not UTF-8. */
function noteReplaced(cells: FileCells, raw: CsvRow): void {
  raw.cells.forEach((cell, index) => cell.includes('\uFFFD') && cells.replaced.add(`${columnLetters(index)}${raw.row}`));
}

function tableFile(table: TableModel, path: string, header: readonly string[], notRead?: TableNotRead, layout?: CsvLayout): TableFile {
  const columnIndex = mapHeader(table, header);
  const headerUnrecognised = header.length > 0 && columnIndex.size === 0;
  return {
    table,
    path,
    missing: notRead === 'missing',
    link: notRead === 'link',
    header: headerUnrecognised ? [] : header,
    headerUnrecognised,
    columnIndex,
    ...(layout ? { layout } : {}),
  };
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
 * An id as it was meant: `Kebekov` or `islamic_state` where ids are lowercase slugs is recorded as
 * `kebekov` or `islamic-state`, so that its one mistake (invalid-value on the id) does not also make
 * every reference to it unresolved and the row unreferenced.
 */
function keyAsMeant(key: string, form: RegExp | undefined): string {
  return idAsMeant(key, form) ?? key;
}

/** What checking a table's rows needs, shared by all its rows. */
interface TableChecks {
  readonly hooks: readonly RuleHook[];
  readonly validators: ReadonlyMap<string, ColumnValidator>;
  readonly keys: KeyIndex;
  readonly engine: EngineState;
}

/** Per table file, once its header is known: the columns it has, each with its validator and memo, and the hooks to run. */
interface RowPlan {
  readonly columns: readonly PlannedColumn[];
  readonly referenceColumns: readonly ColumnModel[];
  /** The pattern of each reference column's values, to resolve a reference that is not in the form of an id as the id it was meant to be. */
  readonly referenceForms: ReadonlyMap<string, RegExp>;
  readonly keyForm: RegExp | undefined;
  readonly rawRowHooks: readonly RuleHook[];
  readonly cellHooks: readonly RuleHook[];
  readonly rowHooks: readonly RuleHook[];
}

interface PlannedColumn {
  readonly column: ColumnModel;
  readonly index: number;
  readonly validate: ColumnValidator;
  /** Schema errors of a cell text, remembered once the cell hooks (if any run here) found the text clean. */
  readonly memo: ValueMemo<readonly CellError[]>;
}

function rowPlan(file: TableFile, checks: TableChecks): RowPlan {
  const columns = file.table.columns.flatMap((column) => {
    const index = file.columnIndex.get(column.name);
    return index === undefined ? [] : [{ column, index, validate: checks.validators.get(column.name)!, memo: new ValueMemo<readonly CellError[]>() }];
  });
  return {
    columns,
    referenceColumns: file.table.columns.filter((c) => c.references),
    referenceForms: new Map(
      file.table.columns.flatMap((c) => (c.references && c.pattern !== undefined ? [[c.name, new RegExp(c.pattern, 'u')] as const] : [])),
    ),
    keyForm: keyFormOf(file.table),
    rawRowHooks: checks.hooks.filter(({ hook }) => hook.rawRow),
    cellHooks: checks.hooks.filter(({ hook }) => hook.cell),
    rowHooks: checks.hooks.filter(({ hook }) => hook.row),
  };
}

/**
 * Types the row's cells and resolves its references. Where cell hooks run, each cell is checked
 * against its column's schema and those hooks (each distinct text of a column once, while that
 * pays); elsewhere the schema errors are found when a rule first asks for them.
 */
function checkedRow(file: TableFile, raw: CsvRow, plan: RowPlan, checks: TableChecks): Row {
  const record: RowRecord = {};
  const { engine } = checks;
  const row = new Row(file, raw, record, plan, engine);
  const checkCells = plan.cellHooks.length > 0;
  let errors: CellError[] | undefined;
  for (const { column, index, validate, memo } of plan.columns) {
    const cell = raw.cells[index];
    if (cell === undefined || cell === '') {
      if (checkCells && column.required) (errors ??= []).push(requiredError(column));
      continue;
    }
    const value = cellValue(column, cell);
    record[column.name] = value;
    if (!checkCells) continue;
    let cellErrors = memo.get(cell);
    if (cellErrors === undefined) {
      cellErrors = toCellErrors(column, cell, value, validate(value));
      const before = engine.reports;
      const underCheck = new CellOfRow(row, column, cell);
      for (const { code, hook } of plan.cellHooks) {
        engine.rule = code;
        hook.cell!(underCheck);
      }
      if (engine.reports === before) memo.set(cell, cellErrors);
    }
    if (cellErrors.length > 0) (errors ??= []).push(...cellErrors);
  }
  if (checkCells) row.cellErrors = errors ?? NO_ERRORS;
  if (engine.collectKeys) row.references = resolveReferences(record, checks.keys, plan);
  return row;
}

/** The schema errors of a row's cells, for a thread where no cell hook runs (so every text's verdict can be remembered). */
function schemaErrorsOf(raw: CsvRow, record: RowRecord, plan: RowPlan): readonly CellError[] {
  let errors: CellError[] | undefined;
  for (const { column, index, validate, memo } of plan.columns) {
    const cell = raw.cells[index];
    if (cell === undefined || cell === '') {
      if (column.required) (errors ??= []).push(requiredError(column));
      continue;
    }
    let cellErrors = memo.get(cell);
    if (cellErrors === undefined) {
      const value = record[column.name]!;
      memo.set(cell, (cellErrors = toCellErrors(column, cell, value, validate(value))));
    }
    if (cellErrors.length > 0) (errors ??= []).push(...cellErrors);
  }
  return errors ?? NO_ERRORS;
}

const requiredError = (column: ColumnModel): CellError => ({ column, keyword: 'required', value: '', params: { missingProperty: column.name } });

/**
 * Every reference is looked up here, once, whether or not a rule asks: that is what marks keys as
 * referred to. A value that is not in the form of an id (`Islamic-State`) stays unresolved (its one
 * finding is invalid-value), but the id it was meant to be is marked as referred to, so that the
 * slip does not also make that row unreferenced.
 */
function resolveReferences(record: RowRecord, keys: KeyIndex, plan: RowPlan): ReadonlyMap<string, (string | undefined)[]> {
  let resolved: Map<string, (string | undefined)[]> | undefined;
  for (const column of plan.referenceColumns) {
    const value = record[column.name];
    if (value === undefined) continue;
    resolved ??= new Map();
    const items = typeof value === 'string' ? [value] : value;
    const tables: (string | undefined)[] = new Array(items.length);
    for (let i = 0; i < items.length; i++) {
      tables[i] = keys.resolve(column.references!, items[i]!);
      if (tables[i] === undefined) {
        const meant = idAsMeant(items[i]!, plan.referenceForms.get(column.name));
        if (meant !== undefined) keys.resolve(column.references!, meant);
      }
    }
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
  /** Undefined in a run that does not resolve references. */
  references: ReadonlyMap<string, (string | undefined)[]> | undefined;
  firstSeen: number | undefined;

  constructor(
    readonly file: TableFile,
    readonly raw: CsvRow,
    readonly record: RowRecord,
    private readonly plan: RowPlan,
    private readonly engine: EngineState,
  ) {}

  get cellErrors(): readonly CellError[] {
    return (this.#cellErrors ??= schemaErrorsOf(this.raw, this.record, this.plan));
  }

  set cellErrors(errors: readonly CellError[]) {
    this.#cellErrors = errors;
  }

  resolved(column: string): readonly (string | undefined)[] {
    if (!this.references) this.engine.readKeys.add(this.engine.rule);
    return this.references?.get(column) ?? NOTHING;
  }

  get keyFirstSeen(): number | undefined {
    if (!this.engine.collectKeys) this.engine.readKeys.add(this.engine.rule);
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

/** A cell as its `cell` hooks see it. */
class CellOfRow implements CellUnderCheck {
  constructor(
    private readonly row: Row,
    readonly column: ColumnModel,
    readonly text: string,
  ) {}

  at(value?: string): Location {
    return this.row.at(this.column.name, value ?? this.text);
  }
}

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
