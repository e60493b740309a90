import { MAX_VALUE_LENGTH, type Finding, type Location } from '../check/finding.ts';
import { writeFinding } from '../check/messages.ts';
import type { MessageData, Rule, RuleMeta } from '../check/rule.ts';

/**
 * The findings of reading a workbook, before its tables are checked as `npm run validate` checks
 * CSVs: what a cell holds that a CSV cell cannot (a number, a date, a formula, an error), and what a
 * workbook hides or merges. The workbook reader (sheet-tables.ts) makes them; they stand in the rule
 * catalogue beside the rules of the engine, with their messages, so that each code is documented.
 */

/** The spreadsheet's fix for a value it did not keep as text, said in every hint about one. */
const TYPE_AS_TEXT =
  'Type it as text: format the cell (or the whole column) as Text before typing (Excel: Home › Number Format › Text; LibreOffice: Format › Cells › Text), or start it with an apostrophe.';

/** A rule of the workbook stage: a catalogue entry whose findings the workbook reader makes. */
function workbookRule<Id extends string, HintId extends string = never>(meta: Omit<WorkbookMeta<Id, HintId>, 'stages'>): WorkbookRule<Id, HintId> {
  return { meta: { ...meta, stages: ['workbook'] }, stages: ['workbook'], create: () => ({}) };
}

type WorkbookMeta<Id extends string, HintId extends string> = RuleMeta & {
  readonly messages: Readonly<Record<Id, string>>;
  readonly hints?: Readonly<Record<HintId, string>>;
};

/** A rule whose meta's message and hint ids a report is held to, as defineRule's are. */
export interface WorkbookRule<Id extends string, HintId extends string> extends Rule {
  readonly meta: WorkbookMeta<Id, HintId>;
}

export const NOT_A_WORKBOOK = workbookRule({
  code: 'not-a-workbook',
  severity: 'error',
  title: 'File cannot be read as an .xlsx workbook',
  description:
    'The file is not an Office Open XML workbook as Excel, LibreOffice, Gnumeric, Google Sheets and Numbers write it: another kind of file (an .ods, an old .xls, a CSV), a damaged or incomplete download, or a file made to harm its reader (a zip bomb, names that climb out of the folder, an XML part with a DTD). Nothing is read from it.',
  fix: 'Save the workbook again from a spreadsheet program as Excel Workbook (.xlsx), or download the release workbook again.',
  messages: {
    unreadable: '{file} cannot be read as a workbook: {why}.',
    refused: '{why}',
  },
  hints: {
    unreadable: 'Open it in a spreadsheet program and save it again as “Excel Workbook (.xlsx)” (LibreOffice: “Excel 2007-365 (.xlsx)”).',
    refused: 'Download the workbook again, or save it again from a spreadsheet program as “Excel Workbook (.xlsx)”.',
  },
});

export const SHEET_LEFT_OUT = workbookRule({
  code: 'workbook-sheet-left-out',
  severity: 'warning',
  title: 'Sheet that is not a table of the dataset',
  description:
    "A sheet is read as a table when its name is the table's (`allegiances`), or else when its first row has most of the table's columns. A sheet that is neither, a second sheet for a table, or a chart sheet is not read; its rows are not imported.",
  fix: "Name the sheet after its table and keep the table's header in its first row, or delete it.",
  messages: {
    unknown: 'The sheet {sheet} is not a table of this dataset (neither its name nor its first row is that of {tables}); it was not read.',
    again: 'The sheet {sheet} is also the table {table}, already read from the sheet {first}; it was not read.',
    noCells: 'The sheet {sheet} is a chart or another sheet without cells; it was not read.',
  },
  hints: {
    unknown: "If it holds rows of a table, name the sheet after the table and keep the table's header in its first row.",
    again: 'Keep one sheet per table: move its rows into the sheet {first} and delete this one.',
  },
});

export const DERIVED_IGNORED = workbookRule({
  code: 'workbook-derived-ignored',
  severity: 'info',
  title: 'Derived sheets and columns are not read back',
  description:
    'A release workbook has sheets and columns derived from the data: the entities sheet, the codebook sheet, and beside each date its `_earliest`, `_latest` and `_precision` columns. They are rebuilt from the data by every release, so the import reads none of them; it says so once per workbook.',
  fix: 'Nothing to do; edit the columns they are derived from.',
  messages: { ignored: 'Not read, as they are derived from the data and rebuilt by every release: {what}.' },
  hints: { ignored: 'Edit the columns they come from: a date in its own column (`started`, not `started_earliest`); a new actor or group in its own sheet.' },
});

export const DERIVED_EDITED = workbookRule({
  code: 'workbook-derived-edited',
  severity: 'warning',
  title: 'Derived cell edited',
  description:
    "A derived cell (a date's `_earliest`, `_latest` or `_precision`) holds something else than the date beside it gives. Derived columns are not imported, so the edit would be lost without a word.",
  fix: 'Make the edit in the date column itself.',
  messages: { edited: '{value} in {column} is not what {source} gives ({expected}); derived columns are not imported, so this edit is lost.' },
  hints: { edited: 'Make the edit in {source}, as an EDTF date such as `2015-02`; {column} is rebuilt from it.' },
});

export const NUMBER_IN_TEXT = workbookRule({
  code: 'workbook-number',
  severity: 'error',
  title: 'Number, date or logical value where text belongs',
  description:
    'Every column of the dataset holds text. A spreadsheet turns what is typed into a number, a date or TRUE/FALSE when it can: ids lose leading zeros, long numbers their digits past the 15th (`1.2E+15`), codes their letters. The import does not guess which text was meant.',
  fix: 'Type the value as text (a cell formatted as Text, or an apostrophe first).',
  messages: {
    number: '{value} is a number, not text, and {column} holds text: a number keeps no leading zeros and at most 15 digits.',
    date: 'The cell is a date ({value}), not text, and {column} holds text.',
    logical: '{value} is a logical value, not text, and {column} holds text.',
  },
  hints: { number: TYPE_AS_TEXT, date: TYPE_AS_TEXT, logical: TYPE_AS_TEXT },
});

export const DATE_CELL = workbookRule({
  code: 'workbook-date',
  severity: 'warning',
  title: 'Real date in an EDTF date column',
  description:
    "A date column holds EDTF text (`2015`, `2015-02`, `2015-02-02~`). A date the spreadsheet made of what was typed is read as the day it stands for (or the month or year its format shows); this is said where that may not be what was meant: where the column's other dates are months or years, or the cell also holds a time.",
  fix: 'Type dates as text, at the precision the source gives.',
  messages: {
    day: 'The cell is a real date; it was read as the day {edtf}, though the other dates in {column} are months or years.',
    month: 'The cell is a real date shown as a month ({value}); it was read as the month {edtf}.',
    year: 'The cell is a real date shown as a year ({value}); it was read as the year {edtf}.',
    time: 'The cell is a real date with a time of day ({value}); it was read as the day {edtf}, without the time.',
  },
  hints: {
    day: 'If the source gives only the month or the year, type it as text (`2015-02`, `2015`); a cell formatted as Text keeps what is typed.',
    month: 'Type EDTF dates as text (a cell formatted as Text keeps what is typed), so that nothing is guessed: `2015-02` for a month, `2015-02-02` for a day.',
    year: 'Type EDTF dates as text (a cell formatted as Text keeps what is typed), so that nothing is guessed: `2015` for a year.',
    time: 'Type EDTF dates as text, at the precision the source gives: `2015-02-02` for a day.',
  },
});

export const FORMULA = workbookRule({
  code: 'workbook-formula',
  severity: 'warning',
  title: 'Formula in a cell',
  description:
    'A cell holds a formula. The result the spreadsheet saved with it is read; the formula is never run, so nothing in a workbook can compute, fetch or change anything here.',
  fix: 'Replace the formula with its value.',
  messages: { formula: 'The cell holds a formula; the result saved with it, {value}, was read (formulas are never run).' },
  hints: { formula: 'Replace the formula with its value (copy the cell, then Paste Special › Values only), so that the data says it without a formula.' },
});

export const FORMULA_NO_VALUE = workbookRule({
  code: 'workbook-formula-no-value',
  severity: 'error',
  title: 'Formula without a saved result',
  description:
    'A cell holds a formula, and the program that saved the workbook saved no result with it (spreadsheet programs do; some libraries do not). Formulas are never run here, so the cell has no value to read.',
  fix: 'Type the value instead of the formula.',
  messages: { noValue: 'The cell holds a formula with no saved result, so it has no value to read (formulas are never run).' },
  hints: { noValue: 'Type the value itself into the cell; or open the workbook in a spreadsheet program, which calculates it, and save it again.' },
});

export const ERROR_VALUE = workbookRule({
  code: 'workbook-error-value',
  severity: 'error',
  title: 'Error value in a cell',
  description:
    'A cell holds an error value (`#REF!`, `#NAME?`, `#VALUE!`, `#N/A`, `#DIV/0!`): a formula in it failed, or the error was pasted in. There is no value to read.',
  fix: 'Type the value itself into the cell.',
  messages: { error: '{value} is an error value in place of a value: a formula in the cell failed.' },
  hints: { error: 'Type the value itself into the cell, as text. A #REF! comes from a formula that pointed at a cell or sheet that was deleted.' },
});

export const MERGED_CELLS = workbookRule({
  code: 'workbook-merged-cells',
  severity: 'error',
  title: 'Merged cells',
  description:
    'Merged cells show one value across several cells, but only the first of them holds it: the others are empty in the file, so rows that look complete are not.',
  fix: 'Unmerge the cells and type the value into each cell that needs it.',
  messages: { merged: 'The cells {range} are merged: only {first} holds a value, and the others are read as empty though they look filled.' },
  hints: {
    merged:
      'Unmerge them (Excel: Home › Merge & Center › Unmerge Cells; LibreOffice: Format › Merge and Unmerge Cells › Unmerge Cells) and type the value into each cell that needs it.',
  },
});

export const HIDDEN = workbookRule({
  code: 'workbook-hidden',
  severity: 'warning',
  title: 'Hidden rows, columns or sheet',
  description:
    'Rows hidden by a filter or by Hide, hidden columns and hidden sheets are imported like any other: what is in them is part of the change, though whoever saved the workbook may not have seen it.',
  fix: 'Show them and check what they hold.',
  messages: {
    rows: '{count} hidden (by a filter or by Hide) and imported like the others: {rows}.',
    columns: 'Columns {columns} are hidden and imported like the others.',
    sheet: 'The sheet {sheet} is hidden and imported like the others.',
  },
  hints: {
    rows: 'Clear the filter or unhide the rows, and check what they hold before you propose the change.',
    columns: 'Unhide the columns and check what they hold before you propose the change.',
    sheet: 'Unhide the sheet and check what it holds before you propose the change.',
  },
});

export const OUTSIDE_TABLE = workbookRule({
  code: 'workbook-cell-outside-table',
  severity: 'error',
  title: 'Cell right of the last column',
  description: "A cell holds a value right of the header's last column, where no column of the table is: it belongs to no column and is not read.",
  fix: 'Move the value into its column, or delete it.',
  messages: { outside: '{value} is right of the last column of the header ({last}), where no column is; it was not read.' },
  hints: { outside: 'Move it into its column, or delete it. A new column must first be added to the schema of {table}.' },
});

/** Every workbook rule, in the order the reader meets what they find. */
export const WORKBOOK_RULES: readonly Rule[] = [
  NOT_A_WORKBOOK,
  SHEET_LEFT_OUT,
  DERIVED_IGNORED,
  HIDDEN,
  MERGED_CELLS,
  OUTSIDE_TABLE,
  NUMBER_IN_TEXT,
  DATE_CELL,
  FORMULA,
  FORMULA_NO_VALUE,
  ERROR_VALUE,
  DERIVED_EDITED,
];

/** A workbook finding: where, and which of the rule's messages with the data for its placeholders. */
export interface WorkbookReport<Id extends string, HintId extends string> extends Location {
  readonly sheet?: string;
  readonly messageId: Id;
  readonly hintId?: HintId;
  readonly data?: MessageData;
}

/** The finding of a workbook rule, its message and hint filled as the engine fills them, its value cut as the engine cuts it. */
export function workbookFinding<Id extends string, HintId extends string>(rule: WorkbookRule<Id, HintId>, report: WorkbookReport<Id, HintId>): Finding {
  const { sheet, ...reported } = report;
  const written = writeFinding(rule.meta, reported);
  const value = written.value !== undefined && written.value.length > MAX_VALUE_LENGTH ? `${written.value.slice(0, MAX_VALUE_LENGTH)}…` : written.value;
  return {
    code: rule.meta.code,
    severity: rule.meta.severity,
    ...written,
    ...(sheet !== undefined ? { sheet } : {}),
    ...(value !== undefined ? { value } : {}),
  };
}
