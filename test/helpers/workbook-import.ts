import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { columnLetters, type Finding } from '../../scripts/lib/check/finding.ts';
import { importCommand } from '../../scripts/lib/cli/import-command.ts';
import { readAllRecords } from '../../scripts/lib/read/read-dataset.ts';
import { releaseTables } from '../../scripts/lib/release/release-tables.ts';
import { excelText, releaseWorkbook } from '../../scripts/lib/release/workbook-export.ts';
import { MODEL, REPO, scratchDir } from './fixtures.ts';
import { runIn } from './repo.ts';

/** The release workbook of a data folder, as `npm run release` writes it. */
export async function releaseBookOf(dataDir: string): Promise<Buffer> {
  return Buffer.from(await releaseWorkbook(MODEL, releaseTables(MODEL, await readAllRecords(MODEL, dataDir)), { version: '0.0.0-test', date: '2026-01-01' }));
}

/** Writes a workbook to a scratch file and runs `npm run import` on it against `dataDir`. */
export async function importBook(book: Uint8Array, dataDir: string, ...args: string[]) {
  const path = join(scratchDir('workbook-'), 'edited.xlsx');
  writeFileSync(path, book);
  return { ...(await importPath(path, dataDir, ...args)), path };
}

/** Runs `npm run import` on the workbook at `path`. */
export function importPath(path: string, dataDir: string, ...args: string[]) {
  return runIn(importCommand, REPO, path, '--data', dataDir, ...args);
}

export interface ImportReport {
  reportVersion: number;
  valid: boolean;
  findings: Finding[];
  counts: { error: number; warning: number };
  tables: { table: string; file: string; sheet?: string }[];
}

/** `npm run import -- --format json`, its report parsed. */
export async function importJson(book: Uint8Array, dataDir: string, ...args: string[]) {
  const run = await importBook(book, dataDir, '--format', 'json', ...args);
  return { ...run, report: JSON.parse(run.stdout) as ImportReport };
}

const TABLES = MODEL.tables.map((t) => t.file);

/** Every table of a data folder, as bytes (latin1, so that any byte difference shows). */
export const tableBytes = (dir: string): Record<string, string> => Object.fromEntries(TABLES.map((f) => [f, readFileSync(join(dir, f), 'latin1')]));

const xmlEscape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const columnNumber = (ref: string): number => [...ref.replace(/\d+$/, '')].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);

/** The workbook with several cells' text replaced, one after another. */
export function withCellTexts(book: Uint8Array, sheetName: string, cells: Readonly<Record<string, string>>): Uint8Array {
  return Object.entries(cells).reduce((edited, [ref, text]) => withCellText(edited, sheetName, ref, text), book);
}

/**
 * The workbook with one cell's text replaced and nothing else touched, as a program that edits a
 * cell in place writes it: the cell becomes an inline string (its style kept), escaped as ECMA-376
 * says (`_x005F_` before a `_xHHHH_` that is text), in its row in column order.
 */
export function withCellText(book: Uint8Array, sheetName: string, ref: string, text: string): Uint8Array {
  const files = unzipSync(book);
  const read = (part: string): string => strFromU8(files[part]!);
  const id = new RegExp(`<sheet [^>]*name="${sheetName}"[^>]*r:id="([^"]+)"`).exec(read('xl/workbook.xml'))![1]!;
  const target =
    new RegExp(`<Relationship [^>]*Id="${id}"[^>]*Target="([^"]+)"`).exec(read('xl/_rels/workbook.xml.rels'))?.[1] ??
    new RegExp(`<Relationship [^>]*Target="([^"]+)"[^>]*Id="${id}"`).exec(read('xl/_rels/workbook.xml.rels'))![1]!;
  const part = `xl/${target.replace(/^\/?xl\//, '')}`;
  const row = ref.replace(/^[A-Z]+/, '');
  let sheet = read(part);
  // A row the sheet has no element for (a new row below the table) is added where its number puts it.
  if (!sheet.includes(`<row r="${row}"`)) {
    const next = [...sheet.matchAll(/<row r="(\d+)"/g)].find((m) => Number(m[1]) > Number(row));
    const at = next ? next.index : sheet.indexOf('</sheetData>');
    sheet = `${sheet.slice(0, at)}<row r="${row}"></row>${sheet.slice(at)}`;
  }
  const xml = sheet.replace(new RegExp(`<row r="${row}"([^>]*)>(.*?)</row>`), (_whole, attributes: string, cells: string) => {
    const list = cells.match(/<c [^>]*?(?:\/>|>.*?<\/c>)/g) ?? [];
    const old = list.find((c) => c.startsWith(`<c r="${ref}"`));
    const style = old && /\ss="(\d+)"/.exec(old)?.[1];
    const cell = `<c r="${ref}"${style ? ` s="${style}"` : ''} t="inlineStr"><is><t xml:space="preserve">${xmlEscape(excelText(text))}</t></is></c>`;
    const kept = list.filter((c) => c !== old);
    const at = kept.findIndex((c) => columnNumber(/r="([A-Z]+)/.exec(c)![1]!) > columnNumber(ref));
    kept.splice(at < 0 ? kept.length : at, 0, cell);
    return `<row r="${row}"${attributes}>${kept.join('')}</row>`;
  });
  return zipSync({ ...files, [part]: strToU8(xml) });
}

/** The cell of the release workbook's sheet for `table` that holds `column` of the table's row `index` (0-based, in the CSV's order); `index` one past the last is the first empty row. */
export function cellRef(table: string, column: string, index: number): string {
  const columns = releaseTables(MODEL, new Map()).find((t) => t.name === table)!.columns;
  const at = columns.findIndex((c) => c.name === column);
  if (at < 0) throw new Error(`no column ${column} in the ${table} sheet`);
  return `${columnLetters(at)}${index + 2}`;
}
