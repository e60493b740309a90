import { columnLetters, show, type Finding, type Severity } from '../check/finding.ts';
import { dateParts } from '../release/release-tables.ts';
import { csvLine } from '../write/canonical-csv.ts';
import type { LayoutTable, WorkbookLayout } from './layout.ts';
import { serialDay } from './number-formats.ts';
import * as rules from './workbook-rules.ts';
import { openWorkbook, parseCellRef, WorkbookError, type CellValue, type OpenWorkbook, type SheetCell, type SheetRow, type WorkbookSheet } from './xlsx.ts';

/**
 * The tables of an .xlsx workbook as the CSV text `npm run validate` reads, cell by cell as each
 * column expects, with what the workbook held that a CSV cannot said as findings located in it
 * (`allegiances!D14`). Sheets are tables by name, or else by header (as the check page recognises
 * CSVs); the derived sheets and columns of a release workbook are left out and said once. Runs in
 * Node and in a browser: the check page loads this module only when a workbook is chosen.
 */

export interface SheetTable {
  /** The table's name and CSV file (`allegiances`, `allegiances.csv`). */
  readonly table: string;
  readonly file: string;
  readonly sheet: string;
  readonly by: 'name' | 'header';
  /**
   * The sheet's table as CSV: its header row's columns (derived ones left out) and its rows up to the
   * last that holds anything, empty rows between as empty lines.
   */
  readonly csv: Uint8Array;
  /** The sheet row of each line of `csv`, the header first. */
  readonly rows: readonly number[];
  /** The sheet column (0-based) of each column of `csv`. */
  readonly columns: readonly number[];
}

export interface WorkbookTables {
  readonly tables: readonly SheetTable[];
  /** Sorted by sheet and cell as the engine sorts findings. */
  readonly findings: readonly Finding[];
  readonly omitted: readonly { readonly code: string; readonly severity: Severity; readonly count: number }[];
  /** An error leaves a cell's text unknown (a number where text belongs, an error value, merged cells…): nothing may be written from the workbook. */
  readonly blocked: boolean;
}

export interface ReadOptions {
  /** Findings kept per code; the rest are counted. */
  readonly maxFindingsPerRule?: number;
}

/** Thrown from a row handler to stop reading a sheet: only its first row was wanted. */
class FirstRowRead extends Error {}

/** Reads the workbook in `blob` (shown as `label`) as the dataset's tables. A file that is not a workbook is one finding, `not-a-workbook`. */
export async function readWorkbookTables(layout: WorkbookLayout, blob: Blob, label: string, options: ReadOptions = {}): Promise<WorkbookTables> {
  const found = new Findings(label, options.maxFindingsPerRule ?? 1000);
  let workbook: OpenWorkbook | undefined;
  try {
    workbook = await openWorkbook(blob, label);
    const tables = await readTables(layout, workbook, found);
    return found.result(tables);
  } catch (error) {
    if (!(error instanceof WorkbookError)) throw error;
    found.notAWorkbook(error);
    return found.result([]);
  } finally {
    await workbook?.close().catch(() => undefined);
  }
}

/** What is read of a file that is not read as a workbook at all: the one finding that says why (`why`: the end of a sentence). */
export function unreadableWorkbook(label: string, why: string): WorkbookTables {
  const found = new Findings(label, 1);
  found.notAWorkbook(new WorkbookError(why));
  return found.result([]);
}

/** The findings of one workbook, each rule's kept up to its cap and the rest counted. */
class Findings {
  readonly #kept: Finding[] = [];
  readonly #counts = new Map<string, number>();
  readonly #omitted = new Map<string, { code: string; severity: Severity; count: number }>();
  constructor(
    readonly file: string,
    readonly max: number,
  ) {}

  add<Id extends string, HintId extends string>(rule: rules.WorkbookRule<Id, HintId>, report: Omit<rules.WorkbookReport<Id, HintId>, 'file'>): void {
    const { code, severity } = rule.meta;
    const count = this.#counts.get(code) ?? 0;
    this.#counts.set(code, count + 1);
    if (count < this.max) this.#kept.push(rules.workbookFinding(rule, { file: this.file, ...report }));
    else {
      const entry = this.#omitted.get(code) ?? { code, severity, count: 0 };
      entry.count++;
      this.#omitted.set(code, entry);
    }
  }

  notAWorkbook(error: WorkbookError): void {
    const sentence = error.message.startsWith(this.file);
    this.add(rules.NOT_A_WORKBOOK, {
      ...(error.sheet !== undefined ? { sheet: error.sheet } : {}),
      ...(error.cell !== undefined ? { cell: error.cell } : {}),
      ...(error.cell !== undefined && parseCellRef(error.cell) ? { row: parseCellRef(error.cell)!.row } : {}),
      messageId: sentence ? 'refused' : 'unreadable',
      data: { file: this.file, why: error.message.replace(/\.$/, '') },
    });
  }

  result(tables: readonly SheetTable[]): WorkbookTables {
    const findings = [...this.#kept].sort((a, b) => (a.sheet ?? '').localeCompare(b.sheet ?? '') || (a.row ?? 0) - (b.row ?? 0));
    const omitted = [...this.#omitted.values()];
    const blocked = findings.some((f) => f.severity === 'error') || omitted.some((o) => o.severity === 'error');
    return { tables, findings, omitted, blocked };
  }
}

/** A sheet name as a table's name would be written: `Allegiances (2)` → `allegiances`. */
const nameKey = (name: string): string =>
  name
    .trim()
    .toLowerCase()
    .replace(/(?:[\s_-]*(?:\(\d+\)|copy|-\d+))+$/, '');

async function readTables(layout: WorkbookLayout, workbook: OpenWorkbook, found: Findings): Promise<SheetTable[]> {
  const taken = new Map<string, string>();
  const derivedSheets: string[] = [];
  const chosen: { sheet: WorkbookSheet; table: LayoutTable; by: 'name' | 'header' }[] = [];
  for (const sheet of workbook.sheets) {
    const key = nameKey(sheet.name);
    if (!sheet.part) {
      found.add(rules.SHEET_LEFT_OUT, { sheet: sheet.name, messageId: 'noCells', data: { sheet: show(sheet.name) } });
      continue;
    }
    let table = layout.tables.find((t) => t.name === key || t.file.replace(/\.csv$/, '') === key);
    let by: 'name' | 'header' = 'name';
    if (!table) {
      if (layout.derivedSheets.some((d) => d.name === key)) {
        derivedSheets.push(sheet.name);
        continue;
      }
      const header = await firstRow(workbook, sheet);
      if (layout.derivedSheets.some((d) => d.header.every((name, i) => header[i]?.trim() === name))) {
        derivedSheets.push(sheet.name);
        continue;
      }
      table = tableByHeader(layout, header);
      by = 'header';
    }
    if (!table) {
      found.add(rules.SHEET_LEFT_OUT, {
        sheet: sheet.name,
        messageId: 'unknown',
        data: {
          sheet: show(sheet.name),
          tables: andList(
            layout.tables.map((t) => show(t.name)),
            'or',
          ),
        },
      });
      continue;
    }
    const first = taken.get(table.name);
    if (first !== undefined) {
      found.add(rules.SHEET_LEFT_OUT, {
        sheet: sheet.name,
        messageId: 'again',
        data: { sheet: show(sheet.name), table: show(table.name), first: show(first) },
      });
      continue;
    }
    taken.set(table.name, sheet.name);
    chosen.push({ sheet, table, by });
  }
  const tables: SheetTable[] = [];
  const datesBySheet: string[] = [];
  const suffixes = new Set<string>();
  for (const { sheet, table, by } of chosen) {
    if (sheet.state !== 'visible') found.add(rules.HIDDEN, { sheet: sheet.name, messageId: 'sheet', data: { sheet: show(sheet.name) } });
    const read = new SheetReader(table, sheet.name, workbook.date1904, found);
    const layoutFacts = await workbook.readSheet(sheet, (row) => read.row(row));
    tables.push({ ...read.finish(layoutFacts), by });
    const dates = [...new Set(read.derivedFound.map((d) => d.of))];
    for (const d of read.derivedFound) suffixes.add(d.name.slice(d.of.length));
    if (dates.length) datesBySheet.push(`${dates.map((d) => show(d)).join(', ')} (${show(sheet.name)})`);
  }
  const what = [
    ...(derivedSheets.length ? [`the sheet${derivedSheets.length > 1 ? 's' : ''} ${andList(derivedSheets.map((name) => show(name)))}`] : []),
    ...(datesBySheet.length ? [`the ${andList([...suffixes].map((x) => show(x)))} columns beside ${datesBySheet.join(', ')}`] : []),
  ];
  if (what.length) found.add(rules.DERIVED_IGNORED, { messageId: 'ignored', data: { what: what.join(', and ') } });
  return tables;
}

/** The text of a sheet's first row, read no further. */
async function firstRow(workbook: OpenWorkbook, sheet: WorkbookSheet): Promise<string[]> {
  let header: string[] = [];
  try {
    await workbook.readSheet(sheet, (row) => {
      if (row.row === 1) header = rowTexts(row);
      throw new FirstRowRead();
    });
  } catch (error) {
    if (!(error instanceof FirstRowRead)) throw error;
  }
  return header;
}

/** A row's cells as plain text by column, as a header is read. */
function rowTexts(row: SheetRow): string[] {
  const texts: string[] = [];
  for (const cell of row.cells) texts[cell.column] = cell.value ? plainText(cell.value) : '';
  return Array.from(texts, (t) => t ?? '');
}

/** A value as text without interpreting it: what the part holds. */
function plainText(value: CellValue): string {
  switch (value.type) {
    case 'text':
    case 'error':
      return value.text;
    case 'number':
      return value.raw;
    case 'boolean':
      return value.value ? 'TRUE' : 'FALSE';
    case 'date':
      return value.iso;
  }
}

/** The table whose columns the first row names best; undefined when none has most of its columns there. */
function tableByHeader(layout: WorkbookLayout, header: readonly string[]): LayoutTable | undefined {
  const names = new Set(header.map((h) => h.trim()));
  let best: { table: LayoutTable; share: number } | undefined;
  for (const table of layout.tables) {
    const share = table.columns.filter((c) => names.has(c.name)).length / table.columns.length;
    if (share > 0.5 && (!best || share > best.share)) best = { table, share };
  }
  return best?.table;
}

const EDTF_TEXT = /^(\d{4})(-\d{2})?(-\d{2})?[?~%]?$/;

/** One table sheet, read a row at a time into CSV lines and findings. */
class SheetReader {
  readonly #lines: string[] = [];
  readonly #rows: number[] = [];
  #header: string[] | undefined;
  /** For each sheet column up to the header's last: its CSV column, or -1 for a derived one. */
  #csvIndex: number[] = [];
  #csvColumns: number[] = [];
  #kinds: ('edtf' | 'text')[] = [];
  #lastHeaderColumn = -1;
  /** The derived columns of the header, with the date column each comes from. */
  readonly derivedFound: { readonly name: string; readonly of: string }[] = [];
  #derived: { column: number; name: string; of: number; part: 'earliest' | 'latest' | 'precision' }[] = [];
  readonly #hiddenRows: number[] = [];
  readonly #columnsWithValues = new Set<number>();
  #lastRow = 1;
  #lastColumn = -1;
  /** Per CSV column of dates: how many text dates are days, and how many months or years. */
  readonly #precisions = new Map<number, { days: number; coarser: number }>();
  /** Real dates read as days, said only if their column's other dates are months or years. */
  readonly #datesAsDays: { csv: number; row: number; cell: string; column: string; value: string }[] = [];

  constructor(
    readonly table: LayoutTable,
    readonly sheet: string,
    readonly date1904: boolean,
    readonly found: Findings,
  ) {}

  row(row: SheetRow): void {
    if (row.row === 1) return this.#readHeader(rowTexts(row));
    if (!this.#header) this.#readHeader([]);
    const cells = new Array<string>(this.#csvColumns.length).fill('');
    const derivedCells = new Map<number, { cell: SheetCell; text: string }>();
    let filled = false;
    for (const cell of row.cells) {
      const ref = `${columnLetters(cell.column)}${row.row}`;
      if (cell.column > this.#lastHeaderColumn) {
        if (cell.value && plainText(cell.value).trim() !== '') this.#outside(cell, row.row, ref);
        continue;
      }
      const index = this.#csvIndex[cell.column]!;
      if (index < 0) {
        derivedCells.set(cell.column, { cell, text: this.#derivedText(cell) });
        continue;
      }
      const text = this.#cellText(cell, index, row.row, ref);
      cells[index] = text;
      if (text !== '') {
        filled = true;
        this.#columnsWithValues.add(cell.column);
      }
    }
    if (this.#derived.length) this.#checkDerived(row.row, cells, derivedCells);
    if (!filled) return;
    if (row.hidden) this.#hiddenRows.push(row.row);
    this.#lastRow = Math.max(this.#lastRow, row.row);
    // Empty rows between stay as empty lines, so that a table's row numbers are the sheet's, in every message.
    for (let empty = this.#rows.at(-1)! + 1; empty < row.row; empty++) {
      this.#lines.push('');
      this.#rows.push(empty);
    }
    this.#lines.push(csvLine(cells));
    this.#rows.push(row.row);
  }

  #readHeader(texts: readonly string[]): void {
    this.#header = [...texts];
    this.#lastHeaderColumn = texts.findLastIndex((t) => t.trim() !== '');
    const derivedByName = new Map(this.table.derived.map((d) => [d.name, d]));
    const csvNames: string[] = [];
    for (let column = 0; column <= this.#lastHeaderColumn; column++) {
      const name = texts[column] ?? '';
      const derived = derivedByName.get(name.trim());
      if (derived) {
        this.#csvIndex[column] = -1;
        this.derivedFound.push({ name: derived.name, of: derived.of });
        this.#derived.push({ column, name: derived.name, of: -1, part: derived.part });
        continue;
      }
      this.#csvIndex[column] = csvNames.length;
      this.#csvColumns.push(column);
      csvNames.push(name);
      this.#kinds.push(this.table.columns.find((c) => c.name === name.trim())?.kind ?? 'text');
    }
    this.#derived = this.#derived.map((d) => ({ ...d, of: csvNames.indexOf(this.table.derived.find((x) => x.name === d.name)!.of) }));
    this.#lastColumn = this.#lastHeaderColumn;
    this.#lines.push(csvLine(csvNames));
    this.#rows.push(1);
  }

  #columnName(index: number): string {
    return (this.#header?.[this.#csvColumns[index]!] ?? '').trim();
  }

  /** A cell's text as its column expects it, saying what it held that a CSV cell cannot. */
  #cellText(cell: SheetCell, index: number, row: number, ref: string): string {
    const at = { sheet: this.sheet, row, column: this.#columnName(index), cell: ref };
    const { value } = cell;
    if (value === undefined) {
      this.found.add(rules.FORMULA_NO_VALUE, { ...at, messageId: 'noValue' });
      return '';
    }
    let text: string;
    if (value.type === 'text') {
      // A line break in a cell is LF, as the canonical CSV writes it; Excel keeps a pasted CRLF as `_x000D_` and LF.
      text = value.text.includes('\r') ? value.text.replace(/\r\n?/g, '\n') : value.text;
      if (this.#kinds[index] === 'edtf') this.#countPrecision(index, text.trim());
    } else if (value.type === 'error') {
      this.found.add(rules.ERROR_VALUE, { ...at, value: value.text, messageId: 'error', data: { value: show(value.text) } });
      text = value.text;
    } else if (this.#kinds[index] === 'edtf' && value.type !== 'boolean') text = this.#dateText(value, cell, index, at);
    else {
      const shown = value.type === 'number' && cell.format && cell.format !== 'time' ? (this.#day(value.number) ?? value.raw) : plainText(value);
      const messageId = value.type === 'boolean' ? 'logical' : value.type === 'date' || (cell.format && cell.format !== 'time') ? 'date' : 'number';
      this.found.add(rules.NUMBER_IN_TEXT, { ...at, value: shown, messageId, data: { value: show(shown), column: at.column } });
      text = shown;
    }
    if (cell.formula && value.type !== 'error') this.found.add(rules.FORMULA, { ...at, value: text, messageId: 'formula', data: { value: show(text) } });
    return text;
  }

  #day(serial: number): string | undefined {
    return serialDay(serial, this.date1904)?.day;
  }

  /** A number or date in a date column: the day it stands for, or the month or year its format shows; a typed year (`2015`) as the year. */
  #dateText(value: Exclude<CellValue, { type: 'text' | 'error' | 'boolean' }>, cell: SheetCell, index: number, at: WorkbookAt): string {
    let day: string | undefined;
    let time = false;
    if (value.type === 'date') {
      const match = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(value.iso);
      day = match?.[1];
      time = match?.[2] !== undefined && `${match[2]}${match[3]}${match[4] ?? '00'}` !== '000000';
    } else if (cell.format && cell.format !== 'time') {
      const serial = serialDay(value.number, this.date1904);
      day = serial?.day;
      time = serial?.time ?? false;
    } else {
      // A whole number of four digits, as typed into a General cell, is the year it says.
      return Number.isInteger(value.number) && value.number >= 1000 && value.number <= 2999 ? String(value.number) : value.raw;
    }
    if (day === undefined) return plainText(value);
    const precision = cell.format === 'month' || cell.format === 'year' ? cell.format : 'day';
    const edtf = precision === 'month' ? day.slice(0, 7) : precision === 'year' ? day.slice(0, 4) : day;
    const data = { value: show(day), edtf: show(edtf), column: at.column };
    if (precision !== 'day') this.found.add(rules.DATE_CELL, { ...at, value: day, messageId: precision, data });
    else if (time) this.found.add(rules.DATE_CELL, { ...at, value: plainText(value), messageId: 'time', data });
    else this.#datesAsDays.push({ csv: index, row: at.row, cell: at.cell, column: at.column, value: day });
    return edtf;
  }

  /** A derived cell's text as the release writes it: a date as its day, anything else as it stands. */
  #derivedText(cell: SheetCell): string {
    const { value } = cell;
    if (value === undefined) return '';
    if (value.type === 'number' && cell.format && cell.format !== 'time') return this.#day(value.number) ?? value.raw;
    if (value.type === 'date') return value.iso.slice(0, 10);
    return plainText(value).trim();
  }

  /** A derived cell that is not what its date gives was edited, and the edit would be lost. */
  #checkDerived(row: number, cells: readonly string[], derivedCells: ReadonlyMap<number, { cell: SheetCell; text: string }>): void {
    for (const derived of this.#derived) {
      const source = derived.of < 0 ? undefined : cells[derived.of]!.trim();
      const found = derivedCells.get(derived.column)?.text ?? '';
      if (source === undefined) continue;
      const parts = source === '' ? undefined : dateParts(source);
      // An invalid date is the validator's to report; its derived cells say nothing more.
      if (source !== '' && parts === undefined) continue;
      const expected = parts ? parts[derived.part] : '';
      // Empty is what a new row has: it is derived when the data is released.
      if (found === expected || found === '') continue;
      const sourceName = this.#columnName(derived.of);
      this.found.add(rules.DERIVED_EDITED, {
        sheet: this.sheet,
        row,
        column: derived.name,
        cell: `${columnLetters(derived.column)}${row}`,
        value: found,
        messageId: 'edited',
        data: {
          value: found === '' ? 'An empty cell' : show(found),
          column: derived.name,
          source: sourceName,
          expected: expected === '' ? `nothing, as ${sourceName} is empty` : show(expected),
        },
      });
    }
  }

  #outside(cell: SheetCell, row: number, ref: string): void {
    const shown = cell.value ? plainText(cell.value) : '';
    this.#lastColumn = Math.max(this.#lastColumn, cell.column);
    this.#lastRow = Math.max(this.#lastRow, row);
    this.found.add(rules.OUTSIDE_TABLE, {
      sheet: this.sheet,
      row,
      cell: ref,
      value: shown,
      messageId: 'outside',
      data: {
        value: show(shown),
        last: this.#lastHeaderColumn < 0 ? 'the header is empty' : `column ${columnLetters(this.#lastHeaderColumn)}`,
        table: this.table.name,
      },
    });
  }

  finish(layout: { merged: readonly string[]; hiddenColumns: readonly (readonly [number, number])[] }): Omit<SheetTable, 'by'> {
    if (!this.#header) this.#readHeader([]);
    for (const date of this.#datesAsDays) {
      const counts = this.#precisions.get(date.csv);
      if (counts && counts.coarser > counts.days)
        this.found.add(rules.DATE_CELL, {
          sheet: this.sheet,
          row: date.row,
          column: date.column,
          cell: date.cell,
          value: date.value,
          messageId: 'day',
          data: { value: show(date.value), edtf: show(date.value), column: date.column },
        });
    }
    this.#mergedFindings(layout.merged);
    this.#hiddenFindings(layout.hiddenColumns);
    const text = `${this.#lines.join('\n')}\n`;
    return {
      table: this.table.name,
      file: this.table.file,
      sheet: this.sheet,
      csv: new TextEncoder().encode(text),
      rows: this.#rows,
      columns: this.#csvColumns,
    };
  }

  /** Counts a text date's precision, for the warning on real dates among months and years. */
  #countPrecision(index: number, text: string): void {
    const match = EDTF_TEXT.exec(text);
    if (!match) return;
    const counts = this.#precisions.get(index) ?? { days: 0, coarser: 0 };
    if (match[3]) counts.days++;
    else counts.coarser++;
    this.#precisions.set(index, counts);
  }

  #mergedFindings(merged: readonly string[]): void {
    for (const range of merged) {
      const [from, to] = range.split(':').map((ref) => parseCellRef(ref));
      if (!from) continue;
      const end = to ?? from;
      if (from.row > this.#lastRow || from.column > this.#lastColumn || end.row < 1) continue;
      const first = `${columnLetters(from.column)}${from.row}`;
      const index = this.#csvIndex[from.column];
      this.found.add(rules.MERGED_CELLS, {
        sheet: this.sheet,
        row: from.row,
        ...(index !== undefined && index >= 0 ? { column: this.#columnName(index) } : {}),
        cell: first,
        value: range,
        messageId: 'merged',
        data: { range: show(range), first },
      });
    }
  }

  #hiddenFindings(hiddenColumns: readonly (readonly [number, number])[]): void {
    if (this.#hiddenRows.length) {
      const rows = runs(this.#hiddenRows);
      const count = this.#hiddenRows.length;
      this.found.add(rules.HIDDEN, {
        sheet: this.sheet,
        row: this.#hiddenRows[0]!,
        messageId: 'rows',
        data: { count: count === 1 ? 'A row of the table is' : `${count.toLocaleString('en-US')} rows of the table are`, rows: listed(rows, (n) => String(n)) },
      });
    }
    const hidden = [...this.#columnsWithValues].filter((c) => hiddenColumns.some(([from, to]) => c >= from && c <= to)).sort((a, b) => a - b);
    if (hidden.length)
      this.found.add(rules.HIDDEN, {
        sheet: this.sheet,
        row: 1,
        cell: `${columnLetters(hidden[0]!)}1`,
        column: this.#columnName(this.#csvIndex[hidden[0]!]!),
        messageId: 'columns',
        data: { columns: listed(runs(hidden), columnLetters) },
      });
  }
}

type WorkbookAt = { readonly sheet: string; readonly row: number; readonly column: string; readonly cell: string };

/** `a`, `a and b`, `a, b and c` (or `or`). */
function andList(items: readonly string[], word = 'and'): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${word} ${items.at(-1)}`;
}

/** Sorted numbers as runs: 5, 7, 8, 9 → [5, 5], [7, 9]. */
function runs(numbers: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const n of numbers) {
    const last = out.at(-1);
    if (last && n === last[1] + 1) last[1] = n;
    else out.push([n, n]);
  }
  return out;
}

/** Runs as a person reads them, at most 20: `5, 7–9`. */
function listed(ranges: readonly [number, number][], name: (n: number) => string): string {
  const shown = ranges.slice(0, 20).map(([a, b]) => (a === b ? name(a) : `${name(a)}–${name(b)}`));
  return `${shown.join(', ')}${ranges.length > 20 ? ` and ${ranges.length - 20} more` : ''}`;
}
