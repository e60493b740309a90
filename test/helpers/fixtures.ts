import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import Papa from 'papaparse';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { Finding } from '../../scripts/lib/check/finding.ts';
import { formatCommand } from '../../scripts/lib/cli/format-command.ts';
import type { CommandIO } from '../../scripts/lib/cli/io.ts';
import { validateDataset, type ValidateOptions, type ValidationReport } from '../../scripts/lib/check/validate-dataset.ts';
import { loadModel } from '../../scripts/lib/model/load-model.ts';
import type { TableModel } from '../../scripts/lib/model/types.ts';
import { csvLine } from '../../scripts/lib/write/canonical-csv.ts';
import { formatDataset } from '../../scripts/lib/write/format-dataset.ts';

export const REPO = join(import.meta.dirname, '..', '..');
export const BASE_FIXTURE = join(REPO, 'test', 'fixtures', 'base');
export const MODEL = loadModel(join(REPO, 'schemas'));
/** "Today" in tests, so the future-date rule does not depend on the clock. */
export const TODAY = Date.UTC(2026, 0, 1);

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A new empty temporary folder, removed after the test file. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** In the files of `datasetWith`: the file is a symbolic link to a file outside the dataset that holds `content`. */
export interface LinkOut {
  readonly linkOutTo: string | Uint8Array;
}

/** What `datasetWith` puts in a file: its text or bytes, null to delete it, or a link out of the dataset. */
export type FixtureFiles = Record<string, string | Uint8Array | null | LinkOut>;

/** A temporary copy of a dataset with some files replaced (string or bytes), deleted (null) or made links out of it. */
export function datasetWith(files: FixtureFiles = {}, base = BASE_FIXTURE): string {
  const dir = mkdtempSync(join(tmpdir(), 'caucasus-allegiances-'));
  made.push(dir);
  cpSync(base, dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    if (content === null) rmSync(join(dir, name), { force: true, recursive: true });
    else if (typeof content === 'object' && 'linkOutTo' in content) {
      const outside = scratchDir('outside-the-data-');
      writeFileSync(join(outside, name), content.linkOutTo);
      rmSync(join(dir, name), { force: true });
      symlinkSync(join(outside, name), join(dir, name));
    } else writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** Validates a fixture directory, showing it as `data` like the CLI run from the repository root; every cell hook is checked for purity. */
export function validateDir(dataDir: string, options: Partial<ValidateOptions> = {}): Promise<ValidationReport> {
  return validateDataset({ model: MODEL, dataDir, displayDir: 'data', today: TODAY, checkCellHooks: true, ...options });
}

export async function findingsFor(files: FixtureFiles, code?: string): Promise<Finding[]> {
  const report = await validateDir(datasetWith(files));
  return code ? report.findings.filter((f) => f.code === code) : [...report.findings];
}

/** The location fields every rule test asserts. */
export function where(finding: Finding): Record<'code' | 'file' | 'row' | 'column' | 'cell' | 'value', unknown> {
  const { code, file, row, column, cell, value } = finding;
  return { code, file, row, column, cell, value };
}

/** The model's table of that name; a test naming a table the schemas do not have fails here. */
export function tableOf(name: string): TableModel {
  const table = MODEL.tables.find((t) => t.name === name);
  if (!table) throw new Error(`the schemas have no table ${name}`);
  return table;
}

/** Every table's name and file, in the model's order. */
export const TABLE_NAMES: readonly string[] = MODEL.tables.map((t) => t.name);
export const TABLE_FILES: readonly string[] = MODEL.tables.map((t) => t.file);

/** A table's column names, in the schema's order. */
export const columnsOf = (table: string): string[] => tableOf(table).columns.map((c) => c.name);

/** A table's header row, as the schema orders it. */
export const headerOf = (table: string): string => columnsOf(table).join(',');

/** A spreadsheet column letter (A, …, Z, AA, …) for a 0-based index; written here, not imported, so tests check the tool's. */
function letters(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** The spreadsheet letter of a column of a table, from the schema. */
export function letterOf(table: string, column: string): string {
  const index = columnsOf(table).indexOf(column);
  if (index < 0) throw new Error(`${table} has no column ${column}`);
  return letters(index);
}

/** The spreadsheet address of a table's cell, e.g. cellOf('allegiances', 'notes', 5), from the schema's column order. */
export const cellOf = (table: string, column: string, row: number): string => `${letterOf(table, column)}${row}`;

/** The address of the cell just right of a table's last column (where a stray cell lands). */
export const cellAfterLast = (table: string, row: number): string => `${letters(columnsOf(table).length)}${row}`;

/** One CSV row of a table, its cells given by column name (quoted as CSV needs); columns not named are empty. */
export function row(table: string, cells: Partial<Record<string, string>>): string {
  const columns = columnsOf(table);
  const unknown = Object.keys(cells).filter((name) => !columns.includes(name));
  if (unknown.length > 0) throw new Error(`${table} has no column ${unknown.join(', ')}`);
  return csvLine(columns.map((column) => cells[column] ?? ''));
}

/** A whole table: the schema's header, then each row (as `row` builds them), each line ended. */
export const tableText = (table: string, ...rows: string[]): string => linesOf(table, rows);
/** The same from an array, which may be longer than a call has room for arguments. */
const linesOf = (table: string, rows: readonly string[]): string => `${headerOf(table)}\n${rows.map((line) => `${line}\n`).join('')}`;

export const ACTORS_HEADER = headerOf('actors');
export const ALLEGIANCES_HEADER = headerOf('allegiances');

/** The cells of an allegiances row valid against the base fixture (`allegianceRow` starts from them; workbook tests type them into cells). */
export const GOOD_CELLS: Readonly<Record<string, string>> = {
  id: 'new-row',
  subject_id: 'kebekov',
  kind: 'leader_of',
  target_id: 'emirate',
  certainty: 'reported',
  source_ids: 'src-a',
  quote: 'Kebekov leads the Emirate.',
};
export const GOOD_ALLEGIANCE = row('allegiances', { ...GOOD_CELLS, id: 'kebekov-leads-emirate', role: 'amir' });

/** An allegiances.csv with the base rows that keep every entity referenced, plus `rows` after them (from row 5). */
export function allegiances(...rows: string[]): string {
  return linesOf('allegiances', [
    row('allegiances', {
      id: 'jjq-affiliate',
      subject_id: 'jjq',
      kind: 'affiliate_of',
      target_id: 'emirate',
      started: '2014-11~',
      certainty: 'claimed',
      source_ids: 'src-b',
      quote: 'The group said it is "affiliated" with the Emirate.',
    }),
    GOOD_ALLEGIANCE,
    row('allegiances', {
      id: 'shishani-pledged',
      subject_id: 'shishani',
      kind: 'pledged_allegiance',
      target_id: 'baghdadi',
      started: '2013-12',
      certainty: 'reported',
      source_ids: 'src-a',
      quote: 'Umar Shishani left to pledge allegiance to Baghdadi in December 2013.',
    }),
    ...rows,
  ]);
}

/** One allegiances row, valid against the base fixture, with the given cells changed (quoted as CSV needs). */
export const allegianceRow = (cells: Partial<Record<string, string>>): string => row('allegiances', { ...GOOD_CELLS, ...cells });

/** The base fixture's three actors with only id, name and sources, then `more` rows. */
export const actors = (...more: string[]): string =>
  tableText(
    'actors',
    row('actors', { id: 'baghdadi', name: 'Abu Bakr al-Baghdadi', source_ids: 'src-a' }),
    row('actors', { id: 'kebekov', name: 'Aliaskhab Kebekov', source_ids: 'src-a' }),
    row('actors', { id: 'shishani', name: 'Umar Shishani', source_ids: 'src-a' }),
    ...more,
  );

/** The base fixture's two groups with only id, name, kind and sources, then `more` rows. */
export const groups = (...more: string[]): string =>
  tableText(
    'groups',
    row('groups', { id: 'emirate', name: 'Caucasus Emirate', kind: 'organization', source_ids: 'src-a' }),
    row('groups', { id: 'jjq', name: 'Jamaat Jund al-Qawqaz', kind: 'organization', source_ids: 'src-b' }),
    ...more,
  );

/**
 * The errors a fixture has besides the finding under test: at its cell, or with no cell at all in its
 * file (a missing column, a broken row), which would otherwise hide behind a passing assertion.
 */
export function otherErrors(all: readonly Finding[], code: string, at: { readonly file?: unknown; readonly cell?: unknown }): Finding[] {
  return all.filter((f) => f.severity === 'error' && f.code !== code && f.file === at.file && (f.cell === undefined || f.cell === at.cell));
}

/**
 * A temporary copy of the repository's data/ in canonical form. Tests that use the real data as a
 * realistic sample start from this, so they pass whether or not a contributor has run `npm run format`
 * (a non-canonical table is a notice on a pull request, not a failure).
 */
export async function canonicalDataCopy(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'caucasus-data-'));
  made.push(dir);
  cpSync(join(REPO, 'data'), dir, { recursive: true });
  await formatDataset({ model: MODEL, dataDir: dir, displayDir: 'data', check: false });
  return dir;
}

/** Runs `npm run format` on a data directory, with stdout and stderr together and no colour. */
export async function formatData(dataDir: string, ...args: string[]): Promise<{ code: number; output: string }> {
  const out: string[] = [];
  const io: CommandIO = {
    cwd: REPO,
    env: { NO_COLOR: '1' },
    stdout: (t) => void out.push(t),
    stderr: (t) => void out.push(t),
    stdoutIsTTY: false,
    appendFile: () => {},
  };
  const code = await formatCommand(['--data', dataDir, ...args], io);
  return { code, output: out.join('') };
}

/** A CSV file's rows as header-keyed records, as a researcher's CSV reader gives them. */
export const csvRecords = (path: string): Record<string, string>[] =>
  Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true }).data;
