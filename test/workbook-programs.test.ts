import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { diffCommand } from '../scripts/lib/cli/diff-command.ts';
import { validateCommand } from '../scripts/lib/cli/validate-command.ts';
import { canonicalDataCopy, csvRecords, MODEL, REPO, scratchDir } from './helpers/fixtures.ts';
import { runIn, scratchRepo } from './helpers/repo.ts';
import { cellRef, importPath, releaseBookOf, tableBytes } from './helpers/workbook-import.ts';

/**
 * The release workbook opened, edited and saved as .xlsx by real spreadsheet programs, then
 * imported: LibreOffice Calc (driven through its UNO interface, headless, as a person's edits: a
 * value put into a cell as a drop-down puts it, or typed as typing is read) and Gnumeric (its
 * `ssconvert`; edits made in its own file format, which it then saves as .xlsx). Each must come back
 * with the edit intact and nothing else changed. CI installs both (.ci/run); elsewhere a missing
 * program skips its tests.
 */

const has = (command: string, ...args: string[]): boolean => spawnSync(command, args, { stdio: 'ignore' }).status === 0;
const hasCalc = has('/usr/bin/python3', '-c', 'import uno') && has('soffice', '--version');
const hasGnumeric = has('ssconvert', '--version');
// In CI a missing program is a failure, not a skip.
const orInCi = (present: boolean): boolean => present || process.env.CI === 'true';

interface CellEdit {
  readonly sheet: string;
  readonly cell: string;
  /** Put into the cell as text. */
  readonly text?: string;
  /** Typed, and read as the program reads typing. */
  readonly typed?: string;
}

/** The workbook at `source` edited and saved as .xlsx by LibreOffice Calc. */
function editInCalc(source: string, edits: readonly CellEdit[]): string {
  const dir = scratchDir('calc-');
  const target = join(dir, 'edited.xlsx');
  writeFileSync(join(dir, 'edits.json'), JSON.stringify(edits));
  const run = spawnSync(
    '/usr/bin/python3',
    [join(REPO, 'test', 'helpers', 'libreoffice-edit.py'), source, target, join(dir, 'profile'), join(dir, 'edits.json')],
    {
      encoding: 'utf8',
      timeout: 180_000,
    },
  );
  expect(run.status, `${run.stderr}${run.error ?? ''}`).toBe(0);
  return target;
}

/** The 0-based row and column of a cell reference, as Gnumeric's file numbers cells. */
function rowAndColumn(ref: string): { row: number; column: number } {
  const [, letters, digits] = /^([A-Z]+)(\d+)$/.exec(ref)!;
  return { row: Number(digits) - 1, column: [...letters!].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0) - 1 };
}

const xmlText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The workbook at `source` read by Gnumeric, edited in Gnumeric's own file (cells as text), and saved by it as .xlsx. */
function editInGnumeric(source: string, edits: readonly CellEdit[]): string {
  const dir = scratchDir('gnumeric-');
  const convert = (from: string, to: string): void => {
    const run = spawnSync('ssconvert', [from, to], { encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
  };
  convert(source, join(dir, 'book.gnumeric'));
  let xml = gunzipSync(readFileSync(join(dir, 'book.gnumeric'))).toString('utf8');
  for (const edit of edits) {
    const { row, column } = rowAndColumn(edit.cell);
    const sheetStart = xml.indexOf(`<gnm:Name>${edit.sheet}</gnm:Name>`);
    expect(sheetStart, edit.sheet).toBeGreaterThan(0);
    const cellsEnd = xml.indexOf('</gnm:Cells>', sheetStart);
    const before = xml.slice(0, sheetStart);
    const sheet = xml.slice(sheetStart, cellsEnd).replace(new RegExp(`\\s*<gnm:Cell Row="${row}" Col="${column}"[^>]*?(?:/>|>[^<]*</gnm:Cell>)`), '');
    xml = `${before}${sheet}  <gnm:Cell Row="${row}" Col="${column}" ValueType="60">${xmlText(edit.text ?? edit.typed!)}</gnm:Cell>\n      ${xml.slice(cellsEnd)}`;
  }
  writeFileSync(join(dir, 'edited.gnumeric'), xml);
  convert(join(dir, 'edited.gnumeric'), join(dir, 'edited.xlsx'));
  return join(dir, 'edited.xlsx');
}

/** A release workbook of a canonical copy of the data, as a file. */
async function releaseFile(data: string): Promise<string> {
  const path = join(scratchDir('release-'), 'caucasus-allegiances-0.0.0-test.xlsx');
  writeFileSync(path, await releaseBookOf(data));
  return path;
}

/** A new allegiance made of the drop-downs' values: another row's subject, kind, target, certainty, sources and quote, under a new id. */
function newAllegiance(data: string): { edits: CellEdit[]; row: Record<string, string> } {
  const table = MODEL.tables.find((t) => t.name === 'allegiances')!;
  const rows = csvRecords(join(data, table.file));
  const like = rows[0]!;
  const row: Record<string, string> = {
    ...Object.fromEntries(table.columns.map((c) => [c.name, ''])),
    ...like,
    id: `${like.id}-again`,
    notes: 'Added in a spreadsheet.',
  };
  const edits = table.columns
    .filter((c) => row[c.name] !== '')
    .map((c) => ({ sheet: table.name, cell: cellRef(table.name, c.name, rows.length), text: row[c.name]! }));
  return { edits, row };
}

for (const [program, present, edit] of [
  ['LibreOffice Calc', hasCalc, editInCalc],
  ['Gnumeric', hasGnumeric, editInGnumeric],
] as const) {
  describe.skipIf(!orInCi(present))(`the release workbook edited and saved by ${program}`, () => {
    it('saved unchanged, it imports as the data it was made from, and nothing is written', async () => {
      const data = await canonicalDataCopy();
      const before = tableBytes(data);
      const saved = edit(await releaseFile(data), []);
      const { code, stdout } = await importPath(saved, data, '--format', 'json');
      expect(code, stdout).toBe(0);
      const report = JSON.parse(stdout) as { findings: { code: string }[] };
      expect(report.findings.map((f) => f.code)).toEqual(['workbook-derived-ignored']);
      expect(tableBytes(data)).toEqual(before);
    }, 240_000);

    it('an allegiance added with the drop-downs’ values and a cell changed are that row and that cell alone, in validate and in diff', async () => {
      const repo = await scratchRepo();
      const data = join(repo.dir, 'data');
      const allegiances = join(data, 'allegiances.csv');
      const before = csvRecords(allegiances);
      const changed = before.length - 1;
      const { edits, row } = newAllegiance(data);
      edits.push({ sheet: 'allegiances', cell: cellRef('allegiances', 'notes', changed), typed: `Edited in ${program}.` });
      const saved = edit(await releaseFile(data), edits);

      const imported = await importPath(saved, data);
      expect(imported.code, imported.stdout).toBe(0);
      expect((await runIn(validateCommand, repo.dir)).code).toBe(0);
      const expected = [...before.map((r, i) => (i === changed ? { ...r, notes: `Edited in ${program}.` } : r)), row].sort((a, b) =>
        a.id! < b.id! ? -1 : a.id! > b.id! ? 1 : 0,
      );
      expect(csvRecords(allegiances)).toEqual(expected);
      expect(repo.git('status', '--porcelain')).toBe(' M data/allegiances.csv\n');

      const diff = await runIn(diffCommand, repo.dir, '--base', 'HEAD');
      expect(diff.stdout).toContain('data/allegiances.csv: 1 added, 0 removed, 0 renamed, 1 changed');
      for (const table of MODEL.tables.filter((t) => t.name !== 'allegiances'))
        expect(diff.stdout).toContain(`data/${table.file}: 0 added, 0 removed, 0 renamed, 0 changed`);
      const rows = diff.stdout.slice(diff.stdout.indexOf('data/allegiances.csv:\n'));
      expect(rows).toContain(`+ added ${row.id}:`);
      expect(rows).toContain(`~ changed ${before[changed]!.id}:`);
      // What the import printed is what diff says.
      expect(imported.stdout).toContain(rows.trimEnd());
    }, 240_000);

    if (program === 'LibreOffice Calc')
      it('a number typed into an id cell is a finding at Sheet!Cell, and nothing is written', async () => {
        const data = await canonicalDataCopy();
        const before = tableBytes(data);
        const cell = cellRef('allegiances', 'id', 0);
        const saved = edit(await releaseFile(data), [{ sheet: 'allegiances', cell, typed: '42' }]);
        const { code, stdout } = await importPath(saved, data);
        expect(code).toBe(1);
        expect(stdout).toMatch(new RegExp(`allegiances!${cell}\\s+error\\s+\`42\` is a number, not text`));
        expect(tableBytes(data)).toEqual(before);
      }, 240_000);
  });
}
