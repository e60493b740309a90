import { buildZip, deflated, type BuiltEntry } from './zip-builder.ts';

/**
 * Writes .xlsx workbooks part by part, as the programs that write them do in their own ways: shared
 * or inline strings, rich-text runs and phonetic guides, the 1904 date system, formulas with and
 * without saved results, error values, merged and hidden cells. For the workbook reader's fixtures of
 * what Excel writes and LibreOffice and Gnumeric do not, and for hostile workbooks.
 */

/** A cell: text, a number, a logical value, or a cell written as given (its type, value, formula, style). */
export type XCell =
  | string
  | number
  | boolean
  | null
  | {
      readonly t?: 's' | 'str' | 'inlineStr' | 'n' | 'b' | 'e' | 'd';
      readonly v?: string | number;
      readonly f?: string;
      /** Style index: 0 General, 1 a day (m/d/yyyy), 2 a month (mmm-yy), 3 a year (yyyy), 4 a date with a time, 5 Text (@). */
      readonly s?: number;
      /** Rich-text runs (shared string with <r> elements), and a phonetic guide that is not part of the text. */
      readonly runs?: readonly string[];
      readonly phonetic?: string;
    };

export interface XRow {
  readonly r?: number;
  readonly hidden?: boolean;
  readonly cells: readonly XCell[];
}

export interface XSheet {
  readonly name: string;
  readonly rows: readonly (readonly XCell[] | XRow)[];
  readonly merged?: readonly string[];
  /** 1-based inclusive column ranges. */
  readonly hiddenColumns?: readonly (readonly [number, number])[];
  readonly state?: 'hidden' | 'veryHidden';
}

export interface XBook {
  readonly sheets: readonly XSheet[];
  readonly date1904?: boolean;
  /** Where text cells go: the shared-strings part (Excel, LibreOffice) or inline in the cell (some libraries). */
  readonly strings?: 'shared' | 'inline';
  /** Replace a part's XML, or add parts, by path. */
  readonly parts?: Readonly<Record<string, string>>;
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** The workbook's parts, by path. */
export function xlsxParts(book: XBook): Record<string, string> {
  const shared: string[] = [];
  const sheetXml = book.sheets.map((sheet) => worksheet(sheet, book.strings ?? 'shared', shared));
  const parts: Record<string, string> = {
    '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${book.sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}</Types>`,
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="${MAIN}" xmlns:r="${REL}">${book.date1904 ? '<workbookPr date1904="1"/>' : '<workbookPr/>'}<sheets>${book.sheets.map((s, i) => `<sheet name="${escape(s.name)}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${book.sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}<Relationship Id="rIdS" Type="${REL}/styles" Target="styles.xml"/><Relationship Id="rIdSS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    'xl/styles.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="${MAIN}"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy"/><numFmt numFmtId="165" formatCode="yyyy\\-mm\\-dd\\ hh:mm"/></numFmts><cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="17" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165" applyNumberFormat="1"/><xf numFmtId="49" applyNumberFormat="1"/></cellXfs></styleSheet>`,
    'xl/sharedStrings.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="${MAIN}" count="${shared.length}" uniqueCount="${shared.length}">${shared.join('')}</sst>`,
  };
  sheetXml.forEach((xml, i) => (parts[`xl/worksheets/sheet${i + 1}.xml`] = xml));
  return { ...parts, ...book.parts };
}

/** The workbook as the bytes of an .xlsx file. */
export function xlsx(book: XBook): Buffer {
  return zipParts(xlsxParts(book));
}

export function zipParts(parts: Readonly<Record<string, string | Uint8Array>>, extra: readonly BuiltEntry[] = []): Buffer {
  return buildZip([...Object.entries(parts).map(([path, content]) => deflated(path, content)), ...extra]);
}

/** Text as an element's content: XML's escapes, and a space kept where XML would drop it. */
const textElement = (text: string): string => `<t${/^\s|\s$|\n/.test(text) ? ' xml:space="preserve"' : ''}>${escape(text)}</t>`;

function worksheet(sheet: XSheet, strings: 'shared' | 'inline', shared: string[]): string {
  const rows = sheet.rows.map((row, index) => {
    const spec: XRow = Array.isArray(row) ? { cells: row as readonly XCell[] } : (row as XRow);
    const number = spec.r ?? index + 1;
    const cells = spec.cells.map((cell, column) => cellXml(cell, `${columnName(column)}${number}`, strings, shared)).join('');
    return `<row r="${number}"${spec.hidden ? ' hidden="1"' : ''}>${cells}</row>`;
  });
  const cols = sheet.hiddenColumns?.length ? `<cols>${sheet.hiddenColumns.map(([a, b]) => `<col min="${a}" max="${b}" hidden="1"/>`).join('')}</cols>` : '';
  const merged = sheet.merged?.length
    ? `<mergeCells count="${sheet.merged.length}">${sheet.merged.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${MAIN}" xmlns:r="${REL}">${cols}<sheetData>${rows.join('')}</sheetData>${merged}</worksheet>`;
}

function cellXml(cell: XCell, ref: string, strings: 'shared' | 'inline', shared: string[]): string {
  if (cell === null || cell === '') return '';
  if (typeof cell === 'string') {
    if (strings === 'inline') return `<c r="${ref}" t="inlineStr"><is>${textElement(cell)}</is></c>`;
    shared.push(`<si>${textElement(cell)}</si>`);
    return `<c r="${ref}" t="s"><v>${shared.length - 1}</v></c>`;
  }
  if (typeof cell === 'number') return `<c r="${ref}"><v>${cell}</v></c>`;
  if (typeof cell === 'boolean') return `<c r="${ref}" t="b"><v>${cell ? 1 : 0}</v></c>`;
  const style = cell.s ? ` s="${cell.s}"` : '';
  if (cell.runs) {
    shared.push(
      `<si>${cell.runs.map((run, i) => `<r>${i ? '<rPr><b/></rPr>' : ''}${textElement(run)}</r>`).join('')}${cell.phonetic ? `<rPh sb="0" eb="1">${textElement(cell.phonetic)}</rPh>` : ''}</si>`,
    );
    return `<c r="${ref}"${style} t="s"><v>${shared.length - 1}</v></c>`;
  }
  const type = cell.t && cell.t !== 'n' ? ` t="${cell.t}"` : '';
  const formula = cell.f !== undefined ? `<f>${escape(cell.f)}</f>` : '';
  const value = cell.v === undefined ? '' : cell.t === 'inlineStr' ? `<is>${textElement(String(cell.v))}</is>` : `<v>${escape(String(cell.v))}</v>`;
  return `<c r="${ref}"${style}${type}>${formula}${value}</c>`;
}
