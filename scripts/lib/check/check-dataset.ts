import { readCsvBytes, type CsvFileFacts, type CsvHandlers, type CsvLayout, type CsvRow, type ReadOptions } from '../read/read-csv.ts';
import { isBlank, mapHeader } from '../read/records.ts';
import { columnValidators } from '../model/cell-validator.ts';
import type { DatasetModel, TableModel } from '../model/types.ts';
import { displayJoin, type ArchiveReader } from './archive.ts';
import { checkedRow, keptFinding, keyAsMeant, keyFormOf, rowPlan, type EngineState, type RowPlan, type RuleHook, type TableChecks } from './checked-row.ts';
import { columnLetters, compareFindings, countFindings, type Finding, type Severity } from './finding.ts';
import { KeyIndex } from './key-index.ts';
import { CellPrecedence, type FileCells } from './precedence.ts';
import { RULES } from './rules/index.ts';
import type { Rule, RuleContext, RuleHooks, TableFile } from './rule.ts';
import { writeFinding } from './messages.ts';
import { hooksOf } from './define-rule.ts';

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
  /**
   * Checks the contract of `cell` hooks (tests set it): every cell they check is checked twice more
   * first, and a hook that reports differently the second time is refused with an error naming it.
   */
  readonly checkCellHooks?: boolean;
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
  const engine: EngineState = {
    reports: 0,
    rule: '',
    current: undefined,
    row: 0,
    collectKeys,
    readKeys,
    cells: new Map(),
    checkCellHooks: options.checkCellHooks === true,
    captured: undefined,
  };
  const validators = await columnValidators(model);
  const base = { model, validators, keys, archive: files.archive, today: options.today ?? Date.now() };
  const precedence = new CellPrecedence(rules, base);
  const hooks: RuleHooks[] = running.map((rule) => {
    const { code, severity } = rule.meta;
    const context: RuleContext = {
      ...base,
      keys: collectKeys ? keys : keysNotCollected(keys, () => readKeys.add(code)),
      report(reported) {
        if (engine.captured) return void engine.captured.push({ code, finding: typeof reported === 'function' ? reported() : reported });
        engine.reports += 1;
        const count = kept.get(code) ?? 0;
        // Past the cap a costly report is built only when its cell could be explained by another finding.
        const built =
          typeof reported !== 'function' ? reported : count < maxPerRule || precedence.mayExplain(code, engine.current, engine.row) ? reported() : undefined;
        if (built && precedence.explains(code, built, engine.cells.get(built.file))) return;
        if (built && count < maxPerRule) {
          kept.set(code, count + 1);
          findings.push(keptFinding(code, severity, writeFinding(rule.meta, built)));
        } else {
          const entry = omitted.get(code) ?? { code, severity, count: 0 };
          entry.count += 1;
          omitted.set(code, entry);
        }
      },
    };
    return hooksOf(rule, context);
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
