import type { ErrorObject } from 'ajv';
import type { CsvRow } from '../read/read-csv.ts';
import { cellValue, type CellValue, type ColumnValidator, type RowRecord } from '../model/cell-validator.ts';
import type { ColumnModel, TableModel } from '../model/types.ts';
import { columnLetters, MAX_VALUE_LENGTH, type Finding, type Location, type Severity } from './finding.ts';
import { idAsMeant } from './id-as-meant.ts';
import type { KeyIndex } from './key-index.ts';
import type { FileCells } from './precedence.ts';
import { ValueMemo } from './value-memo.ts';
import { detach } from '../text/detach.ts';
import type { CellError, CellUnderCheck, CheckedRow, RuleHooks, TableFile } from './rule.ts';

/**
 * What the engine puts behind the row and cell interfaces rules see (rule.ts), so that rules never
 * need to know how it goes fast: each column's memo of a text's verdict (cell hooks are pure, so a
 * text is checked once), rows typed and schema-checked lazily, references resolved once per row, and
 * findings kept detached from the file text they were cut from. check-dataset.ts is the pipeline.
 */

/** A finding as kept: a 20 MB cell must not make a 20 MB report, nor may its strings hold on to the chunks of file text they were cut from. */
export function keptFinding(code: string, severity: Severity, finding: Omit<Finding, 'code' | 'severity'>): Finding {
  const value = finding.value !== undefined && finding.value.length > MAX_VALUE_LENGTH ? `${finding.value.slice(0, MAX_VALUE_LENGTH)}…` : finding.value;
  return {
    code,
    severity,
    ...finding,
    message: detach(finding.message),
    ...(finding.hint !== undefined ? { hint: detach(finding.hint) } : {}),
    ...(value !== undefined ? { value: detach(value) } : {}),
  };
}

/** A rule's hooks with its code, so that the engine knows which rule is running. */
export interface RuleHook {
  readonly code: string;
  readonly hook: RuleHooks;
}

/** What the engine keeps while it reads: no rule sees it. */
export interface EngineState {
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
  /** Cell hooks are run twice more on each cell first, to refuse one that is not pure (tests). */
  readonly checkCellHooks: boolean;
  /** While set, reports are collected here instead of recorded: the purity check's runs. */
  captured: { readonly code: string; readonly finding: unknown }[] | undefined;
}

/** The pattern of a table's primary key, if it has one. */
export function keyFormOf(table: TableModel): RegExp | undefined {
  const pattern = table.columns.find((c) => c.name === table.primaryKey)?.pattern;
  return pattern === undefined ? undefined : new RegExp(pattern, 'u');
}

/**
 * An id as it was meant: `Kebekov` or `islamic_state` where ids are lowercase slugs is recorded as
 * `kebekov` or `islamic-state`, so that its one mistake (invalid-value on the id) does not also make
 * every reference to it unresolved and the row unreferenced.
 */
export function keyAsMeant(key: string, form: RegExp | undefined): string {
  return idAsMeant(key, form) ?? key;
}

/** What checking a table's rows needs, shared by all its rows. */
export interface TableChecks {
  readonly hooks: readonly RuleHook[];
  readonly validators: ReadonlyMap<string, ColumnValidator>;
  readonly keys: KeyIndex;
  readonly engine: EngineState;
}

/** Per table file, once its header is known: the columns it has, each with its validator and memo, and the hooks to run. */
export interface RowPlan {
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

export function rowPlan(file: TableFile, checks: TableChecks): RowPlan {
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
export function checkedRow(file: TableFile, raw: CsvRow, plan: RowPlan, checks: TableChecks): Row {
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
      if (engine.checkCellHooks) checkPurity(engine, plan.cellHooks, underCheck);
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

/**
 * Runs the cell hooks on a cell twice with their reports collected, and refuses a hook whose second
 * run reports differently from its first: the engine checks each text once and again to decide which
 * finding wins, so a hook that keeps state between cells would make findings depend on that.
 */
function checkPurity(engine: EngineState, hooks: readonly RuleHook[], cell: CellUnderCheck): void {
  for (const { code, hook } of hooks) {
    const runs = [0, 1].map(() => {
      engine.captured = [];
      engine.rule = code;
      try {
        hook.cell!(cell);
        return JSON.stringify(engine.captured);
      } finally {
        engine.captured = undefined;
      }
    });
    if (runs[0] !== runs[1])
      throw new Error(
        `the cell hook of ${code} is not pure: checking ${JSON.stringify(cell.text)} in ${cell.column.name} twice reported ${runs[0]}, then ${runs[1]}`,
      );
  }
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
