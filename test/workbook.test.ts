import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../scripts/lib/check/finding.ts';
import { validateCommand } from '../scripts/lib/cli/validate-command.ts';
import { WORKBOOK_RULES } from '../scripts/lib/workbook/workbook-rules.ts';
import { placeholders } from '../scripts/lib/check/messages.ts';
import { BASE_FIXTURE, canonicalDataCopy, csvRecords, datasetWith, GOOD_CELLS, MODEL, REPO } from './helpers/fixtures.ts';
import { runIn } from './helpers/repo.ts';
import { importBook, importJson, releaseBookOf, tableBytes } from './helpers/workbook-import.ts';
import { xlsx, type XBook, type XCell, type XSheet } from './helpers/xlsx-builder.ts';

const TABLES = MODEL.tables.map((t) => t.file);
const bytesOf = tableBytes;

/** The location fields a workbook finding is asserted by. */
const at = ({ code, file, sheet, row, column, cell, value }: Finding) => ({ code, file, sheet, row, column, cell, value });

describe('the release workbook, imported unchanged', () => {
  it('gives back data/ byte for byte and writes nothing, saying once what it did not read', async () => {
    for (const data of [datasetWith(), await canonicalDataCopy()]) {
      const before = bytesOf(data);
      const times = TABLES.map((f) => statSync(join(data, f)).mtimeMs);
      const { code, stdout, path } = await importBook(await releaseBookOf(data), data);
      expect(code, stdout).toBe(0);
      expect(bytesOf(data)).toEqual(before);
      expect(TABLES.map((f) => statSync(join(data, f)).mtimeMs)).toEqual(times);
      expect(stdout).toContain('No rows or archived texts changed.');
      expect(stdout).toContain(`${path} changes nothing in`);
      const { report } = await importJson(await releaseBookOf(data), data);
      expect(report.findings.map((f) => f.code)).toEqual(['workbook-derived-ignored']);
      expect(report.findings[0]!.message).toContain('the sheets `entities` and `codebook`');
      expect(report.findings[0]!.message).toContain('the `_earliest`, `_latest` and `_precision` columns beside');
      expect(report.tables.map((t) => t.sheet)).toEqual(MODEL.tables.map((t) => t.name));
    }
  });
});

describe('an edited release workbook', () => {
  it('one row added and one cell changed in the workbook are that row and that cell in data/, and nothing else', async () => {
    const data = datasetWith();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await releaseBookOf(data)) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('allegiances')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const added: Record<string, string> = {
      id: 'kebekov-rival-of-baghdadi',
      subject_id: 'kebekov',
      kind: 'rival_of',
      target_id: 'baghdadi',
      certainty: 'reported',
      source_ids: 'src-a',
      quote: 'Kebekov leads the Emirate.',
      notes: 'Two lines:\nthe second one.',
    };
    sheet.getRow(sheet.rowCount + 1).values = header.map((column) => added[column] ?? null);
    const actors = workbook.getWorksheet('actors')!;
    const notes = (actors.getRow(1).values as unknown[]).indexOf('notes');
    actors.getRow(3).getCell(notes).value = 'Edited in the workbook.';
    const before = { actors: csvRecords(join(data, 'actors.csv')), allegiances: csvRecords(join(data, 'allegiances.csv')) };

    const { code, stdout } = await importBook(new Uint8Array(await workbook.xlsx.writeBuffer()), data);
    expect(code, stdout).toBe(0);
    const after = { actors: csvRecords(join(data, 'actors.csv')), allegiances: csvRecords(join(data, 'allegiances.csv')) };
    expect(after.allegiances).toEqual(
      [...before.allegiances, Object.fromEntries(header.filter((c) => !/_(earliest|latest|precision)$/.test(c)).map((c) => [c, added[c] ?? '']))].sort(
        (a, b) => (a.id! < b.id! ? -1 : 1),
      ),
    );
    expect(after.actors).toEqual(before.actors.map((row, i) => (i === 1 ? { ...row, notes: 'Edited in the workbook.' } : row)));
    expect(stdout).toMatch(/kebekov-rival-of-baghdadi|Aliaskhab Kebekov → rival_of → Abu Bakr al-Baghdadi/);
    expect(stdout).toContain('Edited in the workbook.');
    expect(stdout).toMatch(/Wrote .*actors\.csv.*allegiances\.csv|Wrote .*allegiances\.csv.*actors\.csv/);
    expect((await runIn(validateCommand, REPO, '--data', data)).code).toBe(0);
  });

  it('--check writes nothing and says what the import would change', async () => {
    const data = datasetWith();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await releaseBookOf(data)) as unknown as ArrayBuffer);
    const actors = workbook.getWorksheet('actors')!;
    actors.getRow(2).getCell((actors.getRow(1).values as unknown[]).indexOf('notes')).value = 'Checked, not written.';
    const before = bytesOf(data);
    const { code, stdout } = await importBook(new Uint8Array(await workbook.xlsx.writeBuffer()), data, '--check');
    expect(code).toBe(0);
    expect(bytesOf(data)).toEqual(before);
    expect(stdout).toContain('would change');
    expect(stdout).toContain('Checked, not written.');
    expect(stdout).toMatch(/Nothing written \(--check\); the import would rewrite .*actors\.csv\./);
  });

  it('an edit of a derived column is said to be lost, and the date it comes from is what is imported', async () => {
    const data = datasetWith();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await releaseBookOf(data)) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('allegiances')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const row = [...Array(sheet.rowCount).keys()].map((i) => i + 1).find((r) => r > 1 && sheet.getRow(r).getCell(header.indexOf('started') + 1).value)!;
    sheet.getRow(row).getCell(header.indexOf('started_earliest') + 1).value = new Date(Date.UTC(1999, 0, 1));
    const { report } = await importJson(new Uint8Array(await workbook.xlsx.writeBuffer()), data);
    const letter = String.fromCharCode(65 + header.indexOf('started_earliest'));
    expect(report.findings.filter((f) => f.code === 'workbook-derived-edited').map(at)).toEqual([
      expect.objectContaining({ sheet: 'allegiances', row, column: 'started_earliest', cell: `${letter}${row}`, value: '1999-01-01' }),
    ]);
    expect(report.findings.find((f) => f.code === 'workbook-derived-edited')!.hint).toBe(
      'Make the edit in started, as an EDTF date such as `2015-02`; started_earliest is rebuilt from it.',
    );
  });
});

// A workbook of the fixture's allegiances (rows 2 to 4) and one more row (row 5), its cells as given.
const FIXTURE_ROWS = Papa.parse<string[]>(readFileSync(join(BASE_FIXTURE, 'allegiances.csv'), 'utf8').trim(), { newline: '\n' }).data;
const HEADER = FIXTURE_ROWS[0]!;
const NEW_ROW: Record<string, XCell> = { ...GOOD_CELLS };

function bookWith(cells: Record<string, XCell>, sheet: Partial<XSheet> = {}, book: Partial<XBook> = {}): Buffer {
  const row = HEADER.map((column) => (column in cells ? cells[column]! : (NEW_ROW[column] ?? null)));
  return xlsx({ sheets: [{ name: 'allegiances', rows: [...FIXTURE_ROWS, row], ...sheet }], ...book });
}

/** Imports a workbook into a copy of the fixture data; the report, and the allegiances the data then holds. */
async function imported(book: Buffer, ...args: string[]) {
  const data = datasetWith();
  const before = readFileSync(join(data, 'allegiances.csv'), 'utf8');
  const run = await importJson(book, data, ...args);
  const rows = csvRecords(join(data, 'allegiances.csv'));
  return { ...run, data, rows, written: readFileSync(join(data, 'allegiances.csv'), 'utf8') !== before, newRow: rows.find((r) => r.id === 'new-row') };
}

const findingsAt = (findings: readonly Finding[], cell: string) => findings.filter((f) => f.cell === cell && f.sheet === 'allegiances');

describe('cells, as each column expects them', () => {
  it('a number typed into an id cell is a finding at Sheet!Cell, the only one there, and nothing is written', async () => {
    const { code, report, written, path } = await imported(bookWith({ id: 42 }));
    expect(code).toBe(1);
    expect(written).toBe(false);
    expect(findingsAt(report.findings, 'A5').map(at)).toEqual([
      { code: 'workbook-number', file: path, sheet: 'allegiances', row: 5, column: 'id', cell: 'A5', value: '42' },
    ]);
    const [finding] = findingsAt(report.findings, 'A5');
    expect(finding!.message).toBe('`42` is a number, not text, and id holds text: a number keeps no leading zeros and at most 15 digits.');
    expect(finding!.hint).toMatch(/^Type it as text: format the cell \(or the whole column\) as Text before typing/);
  });

  it('the text report names the cell as Sheet!Cell, and GitHub annotates the workbook', async () => {
    const data = datasetWith();
    const text = await importBook(bookWith({ id: 42 }), data);
    expect(text.stdout).toMatch(/allegiances!A5\s+error\s+`42` is a number, not text/);
    expect(text.stdout).toContain('Nothing was written: fix the errors above in the workbook first.');
    const github = await importBook(bookWith({ id: 42 }), data, '--format', 'github');
    expect(github.stdout).toContain(`::error file=${github.path},title=workbook-number (allegiances!A5)::`);
  });

  it('a long number in a text column is never written as digits it lost', async () => {
    const { report, written } = await imported(bookWith({ notes: { v: '1.2345678901234568E+18' } }));
    expect(written).toBe(false);
    expect(findingsAt(report.findings, 'K5').map(at)).toEqual([
      expect.objectContaining({ code: 'workbook-number', value: '1.2345678901234568E+18', column: 'notes' }),
    ]);
  });

  it('a date or TRUE where text belongs is a finding too', async () => {
    const date = await imported(bookWith({ role: { v: 42037, s: 1 } }));
    expect(findingsAt(date.report.findings, 'E5')[0]).toMatchObject({
      code: 'workbook-number',
      value: '2015-02-02',
      message: 'The cell is a date (`2015-02-02`), not text, and role holds text.',
    });
    const logical = await imported(bookWith({ certainty: true }));
    expect(findingsAt(logical.report.findings, 'H5').map((f) => [f.code, f.value, f.message])).toEqual([
      ['workbook-number', 'TRUE', '`TRUE` is a logical value, not text, and certainty holds text.'],
    ]);
  });

  it('a real date in a date column is the day it stands for; said where the other dates are months or years', async () => {
    const amongMonths = await imported(bookWith({ started: { v: 42037, s: 1 } }));
    expect(amongMonths.written).toBe(true);
    expect(amongMonths.newRow!.started).toBe('2015-02-02');
    expect(findingsAt(amongMonths.report.findings, 'F5').map((f) => [f.code, f.severity, f.message])).toEqual([
      ['workbook-date', 'warning', 'The cell is a real date; it was read as the day `2015-02-02`, though the other dates in started are months or years.'],
    ]);
    const days = FIXTURE_ROWS.map((r, i) => (i === 0 ? r : r.map((cell, c) => (HEADER[c] === 'started' ? `2014-0${i}-1${i}` : cell))));
    const amongDays = await imported(
      xlsx({ sheets: [{ name: 'allegiances', rows: [...days, HEADER.map((c) => (c === 'started' ? { v: 42037, s: 1 } : (NEW_ROW[c] ?? null)))] }] }),
    );
    expect(amongDays.newRow!.started).toBe('2015-02-02');
    expect(findingsAt(amongDays.report.findings, 'F5')).toEqual([]);
  });

  it('a date shown as a month or a year is that month or year; one with a time is its day; a typed year is the year', async () => {
    const month = await imported(bookWith({ started: { v: 42036, s: 2 } }));
    expect(month.newRow!.started).toBe('2015-02');
    expect(findingsAt(month.report.findings, 'F5').map((f) => f.message)).toEqual([
      'The cell is a real date shown as a month (`2015-02-01`); it was read as the month `2015-02`.',
    ]);
    const year = await imported(bookWith({ started: { v: 42036, s: 3 } }));
    expect(year.newRow!.started).toBe('2015');
    const time = await imported(bookWith({ started: { v: 42037.75, s: 4 } }));
    expect(time.newRow!.started).toBe('2015-02-02');
    expect(findingsAt(time.report.findings, 'F5').map((f) => f.code)).toEqual(['workbook-date']);
    const typedYear = await imported(bookWith({ started: 2015 }));
    expect(typedYear.newRow!.started).toBe('2015');
    expect(findingsAt(typedYear.report.findings, 'F5')).toEqual([]);
  });

  it('a day number in a General cell of a date column is explained as the spreadsheet date it is', async () => {
    const { report } = await imported(bookWith({ started: 42036 }));
    expect(findingsAt(report.findings, 'F5').map((f) => f.code)).toEqual(['spreadsheet-date']);
  });

  it('a line break pasted from Windows (Excel keeps it as `_x000D_` and LF) is a LF, as the canonical CSV has it', async () => {
    const { newRow, written } = await imported(bookWith({ notes: 'first line_x000D_\nsecond line\rthird' }));
    expect(written).toBe(true);
    expect(newRow!.notes).toBe('first line\nsecond line\nthird');
  });

  it('the 1904 date system (old Excel for Mac) counts from 1904', async () => {
    const { newRow } = await imported(bookWith({ started: { v: 40575, s: 1 } }, {}, { date1904: true }));
    expect(newRow!.started).toBe('2015-02-02');
  });

  it('a formula gives its saved result, never run, with a warning; one with no result is an error', async () => {
    const cached = await imported(bookWith({ subject_id: { f: 'LOWER("KEBEKOV")', t: 'str', v: 'kebekov' } }));
    expect(cached.written).toBe(true);
    expect(cached.newRow!.subject_id).toBe('kebekov');
    expect(findingsAt(cached.report.findings, 'B5').map((f) => [f.code, f.severity, f.message])).toEqual([
      ['workbook-formula', 'warning', 'The cell holds a formula; the result saved with it, `kebekov`, was read (formulas are never run).'],
    ]);
    const none = await imported(bookWith({ subject_id: { f: 'WEBSERVICE("http://example.org")' } }));
    expect(none.written).toBe(false);
    expect(findingsAt(none.report.findings, 'B5').map((f) => [f.code, f.severity])).toEqual([['workbook-formula-no-value', 'error']]);
  });

  it('an error value is a finding, and the reference it stands in for is not also reported', async () => {
    const { report, written } = await imported(bookWith({ target_id: { t: 'e', v: '#REF!', f: 'Sheet2!A1' } }));
    expect(written).toBe(false);
    expect(findingsAt(report.findings, 'D5').map((f) => [f.code, f.value, f.message])).toEqual([
      ['workbook-error-value', '#REF!', '`#REF!` is an error value in place of a value: a formula in the cell failed.'],
    ]);
  });

  it('merged cells are an error; hidden rows and columns a warning, their cells imported', async () => {
    const merged = await imported(bookWith({}, { merged: ['J5:K5'] }));
    expect(merged.written).toBe(false);
    expect(merged.report.findings.filter((f) => f.code === 'workbook-merged-cells').map(at)).toEqual([
      expect.objectContaining({ sheet: 'allegiances', row: 5, cell: 'J5', column: 'quote', value: 'J5:K5' }),
    ]);
    const rows = FIXTURE_ROWS.map((cells, i) => ({ cells, hidden: i === 2 }));
    const hidden = await imported(
      xlsx({
        sheets: [
          {
            name: 'allegiances',
            rows: [...rows, { cells: HEADER.map((c) => (c === 'notes' ? 'In a hidden column.' : (NEW_ROW[c] ?? null))) }],
            hiddenColumns: [[11, 11]],
          },
        ],
      }),
    );
    expect(hidden.written).toBe(true);
    expect(hidden.newRow!.notes).toBe('In a hidden column.');
    expect(hidden.report.findings.filter((f) => f.code === 'workbook-hidden').map((f) => [f.row, f.cell, f.message])).toEqual([
      [1, 'K1', 'Columns K are hidden and imported like the others.'],
      [3, undefined, 'A row of the table is hidden (by a filter or by Hide) and imported like the others: 3.'],
    ]);
  });

  it('a cell right of the last column is an error, and is not read', async () => {
    const { report, written } = await imported(
      xlsx({ sheets: [{ name: 'allegiances', rows: [...FIXTURE_ROWS, [...HEADER.map((c) => NEW_ROW[c] ?? null), 'stray']] }] }),
    );
    expect(written).toBe(false);
    expect(report.findings.filter((f) => f.code === 'workbook-cell-outside-table').map((f) => [f.cell, f.value, f.message])).toEqual([
      ['L5', 'stray', '`stray` is right of the last column of the header (column K), where no column is; it was not read.'],
    ]);
  });
});

describe('what Excel writes that LibreOffice and Gnumeric do not', () => {
  it('inline strings read as shared ones do', async () => {
    const { rows, written } = await imported(bookWith({}, {}, { strings: 'inline' }));
    expect(written).toBe(true);
    expect(rows.map((r) => r.id)).toEqual(['jjq-affiliate', 'kebekov-leads-emirate', 'new-row', 'shishani-pledged']);
  });

  it('rich-text runs are one text, phonetic guides no part of it, _xHHHH_ escapes the characters they stand for', async () => {
    const { newRow } = await imported(
      bookWith({ notes: { runs: ['Said in ', 'bold', ' and plain.'], phonetic: 'ふりがな' }, role: 'amir_x000D__x000A_commander_x005F_x0041_' }),
    );
    expect(newRow!.notes).toBe('Said in bold and plain.');
    expect(newRow!.role).toBe('amir\ncommander_x0041_');
  });

  it('a sheet renamed by the user is its table by its header; findings name the sheet as it is called', async () => {
    const { report, written } = await imported(
      xlsx({ sheets: [{ name: 'My edits', rows: [...FIXTURE_ROWS, HEADER.map((c) => (c === 'id' ? 42 : (NEW_ROW[c] ?? null)))] }] }),
    );
    expect(written).toBe(false);
    expect(report.findings.filter((f) => f.code === 'workbook-number').map((f) => [f.sheet, f.cell])).toEqual([['My edits', 'A5']]);
    expect(report.tables.find((t) => t.table === 'allegiances')!.sheet).toBe('My edits');
  });

  it('a sheet that is no table, a second sheet for a table and a hidden sheet are said', async () => {
    const { report } = await imported(
      xlsx({
        sheets: [
          { name: 'allegiances', rows: FIXTURE_ROWS, state: 'hidden' },
          { name: 'Allegiances (2)', rows: FIXTURE_ROWS },
          { name: 'Notes', rows: [['my', 'notes']] },
        ],
      }),
    );
    expect(report.findings.filter((f) => f.code.startsWith('workbook-')).map((f) => [f.code, f.sheet, f.message])).toEqual([
      ['workbook-hidden', 'allegiances', 'The sheet `allegiances` is hidden and imported like the others.'],
      [
        'workbook-sheet-left-out',
        'Allegiances (2)',
        'The sheet `Allegiances (2)` is also the table `allegiances`, already read from the sheet `allegiances`; it was not read.',
      ],
      [
        'workbook-sheet-left-out',
        'Notes',
        'The sheet `Notes` is not a table of this dataset (neither its name nor its first row is that of `sources`, `actors`, `groups` or `allegiances`); it was not read.',
      ],
    ]);
  });
});

describe('the workbook rules in the catalogue', () => {
  it('each has a code, a severity and every message with a hint; the catalogue lists them', () => {
    const catalogue = readFileSync(join(REPO, 'generated', 'RULES.md'), 'utf8');
    for (const { meta, stages } of WORKBOOK_RULES) {
      expect(stages).toEqual(['workbook']);
      expect(catalogue).toContain(`## ${meta.code}`);
      for (const id of Object.keys(meta.messages)) {
        expect(meta.hints?.[id] ?? (id === 'noCells' ? '' : undefined), `${meta.code}.${id}`).toBeDefined();
        for (const name of placeholders(meta.messages[id]!)) expect(name).toMatch(/^[a-z]+$/i);
      }
    }
  });
});
