import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync } from 'fflate';
import type { DatasetModel } from '../model/types.ts';
import { licencePartsText, type ReleaseIdentity } from './citation.ts';
import { AUTHOR, DATA_LICENSE, PACKAGE_KEYWORDS, PACKAGE_TITLE } from './datapackage.ts';
import { referenceTarget } from './export-columns.ts';
import { valueText, type ReleaseColumn, type ReleaseTable } from './release-tables.ts';
import { CODEBOOK_SHEET, CODEBOOK_SHEET_HEADER } from './workbook-sheets.ts';
import { reproducibleZipEntries } from './zip.ts';

export { CODEBOOK_SHEET, CODEBOOK_SHEET_HEADER } from './workbook-sheets.ts';

/** Drop-downs reach this many rows below the data, and id lists as far, so rows a person adds get them and show in them. */
const ROWS_FOR_NEW_DATA = 1000;
const DATE_FORMAT = 'yyyy-mm-dd';

/** Spreadsheet column letters of a 0-based index: 0 → A, 26 → AA. */
export function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

const sheetRange = (sheet: string, column: number, first: number, last: number): string =>
  `'${sheet}'!$${columnLetters(column)}$${first}:$${columnLetters(column)}$${last}`;

/**
 * The release as one workbook: a sheet per table (entities included) with the CSV's header and
 * cells, date bounds as real dates, list cells as `|` text; each header cell carries its column's
 * description as a note and the header row is frozen; every enum column and every id reference gets
 * a drop-down of its allowed values or ids. A codebook sheet lists every column and value with its
 * meaning. exceljs writes the workbook; its zip is rewritten with fixed timestamps, so the same data
 * gives the same bytes.
 */
export async function releaseWorkbook(model: DatasetModel, tables: readonly ReleaseTable[], release: ReleaseIdentity): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const fixed = new Date(`${release.date ?? '1980-01-01'}T00:00:00Z`);
  // The document properties (File › Properties) say which release and licence the workbook is, wherever it is copied.
  Object.assign(workbook, {
    creator: AUTHOR,
    lastModifiedBy: AUTHOR,
    title: PACKAGE_TITLE,
    subject: `Version ${release.version}, licensed under ${DATA_LICENSE.name}`,
    keywords: PACKAGE_KEYWORDS.join(', '),
    category: `version ${release.version}`,
    description: `Version ${release.version}${release.date ? ` (${release.date})` : ''}. Licences: ${licencePartsText()}. Cite: ${AUTHOR}, ${PACKAGE_TITLE}, version ${release.version}.`,
    created: fixed,
    modified: fixed,
    lastPrinted: fixed,
  });

  // The codebook first in memory (its row numbers feed the drop-downs), last among the sheets.
  const codebookRows: string[][] = [];
  const valueRanges = new Map<string, string>();
  for (const table of tables)
    for (const column of table.columns) {
      codebookRows.push([table.name, column.name, column.kind, column.required ? 'yes' : 'no', column.description, '', '']);
      const first = codebookRows.length + 2;
      for (const { value, meaning } of column.categories ?? []) codebookRows.push([table.name, column.name, '', '', '', value, meaning]);
      if (column.categories?.length) valueRanges.set(`${table.name}.${column.name}`, sheetRange(CODEBOOK_SHEET, 5, first, codebookRows.length + 1));
    }

  const idRange = (name: string): string | undefined => {
    const table = tables.find((t) => t.name === name);
    return table
      ? sheetRange(
          name,
          table.columns.findIndex((c) => c.name === table.primaryKey),
          2,
          table.rows.length + 1 + ROWS_FOR_NEW_DATA,
        )
      : undefined;
  };
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = table.columns.map((column) => ({
      key: column.name,
      width: columnWidth(column),
      ...(column.kind === 'date' ? { style: { numFmt: DATE_FORMAT } } : {}),
    }));
    const header = sheet.getRow(1);
    table.columns.forEach((column, i) => {
      const cell = header.getCell(i + 1);
      cell.value = column.name;
      cell.note = column.description;
      cell.font = { bold: true };
    });
    for (const row of table.rows) sheet.addRow(table.columns.map((column) => cellValue(column, row[column.name] ?? null)));
    const lastRow = table.rows.length + 1 + ROWS_FOR_NEW_DATA;
    table.columns.forEach((column, i) => {
      const target = column.kind !== 'list' && column.name !== table.primaryKey && column.source ? referenceTarget(model, column.source) : undefined;
      const list = valueRanges.get(`${table.name}.${column.name}`) ?? (target ? idRange(target.table) : undefined);
      if (!list || column.kind === 'list') return;
      // One rule for the whole range: per-cell rules get merged by exceljs into overlapping ranges.
      const rules = (sheet as unknown as { dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void } }).dataValidations;
      rules.add(`${columnLetters(i)}2:${columnLetters(i)}${lastRow}`, {
        type: 'list',
        allowBlank: !column.required,
        formulae: [list],
        showErrorMessage: true,
        errorTitle: column.name,
        error: target ? `Pick an id from the ${target.table} sheet.` : 'Pick one of the allowed values (see the codebook sheet).',
      });
    });
  }
  const codebook = workbook.addWorksheet(CODEBOOK_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  codebook.columns = CODEBOOK_SHEET_HEADER.map((key) => ({ key, width: key === 'description' || key === 'meaning' ? 80 : 18 }));
  codebook.getRow(1).values = [...CODEBOOK_SHEET_HEADER];
  codebook.getRow(1).font = { bold: true };
  for (const row of codebookRows) codebook.addRow(row);

  const written = unzipSync(new Uint8Array(await workbook.xlsx.writeBuffer()));
  return reproducibleZipEntries(
    Object.entries(written).map(([path, bytes]) => [path, path === 'docProps/core.xml' ? strToU8(fixedCoreXml(strFromU8(bytes), fixed)) : bytes]),
  );
}

/** exceljs stamps core.xml with the time of writing in places; the release date replaces every timestamp. */
function fixedCoreXml(xml: string, date: Date): string {
  return xml.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, date.toISOString().replace(/\.\d+Z$/, 'Z'));
}

/** The first day exceljs and Excel count alike: Excel keeps Lotus's invented 29 February 1900, exceljs does not. */
const FIRST_DAY_COUNTED_ALIKE = Date.UTC(1900, 2, 1);
const FIRST_DAY_OF_1900 = Date.UTC(1900, 0, 1);
const DAY_MS = 86_400_000;

function cellValue(column: ReleaseColumn, value: string | readonly string[] | null): string | Date | null {
  if (value === null) return null;
  if (column.kind === 'date') {
    const day = Date.parse(`${value as string}T00:00:00Z`);
    // No spreadsheet shows a day before 1900 as a date: it is written as the text it is.
    if (day < FIRST_DAY_OF_1900) return value as string;
    // A day before March 1900 one day earlier, so that the serial exceljs writes is the one Excel shows as that day.
    return new Date(day < FIRST_DAY_COUNTED_ALIKE ? day - DAY_MS : day);
  }
  return excelText(valueText(value));
}

/**
 * Text as a cell of the part holds it: ECMA-376 reads `_x000D_` in a cell as a carriage return, so
 * text that holds such a sequence has its underscore escaped (`_x005F_`), which exceljs does not do.
 */
export function excelText(text: string): string {
  return text.includes('_x') ? text.replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1') : text;
}

function columnWidth(column: ReleaseColumn): number {
  if (column.kind === 'date' || column.kind === 'precision') return 12;
  // Long free text gets a wide column; ids, names and codes a narrow one.
  return (column.source?.maxLength ?? 0) > 300 ? 60 : Math.max(12, Math.min(30, column.name.length + 4));
}
