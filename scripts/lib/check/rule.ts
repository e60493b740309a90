import type { ArchiveReader } from './archive.ts';
import type { Location, Severity } from './finding.ts';
import type { KeyIndex } from './key-index.ts';
import type { CsvFileFacts, CsvLayout, CsvRow } from '../read/read-csv.ts';
import type { ColumnModel, DatasetModel, TableModel } from '../model/types.ts';
import type { ColumnValidator, RowRecord } from '../model/cell-validator.ts';

/** The catalogue entry of a rule: its stable code, severity and documentation. */
export interface RuleMeta {
  readonly code: string;
  readonly severity: Severity;
  /** What the rule checks, in a few words. */
  readonly title: string;
  /** Why it matters and what triggers it. */
  readonly description: string;
  /** How to fix a finding of this kind, in general. */
  readonly fix: string;
  /**
   * What the rule says, by message id: templates whose `{name}` placeholders are filled from the
   * `data` of each report. The catalogue lists them, so every message a rule can give is written here.
   */
  readonly messages: Templates;
  /** How to fix a finding, by id, as templates like `messages`; a report's hint is `hints[hintId ?? messageId]`, when there is one. */
  readonly hints?: Templates;
  /** `npm run format` repairs what this rule reports, so it does not stop format from rewriting the file. */
  readonly fixedByFormat?: boolean;
  /** The schema keywords (x-references, x-notBefore, …, or JSON Schema's) that select the columns it applies to. */
  readonly appliesTo?: readonly SchemaFact[];
  /**
   * The stages it runs in, in pipeline order: the hooks its `create` returns, each of one of these
   * stages and every stage with a hook. The engine refuses a rule whose hooks differ from this.
   */
  readonly stages: readonly Stage[];
  /**
   * It reads primary keys or references (`context.keys`, `row.resolved`, `row.keyFirstSeen`), even if
   * only on some rows: it then runs on the thread that collects them. The engine answers an undeclared
   * read where keys are not collected with nothing, and the run is checked again on one thread.
   */
  readonly readsKeys?: true;
}

/** Message templates by id; `{name}` stands for `data.name` of the report. */
export type Templates = Readonly<Record<string, string>>;

/** Keywords a rule can apply to; the catalogue finds the columns each is set on in the schemas. */
export type SchemaKeyword =
  | 'x-primaryKey'
  | 'x-references'
  | 'x-idNamespace'
  | 'x-notBefore'
  | 'x-distinctFrom'
  | 'x-endpoints'
  | 'x-acyclic'
  | 'x-quoteOf'
  | 'x-publicationDate'
  | 'x-nameKey'
  | 'x-publisher'
  | 'x-minPublishers'
  | 'x-archive'
  | 'x-expectReferenced'
  | 'required'
  | 'pattern'
  | 'format'
  | 'minLength'
  | 'maxLength'
  | 'type'
  | 'enum'
  | 'uniqueItems';

/** A rule applies to the columns where `keyword` is set (to `value`, when given: `format` `edtf-date`). */
export interface SchemaFact {
  readonly keyword: SchemaKeyword;
  readonly value?: string;
}

/**
 * The parts of the pipeline a rule runs in, derived from its hooks: `file` (file, fileEnd), `raw row` (rawRow), `row`, `cell`, `dataset` (end);
 * `workbook` for the findings the workbook reader makes before any table is checked (workbook/workbook-rules.ts).
 */
export type Stage = 'file' | 'raw row' | 'row' | 'cell' | 'dataset' | 'workbook';

export interface Rule {
  readonly meta: RuleMeta;
  /** As the meta declares them. */
  readonly stages: readonly Stage[];
  create(context: RuleContext): RuleHooks;
}

export interface RuleHooks {
  /** Once per table, after its header was read (or when the file is missing or empty). */
  file?(file: TableFile): void;
  /** Once per data row that has cells (blank and unreadable rows are only seen by structure rules via `rawRow`). */
  row?(row: CheckedRow): void;
  /**
   * A check of one non-empty cell of a readable row from its column and text alone: it must be pure,
   * the same text in the same column getting the same findings wherever it stands and however often
   * it is checked (the engine checks each text once, and again to decide which finding wins). A run
   * with `checkCellHooks` checks each cell twice and refuses a hook that reports differently.
   */
  cell?(cell: CellUnderCheck): void;
  /** Every row as read, before it is judged readable; for structure rules. */
  rawRow?(row: CsvRow, file: TableFile): void;
  /** Once per table, after its last row, with what the reader saw of the whole file. */
  fileEnd?(file: TableFile, facts: CsvFileFacts): void;
  /** After every table was read. */
  end?(): void;
}

/** `Id` and `HintId` are the rule's message and hint ids, so tsc checks that a report names one the meta declares. */
export interface RuleContext<Id extends string = string, HintId extends string = string> {
  readonly model: DatasetModel;
  /** Each column's validator (its JSON Schema), by table then column, for rules that try a cell against another column. */
  readonly validators: ReadonlyMap<string, ReadonlyMap<string, ColumnValidator>>;
  /** Primary keys seen so far, in tables already read and in earlier rows of the current one. */
  readonly keys: KeyIndex;
  readonly archive: ArchiveReader;
  /** "Now", for the future-date rule; fixed in tests. */
  readonly today: number;
  /**
   * Records a finding. Pass a function when the message is costly to build (suggestions, edit
   * distances): past the rule's cap findings are only counted, and the function is called only if
   * the engine needs the finding's cell to tell whether another finding on it explains this one.
   */
  report(finding: ReportedFinding<Id, HintId> | (() => ReportedFinding<Id, HintId>)): void;
}

/** What a rule reports: where, and which of its messages (and hint) with the data for their placeholders. */
export interface ReportedFinding<Id extends string = string, HintId extends string = string> extends Location {
  readonly messageId: Id;
  /** Defaults to `messageId`: the hint of that id, when the rule has one. */
  readonly hintId?: HintId;
  readonly data?: MessageData;
}

export type MessageData = Readonly<Record<string, string | number>>;

/** A table's file as the validator found it. */
export interface TableFile {
  readonly table: TableModel;
  /** Path as shown to the user. */
  readonly path: string;
  readonly missing: boolean;
  /** The file is a symbolic link: it was not read (wherever it points), so it has no header or rows. */
  readonly link: boolean;
  /** Header cells as they stand in row 1; empty when the file has no rows or row 1 is not a header. */
  readonly header: readonly string[];
  /** Row 1 exists but none of its cells names a column. */
  readonly headerUnrecognised: boolean;
  /** Position in the file of each schema column found in the header (first occurrence). */
  readonly columnIndex: ReadonlyMap<string, number>;
  /** Separator, line ending and BOM, when the file exists. */
  readonly layout?: CsvLayout;
}

/** What a `cell` hook sees: the column and the text, and where the cell is, for reports. */
export interface CellUnderCheck {
  readonly column: ColumnModel;
  readonly text: string;
  /** The cell's location, with the cell's text as its value (or `value`: an item of a list cell). */
  at(value?: string): Location;
}

/** A data row with its typed record and the schema errors of its cells. What a rule keeps of it across rows needs no copying. */
export interface CheckedRow {
  readonly file: TableFile;
  readonly raw: CsvRow;
  readonly record: RowRecord;
  readonly cellErrors: readonly CellError[];
  /** The non-empty cells under schema columns, with their column; computed once per row. */
  readonly filled: readonly { readonly column: ColumnModel; readonly cell: string }[];
  /**
   * For a column with x-references: the table each value (or list item) was found in, undefined for
   * one found nowhere. Resolved once per row by the engine, which also records the keys as referred to.
   */
  resolved(column: string): readonly (string | undefined)[];
  /**
   * The row on which this row's primary key was first seen, when an earlier row has it too; undefined
   * otherwise. The engine records each key once per row, after resolving the row's references.
   */
  readonly keyFirstSeen: number | undefined;
  /** The location of a column's cell in this row, with the cell's value (or an item's). */
  at(column: string, value?: string): Location;
}

/** One schema violation in one cell, already narrowed to the cell (and list item) it concerns. */
export interface CellError {
  readonly column: ColumnModel;
  /** JSON Schema keyword that failed: required, pattern, format, enum, maxLength, minLength, uniqueItems, type. */
  readonly keyword: string;
  /** The failing value: the cell, or for list columns the item. */
  readonly value: string;
  /** 0-based item position for list cells. */
  readonly item?: number;
  readonly params: Readonly<Record<string, unknown>>;
}
