import { openZip, shownName, ZipError, type OpenZip, type ZipEntry, type ZipLimits } from '../read/zip-reader.ts';
import { columnLetters } from '../check/finding.ts';
import { numberFormatKind, type NumberFormatKind } from './number-formats.ts';
import { xmlPart, XmlPartError, type XmlHandlers } from './xml-stream.ts';

/**
 * An .xlsx workbook (Office Open XML SpreadsheetML, as Excel, LibreOffice, Gnumeric, Google Sheets and
 * Numbers write it) read from a Blob, in Node or a browser: its sheets, and each sheet's cells one row
 * at a time as they stand in its part, never the whole sheet at once. The zip is the project's one zip
 * reader (read/zip-reader.ts, strict, under limits); the XML is read as a stream of events that
 * expands no entity and reads no DTD (xml-stream.ts). Only what the cells hold is read: their values,
 * the cached results of formulas (never evaluated), number formats (dates), merged and hidden cells.
 */

/** Limits of a workbook's zip: a real one of a million rows is well within them; a zip bomb is not. */
export const WORKBOOK_LIMITS: ZipLimits = { maxTotalBytes: 2 ** 30, maxEntries: 10_000, maxRatio: 500, ratioAfterBytes: 8 * 2 ** 20 };
/** The largest sheet a spreadsheet program has: cells beyond it are no cells. */
export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;

/** Why a file cannot be read as a workbook, as a sentence's end ("… cannot be read as a workbook: <message>"), and where, if in a cell. */
export class WorkbookError extends Error {
  constructor(
    message: string,
    readonly sheet?: string,
    readonly cell?: string,
  ) {
    super(message);
  }
}

/** What a cell holds, as its part writes it. */
export type CellValue =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'number'; readonly number: number; readonly raw: string }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'error'; readonly text: string }
  /** An ISO 8601 date-time (`t="d"`, written by Strict OOXML and some programs). */
  | { readonly type: 'date'; readonly iso: string };

export interface SheetCell {
  /** 0-based column index. */
  readonly column: number;
  /** Undefined for a formula with no saved result. */
  readonly value: CellValue | undefined;
  readonly formula: boolean;
  /** What the cell's number format shows a number as. */
  readonly format: NumberFormatKind;
}

export interface SheetRow {
  /** 1-based, as the spreadsheet shows it. */
  readonly row: number;
  readonly hidden: boolean;
  /** The cells that hold a value or a formula, in the order the part lists them. */
  readonly cells: readonly SheetCell[];
}

/** What a sheet's part says of it besides its cells, known once it is read. */
export interface SheetLayout {
  /** Merged ranges, `A2:C2`. */
  readonly merged: readonly string[];
  /** Hidden columns as 0-based inclusive ranges. */
  readonly hiddenColumns: readonly (readonly [number, number])[];
}

export interface WorkbookSheet {
  readonly name: string;
  readonly state: 'visible' | 'hidden' | 'veryHidden';
  /** Its part in the zip; undefined for a chart sheet or another sheet without cells. */
  readonly part?: string;
}

export interface OpenWorkbook {
  readonly sheets: readonly WorkbookSheet[];
  /** Dates count from 1904 (Excel for Mac before 2011 wrote such workbooks). */
  readonly date1904: boolean;
  /** Reads a sheet's part, giving each row to `onRow` as it is read. */
  readSheet(sheet: WorkbookSheet, onRow: (row: SheetRow) => void): Promise<SheetLayout>;
  close(): Promise<void>;
}

const ZIP_SIGNATURE = [0x50, 0x4b];

/** Opens the workbook in `blob` (`label` names it); throws a WorkbookError, in words a person can act on, when it is not one. */
export async function openWorkbook(blob: Blob, label: string, limits: ZipLimits = WORKBOOK_LIMITS): Promise<OpenWorkbook> {
  const head = new Uint8Array(await blob.slice(0, 8).arrayBuffer());
  if (head[0] !== ZIP_SIGNATURE[0] || head[1] !== ZIP_SIGNATURE[1]) throw new WorkbookError(notAZip(head));
  let zip: OpenZip;
  try {
    zip = await openZip(blob, label, limits);
  } catch (error) {
    throw error instanceof ZipError ? new WorkbookError(error.message) : error;
  }
  try {
    return await readStructure(zip);
  } catch (error) {
    await zip.close().catch(() => undefined);
    throw error;
  }
}

/** What a file that is not a zip at all probably is, from its first bytes. */
function notAZip(head: Uint8Array): string {
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0)
    return 'it is an Excel 97-2003 workbook (.xls) or another old Office file; save it as an Excel Workbook (.xlsx)';
  if (head.length === 0) return 'the file is empty';
  const text = new TextDecoder().decode(head);
  // Bytes that are not UTF-8 decode as U+FFFD: noise, not text.
  if (/^[\x09\x0a\x0d\x20-\x7e\u00a0-\ufffc]*$/.test(text))
    return 'it is a text file (a CSV?), not a workbook; a table saved as CSV is checked with `npm run validate` or on the check page as a CSV';
  return 'it is not a zip, as every .xlsx workbook is; the download may be incomplete, or it is another kind of file';
}

async function readStructure(zip: OpenZip): Promise<OpenWorkbook> {
  const entries = new Map(zip.entries.filter((e) => !e.directory).map((e) => [e.name.toLowerCase(), e]));
  const entry = (part: string): ZipEntry | undefined => entries.get(part.toLowerCase());
  const read = async (part: string, handlers: XmlHandlers): Promise<void> => {
    const found = entry(part);
    if (!found) throw new WorkbookError(`it has no part ${shownName(part)}, which its other parts name`);
    const parser = xmlPart(shownName(part), handlers);
    try {
      await zip.inflate(found, (bytes) => parser.write(bytes));
      parser.end();
    } catch (error) {
      if (error instanceof XmlPartError) throw new WorkbookError(error.message);
      if (error instanceof ZipError) throw new WorkbookError(error.message);
      throw error;
    }
  };

  if (!entry('_rels/.rels')) {
    if (entry('mimetype') && entry('content.xml'))
      throw new WorkbookError('it is an OpenDocument spreadsheet (.ods), not an Excel workbook; in LibreOffice use File › Save As › “Excel 2007-365 (.xlsx)”');
    throw new WorkbookError('it is a zip but not an Office document (it has no _rels/.rels part)');
  }
  const rootRels = await relationships(read, '_rels/.rels', '');
  const workbookPart = rootRels.find((r) => r.type === 'officeDocument')?.target;
  if (!workbookPart) throw new WorkbookError('it is an Office document without a workbook part');
  if (!/\.xml$/i.test(workbookPart) || /\.(docx?|pptx?)$/i.test(workbookPart)) throw new WorkbookError('its main part is not a workbook');

  const listed: { name: string; state: WorkbookSheet['state']; id: string }[] = [];
  let date1904 = false;
  let isWorkbook = false;
  await read(workbookPart, {
    open(name, a) {
      if (name === 'workbook') isWorkbook = true;
      else if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
      else if (name === 'sheet')
        listed.push({ name: a.name ?? '', state: a.state === 'hidden' || a.state === 'veryHidden' ? a.state : 'visible', id: a.id ?? '' });
    },
  });
  if (!isWorkbook) throw new WorkbookError('it is an Office document, but not a spreadsheet (a Word or PowerPoint file?)');
  const folder = workbookPart.includes('/') ? workbookPart.slice(0, workbookPart.lastIndexOf('/') + 1) : '';
  const workbookRels = entry(`${folder}_rels/${workbookPart.slice(folder.length)}.rels`)
    ? await relationships(read, `${folder}_rels/${workbookPart.slice(folder.length)}.rels`, folder)
    : [];
  const byId = new Map(workbookRels.map((r) => [r.id, r]));
  const sheets: WorkbookSheet[] = listed.map(({ name, state, id }) => {
    const rel = byId.get(id);
    return { name, state, ...(rel?.type === 'worksheet' ? { part: rel.target } : {}) };
  });
  const styles = workbookRels.find((r) => r.type === 'styles')?.target;
  const formats = styles && entry(styles) ? await cellFormats(read, styles) : [];
  const sharedPart = workbookRels.find((r) => r.type === 'sharedStrings')?.target;
  const shared = sharedPart && entry(sharedPart) ? await sharedStrings(read, sharedPart) : [];

  return {
    sheets,
    date1904,
    readSheet: (sheet, onRow) => readSheet(read, sheet, { shared, formats }, onRow),
    close: () => zip.close(),
  };
}

type ReadPart = (part: string, handlers: XmlHandlers) => Promise<void>;

interface Relationship {
  readonly id: string;
  /** The last segment of its type URI: `worksheet`, `styles`, `officeDocument`… (transitional and strict alike). */
  readonly type: string;
  /** The part it points at, as a path in the zip. */
  readonly target: string;
}

async function relationships(read: ReadPart, part: string, folder: string): Promise<Relationship[]> {
  const found: Relationship[] = [];
  await read(part, {
    open(name, a) {
      if (name !== 'Relationship' || a.TargetMode === 'External' || !a.Target) return;
      const target = resolvePart(folder, a.Target);
      if (target !== undefined) found.push({ id: a.Id ?? '', type: (a.Type ?? '').replace(/^.*\//, ''), target });
    },
  });
  return found;
}

/** A relationship's target as a path in the zip; undefined when it climbs out of it. */
function resolvePart(folder: string, target: string): string | undefined {
  const segments: string[] = [];
  for (const segment of (target.startsWith('/') ? target.slice(1) : folder + target).split('/')) {
    if (segment === '..') {
      if (segments.pop() === undefined) return undefined;
    } else if (segment !== '.' && segment !== '') segments.push(segment);
  }
  return segments.join('/');
}

/** What each cell style's number format shows a number as, by style index. */
async function cellFormats(read: ReadPart, part: string): Promise<NumberFormatKind[]> {
  const codes = new Map<number, string>();
  const styles: number[] = [];
  let inCellXfs = false;
  await read(part, {
    open(name, a) {
      if (name === 'numFmt') codes.set(Number(a.numFmtId), a.formatCode ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) styles.push(Number(a.numFmtId ?? 0));
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return styles.map((id) => numberFormatKind(id, codes.get(id)));
}

/** The shared strings, each the text of its runs (phonetic guides left out), with `_xHHHH_` escapes read as the characters they stand for. */
async function sharedStrings(read: ReadPart, part: string): Promise<string[]> {
  const strings: string[] = [];
  const text = new RichText();
  await read(part, {
    open(name) {
      if (name === 'si') text.start();
      else text.open(name);
    },
    close(name) {
      if (name === 'si') strings.push(text.end());
      else text.close(name);
    },
    text: (t) => text.add(t),
  });
  return strings;
}

/**
 * The text of a string item (`<si>`, `<is>`): its `<t>` elements, directly or in rich-text runs
 * (`<r>`), but not those of phonetic guides (`<rPh>`), which Japanese workbooks add above the text.
 */
class RichText {
  #parts: string[] = [];
  #inT = false;
  #inPhonetic = 0;
  start(): void {
    this.#parts = [];
    this.#inT = false;
    this.#inPhonetic = 0;
  }
  open(name: string): void {
    if (name === 'rPh') this.#inPhonetic++;
    else if (name === 't' && this.#inPhonetic === 0) this.#inT = true;
  }
  close(name: string): void {
    if (name === 'rPh') this.#inPhonetic--;
    else if (name === 't') this.#inT = false;
  }
  add(text: string): void {
    if (this.#inT) this.#parts.push(text);
  }
  end(): string {
    const text = unescapeXstring(this.#parts.join(''));
    this.#parts = [];
    return text;
  }
}

/** ECMA-376's escape for characters XML cannot hold: `_x000D_` is a carriage return, `_x005F_` an underscore that would otherwise start one. */
export function unescapeXstring(text: string): string {
  return text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}

/** A cell reference's 0-based column and 1-based row; undefined when it is not one. */
export function parseCellRef(ref: string): { column: number; row: number } | undefined {
  const match = /^\$?([A-Za-z]{1,4})\$?(\d{1,8})$/.exec(ref);
  if (!match) return undefined;
  let column = 0;
  for (const char of match[1]!.toUpperCase()) column = column * 26 + char.charCodeAt(0) - 64;
  return { column: column - 1, row: Number(match[2]) };
}

interface SheetContext {
  readonly shared: readonly string[];
  readonly formats: readonly NumberFormatKind[];
}

async function readSheet(read: ReadPart, sheet: WorkbookSheet, context: SheetContext, onRow: (row: SheetRow) => void): Promise<SheetLayout> {
  if (!sheet.part) return { merged: [], hiddenColumns: [] };
  const merged: string[] = [];
  const hiddenColumns: [number, number][] = [];
  /** Each `<col>` range's style: 0-based first and last column, style index. */
  const columnStyles: [number, number, number][] = [];
  let rowStyle: number | undefined;
  let rowsHiddenByDefault = false;
  let row: { row: number; hidden: boolean; cells: SheetCell[] } | undefined;
  let lastRow = 0;
  let cell: { column: number; type: string; style: number; formula: boolean; ref: string } | undefined;
  let lastColumn = -1;
  /** The text of the cell's <v> while it is read, and once it is. */
  let value: string[] | undefined;
  let inValue = false;
  const inline = new RichText();
  let inInline = false;
  let inlineText: string | undefined;
  const where = (ref: string): WorkbookError => new WorkbookError(`the cell ${ref} of the sheet ${shownName(sheet.name)} is damaged`, sheet.name, ref);

  const finishCell = (): void => {
    const c = cell!;
    cell = undefined;
    const raw = value?.join('');
    value = undefined;
    const parsed = cellValue(c.type, raw, inlineText, context, c.ref, sheet.name);
    inlineText = undefined;
    if (parsed === undefined && !c.formula) return;
    row!.cells.push({ column: c.column, value: parsed, formula: c.formula, format: context.formats[c.style] });
  };

  await read(sheet.part, {
    open(name, a) {
      switch (name) {
        case 'sheetFormatPr':
          rowsHiddenByDefault = a.zeroHeight === '1' || a.zeroHeight === 'true';
          return;
        case 'col':
          if (a.hidden === '1' || a.hidden === 'true') hiddenColumns.push([Number(a.min) - 1, Number(a.max) - 1]);
          if (a.style !== undefined) columnStyles.push([Number(a.min) - 1, Number(a.max) - 1, Number(a.style)]);
          return;
        case 'row': {
          const number = a.r === undefined ? lastRow + 1 : Number(a.r);
          if (!Number.isInteger(number) || number < 1 || number > MAX_ROWS)
            throw new WorkbookError(
              `the sheet ${shownName(sheet.name)} has a row ${shownName(a.r ?? '')}, beyond the ${MAX_ROWS.toLocaleString('en-US')} rows a spreadsheet has`,
              sheet.name,
            );
          const hidden = a.hidden === '1' || a.hidden === 'true' || (rowsHiddenByDefault && a.hidden === undefined && a.ht === undefined);
          row = { row: number, hidden, cells: [] };
          rowStyle = (a.customFormat === '1' || a.customFormat === 'true') && a.s !== undefined ? Number(a.s) : undefined;
          lastRow = number;
          lastColumn = -1;
          return;
        }
        case 'c': {
          const ref = a.r;
          const parsed = ref === undefined ? undefined : parseCellRef(ref);
          if (ref !== undefined && parsed === undefined) throw where(ref);
          const column = parsed ? parsed.column : lastColumn + 1;
          if (column >= MAX_COLUMNS || (parsed && parsed.row > MAX_ROWS))
            throw new WorkbookError(
              `the sheet ${shownName(sheet.name)} has a cell ${shownName(ref ?? '')} beyond the last column (XFD) or row a spreadsheet has`,
              sheet.name,
            );
          lastColumn = column;
          // A cell outside any <row> (no program writes one) is read as in the row its reference names.
          if (!row) row = { row: parsed?.row ?? lastRow + 1, hidden: false, cells: [] };
          // A cell without a style of its own has its row's or its column's (Gnumeric leaves out a style the column gives).
          const style = a.s !== undefined ? Number(a.s) : (rowStyle ?? columnStyles.find(([from, to]) => column >= from && column <= to)?.[2] ?? 0);
          cell = { column, type: a.t ?? 'n', style, formula: false, ref: ref ?? `${columnLetters(column)}${row.row}` };
          return;
        }
        case 'v':
          if (cell) {
            value = [];
            inValue = true;
          }
          return;
        case 'f':
          if (cell) cell.formula = true;
          return;
        case 'is':
          if (cell) {
            inInline = true;
            inline.start();
          }
          return;
        case 'mergeCell':
          if (a.ref) merged.push(a.ref);
          return;
        default:
          if (inInline) inline.open(name);
      }
    },
    close(name) {
      switch (name) {
        case 'c':
          if (cell) finishCell();
          return;
        case 'row':
          if (row) onRow(row);
          row = undefined;
          return;
        case 'is':
          if (inInline) inlineText = inline.end();
          inInline = false;
          return;
        case 'v':
          inValue = false;
          return;
        default:
          if (inInline) inline.close(name);
      }
    },
    text(text) {
      if (inValue) value!.push(text);
      else if (inInline) inline.add(text);
    },
  });
  return { merged, hiddenColumns };
}

/** A cell's value from its type (`t`), its `<v>` text and its inline string; undefined for an empty cell. */
function cellValue(
  type: string,
  raw: string | undefined,
  inlineText: string | undefined,
  context: SheetContext,
  ref: string,
  sheet: string,
): CellValue | undefined {
  const damaged = (why: string): WorkbookError => new WorkbookError(`the cell ${ref} of the sheet ${shownName(sheet)} ${why}`, sheet, ref);
  switch (type) {
    case 's': {
      if (raw === undefined) return undefined;
      const text = context.shared[Number(raw)];
      if (text === undefined || !/^\d+$/.test(raw.trim()))
        throw damaged(`refers to shared string ${shownName(raw)}, but the workbook has ${context.shared.length.toLocaleString('en-US')}: the file is damaged`);
      return { type: 'text', text };
    }
    case 'inlineStr':
      return inlineText === undefined ? (raw === undefined ? undefined : { type: 'text', text: unescapeXstring(raw) }) : { type: 'text', text: inlineText };
    case 'str':
      return raw === undefined ? undefined : { type: 'text', text: unescapeXstring(raw) };
    case 'b':
      return raw === undefined ? undefined : { type: 'boolean', value: raw.trim() === '1' || raw.trim() === 'true' };
    case 'e':
      return raw === undefined ? undefined : { type: 'error', text: raw };
    case 'd':
      return raw === undefined ? undefined : { type: 'date', iso: raw.trim() };
    case 'n': {
      if (raw === undefined || raw.trim() === '') return undefined;
      const number = Number(raw);
      if (!Number.isFinite(number)) throw damaged(`holds ${shownName(raw.slice(0, 40))} where a number belongs: the file is damaged`);
      return { type: 'number', number, raw: raw.trim() };
    }
    default:
      throw damaged(`has a type ${shownName(type)} that no spreadsheet program writes: the file is damaged`);
  }
}
