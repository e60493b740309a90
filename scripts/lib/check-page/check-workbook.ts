import { zipSync } from 'fflate';
import { textArchive } from '../check/archive.ts';
import { jsonReport } from '../report/json.ts';
import { importWorkbook } from '../workbook/import-workbook.ts';
import { workbookLayout } from '../workbook/layout.ts';
import { readWorkbookTables, type SheetTable } from '../workbook/sheet-tables.ts';
import { sameBytes } from '../write/plan-format.ts';
import { DISPLAY_DIR, gridRows, publishedModel, type ChosenFile, type PublishedDataset } from './check-chosen.ts';
import type { Finding } from '../check/finding.ts';
import type { GridRow, Identified, PageResult, TableOutcome } from './page-result.ts';

/**
 * The check page's engine for a chosen .xlsx workbook, in its own worker script (check-workbook.js),
 * which the page loads only when a workbook is chosen: the workbook read and checked by the very
 * function `npm run import -- --check` runs (importWorkbook), against the rest of the published data,
 * and each sheet's table in the canonical form import writes.
 */
export async function checkWorkbook(published: PublishedDataset, book: ChosenFile, others: readonly ChosenFile[] = []): Promise<PageResult> {
  const model = publishedModel(published);
  const label = book.name.replace(/^.*[\\/]/, '');
  const workbook = await readWorkbookTables(workbookLayout(model), new Blob([book.bytes as BlobPart]), label);
  const encoder = new TextEncoder();
  const current = new Map(Object.entries(published.tables).map(([file, text]) => [file, encoder.encode(text)]));
  const result = await importWorkbook({
    model,
    workbook,
    label,
    displayDir: DISPLAY_DIR,
    current,
    archive: textArchive(DISPLAY_DIR, new Map(Object.entries(published.archive))),
  });
  const tables: TableOutcome[] = [];
  for (const imported of result.tables) {
    const sheet = workbook.tables.find((t) => t.sheet === imported.sheet)!;
    const blocking = result.blocking.filter((f) => f.sheet === sheet.sheet);
    const canonical = imported.canonical;
    tables.push({
      table: imported.table,
      file: imported.file,
      chosen: label,
      sheet: sheet.sheet,
      blocking,
      ...(canonical ? { status: sameAsPublished(canonical, published.tables[sheet.file]) ? 'canonical' : 'not-canonical', canonical } : { status: 'refused' }),
      ...(await sheetGrid(
        sheet,
        result.report.findings.filter((f) => f.sheet === sheet.sheet),
      )),
    });
  }
  const identified: Identified[] = [
    { name: book.name, kind: 'workbook', sheets: workbook.tables.map((t) => ({ sheet: t.sheet, file: t.file, by: t.by })) },
    ...others.map((file): Identified => ({ name: file.name, kind: 'unknown', reason: OTHERS_LEFT_OUT })),
  ];
  const downloads = tables.flatMap((t) => (t.canonical ? [[t.file.replace(/^.*\//, ''), t.canonical] as const] : []));
  return {
    identified,
    report: result.report,
    json: jsonReport(result.report, DISPLAY_DIR),
    tables,
    repairs: [],
    archives: [],
    ...(downloads.length > 1 ? { zip: zipSync(Object.fromEntries(downloads), { level: 6 }) } : {}),
  };
}

/** Why other files chosen with a workbook are not checked with it. */
export const OTHERS_LEFT_OUT = 'not checked with a workbook: choose the workbook on its own, or the CSV files without it';

/** Why a second workbook chosen at once is not checked. */
export const ONE_WORKBOOK = 'one workbook is checked at a time: choose it on its own';

/** The workbook's table is the published one, byte for byte: importing it changes nothing. */
const sameAsPublished = (canonical: Uint8Array, published: string | undefined): boolean =>
  published !== undefined && sameBytes(new TextEncoder().encode(published), canonical);

/**
 * The grid of a sheet: the rows of its table as import read them, each at its sheet row and each cell
 * in its sheet column (a derived column, left out of the table, stays empty), so that a finding's
 * `D14` is the grid's D14.
 */
async function sheetGrid(sheet: SheetTable, findings: readonly Finding[]): Promise<{ rows: readonly GridRow[]; rowCount: number }> {
  const toSheet = (row: number): number => sheet.rows[row - 1] ?? row;
  const placed = (cells: readonly string[]): string[] => {
    const width = cells.length ? Math.max(...sheet.columns.slice(0, cells.length)) + 1 : 0;
    const out = Array.from({ length: width }, () => '');
    cells.forEach((cell, i) => (out[sheet.columns[i] ?? i] = cell));
    return out;
  };
  const grid = await gridRows(sheet.csv, findings, sheet.rows.length - 1, { row: toSheet, cells: placed });
  return { rows: grid.rows, rowCount: sheet.rows.at(-1) ?? grid.rowCount };
}
