import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { formatCommand } from '../scripts/lib/cli/format-command.ts';
import type { CommandIO } from '../scripts/lib/cli/io.ts';
import { tableByName } from '../scripts/lib/model/load-model.ts';
import { readCsv } from '../scripts/lib/read/read-csv.ts';
import { canonicalCell, canonicalTable } from '../scripts/lib/write/canonical-csv.ts';
import { canonicalDataCopy, datasetWith, MODEL, REPO, validateDir, where } from './helpers/fixtures.ts';

// A canonical copy of the real data: the round trips compare with canonical bytes, whether or not
// the committed tables were formatted.
const DATA = await canonicalDataCopy();
const TABLES = MODEL.tables.map((t) => t.file);
const scratch = mkdtempSync(join(tmpdir(), 'spreadsheets-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function format(dataDir: string, ...args: string[]) {
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

/** The real data with one table re-saved the way a spreadsheet program would. */
function realDataWith(file: string, content: string | Uint8Array): string {
  return datasetWith({ [file]: content }, DATA);
}

const canonical = (file: string): Buffer => readFileSync(join(DATA, file));
const rowsOf = (file: string): string[][] =>
  Papa.parse<string[]>(canonical(file).toString('utf8'), { delimiter: ',', newline: '\n', skipEmptyLines: true }).data;
/** Re-serialises a canonical table with another program's conventions. */
const resave = (file: string, config: Papa.UnparseConfig): string => Papa.unparse(rowsOf(file), config);

function expectCanonicalAfterFormat(dir: string): void {
  for (const file of TABLES) expect(readFileSync(join(dir, file)).equals(canonical(file)), file).toBe(true);
}

describe('what spreadsheets write, formatted back to canonical bytes', () => {
  const cases: Record<string, string | Uint8Array> = {
    'Excel with a European list separator (;) and CRLF': resave('allegiances.csv', { delimiter: ';', newline: '\r\n' }),
    'Excel for Mac plain CSV (CR-only line endings)': resave('allegiances.csv', { newline: '\r' }),
    'Google Sheets (CRLF, no final newline)': resave('allegiances.csv', { newline: '\r\n' }),
    'Excel CSV UTF-8 (BOM, every cell quoted)': `\uFEFF${resave('allegiances.csv', { newline: '\r\n', quotes: true })}\r\n`,
    'Excel leaving off trailing empty cells': `${rowsOf('allegiances.csv')
      .map((r) => Papa.unparse([r.slice(0, r.findLastIndex((c) => c !== '') + 1)]))
      .join('\n')}\n`,
    'Tab-separated ("Unicode text")': `${resave('allegiances.csv', { delimiter: '\t', newline: '\n' })}\n`,
  };

  it.each(Object.entries(cases))('%s', async (_name, content) => {
    const dir = realDataWith('allegiances.csv', content);
    expect(readFileSync(join(dir, 'allegiances.csv')).equals(canonical('allegiances.csv'))).toBe(false);
    const check = await format(dir, '--check');
    expect(check.code).toBe(1);
    expect(check.output).toContain('allegiances.csv: not in canonical form');
    const { code } = await format(dir);
    expect(code).toBe(0);
    expectCanonicalAfterFormat(dir);
    expect((await format(dir, '--check')).code).toBe(0);
  });

  it('says what the spreadsheet did before formatting: semicolons, short rows', async () => {
    const report = await validateDir(realDataWith('allegiances.csv', cases['Excel with a European list separator (;) and CRLF']!));
    expect(report.findings.map((f) => f.code)).toEqual(['wrong-delimiter']);
    const short = await validateDir(realDataWith('allegiances.csv', cases['Excel leaving off trailing empty cells']!));
    expect(short.counts).toMatchObject({ error: 0, info: expect.any(Number) });
    expect(new Set(short.findings.map((f) => `${f.code}/${f.severity}`))).toEqual(new Set(['too-few-cells/info']));
  });
});

describe('what format refuses, and what validate says instead', () => {
  it('a Windows-1252 save: names the cell, the bytes and the save option, and format leaves the file alone', async () => {
    const text = resave('actors.csv', { newline: '\r\n' });
    // Excel's plain "CSV" on Windows: ’ becomes 0x92; the Cyrillic alias would become ?, so use a Latin-1 letter.
    const latin = text.replace('Sultan Zaynalabilov', 'Sultan Zaynalabilov (Zäynalabilov)');
    const bytes = Buffer.from([...latin].map((char) => (char === '’' ? 0x92 : char.charCodeAt(0) < 256 ? char.charCodeAt(0) : 0x3f)));
    const dir = realDataWith('actors.csv', bytes);
    const report = await validateDir(dir);
    const notUtf8 = report.findings.filter((f) => f.code === 'not-utf8');
    expect(notUtf8.length).toBeGreaterThan(0);
    const za = notUtf8.find((f) => f.value?.includes('Z\uFFFDynalabilov'))!;
    expect(where(za)).toMatchObject({ file: 'data/actors.csv', column: 'name', cell: expect.stringMatching(/^B\d+$/) });
    expect(za.message).toContain('0xE4 (in Windows-1252 `ä`');
    expect(notUtf8.find((f) => f.column === 'notes')!.message).toContain('0x92 (in Windows-1252 `’`');
    expect(za.hint).toContain('CSV UTF-8');
    const before = readFileSync(join(dir, 'actors.csv'));
    const { code, output } = await format(dir);
    expect(code).toBe(1);
    expect(output).toContain('/actors.csv: NOT rewritten');
    expect(output).toContain('not-utf8');
    expect(readFileSync(join(dir, 'actors.csv')).equals(before)).toBe(true);
  });

  it('a date rewritten to 2/1/2015: names the cell and the EDTF value it probably was', async () => {
    const rows = rowsOf('allegiances.csv');
    const index = rows.findIndex((r) => r[5] === '2013-12');
    rows[index]![5] = '12/1/2013';
    const report = await validateDir(realDataWith('allegiances.csv', `${Papa.unparse(rows, { newline: '\n' })}\n`));
    expect(report.findings.map(where)).toEqual([
      { code: 'spreadsheet-date', file: 'data/allegiances.csv', row: index + 1, column: 'started', cell: `F${index + 1}`, value: '12/1/2013' },
    ]);
    expect(report.findings[0]!.message).toContain('it was probably `2013-12` (or `2013-12-01`) if it is month/day, or `2013-01-12` if it is day/month');
  });

  it('characters replaced by ? in a plain-CSV save: a warning on the cell', async () => {
    const text = canonical('actors.csv').toString('utf8').replace('Ali Abu Muhammad|Kebekov', 'Ali Abu Muhammad|Kebekov|Алиасхаб Кебеков|Ali Abu Mu?ammad');
    const report = await validateDir(realDataWith('actors.csv', text));
    expect(report.findings.map((f) => [f.code, f.column, f.value])).toEqual([['replaced-characters', 'aliases', 'Ali Abu Mu?ammad']]);
  });
});

const soffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' });
const hasSoffice = soffice.status === 0;

describe.skipIf(!hasSoffice)('a real LibreOffice Calc round trip (default import and export settings)', () => {
  /** Converts every file of `from` with soffice into `to`, as a double-click, Save As and export would. */
  function convert(files: string[], format: string, outDir: string): void {
    const profile = `file://${join(scratch, 'profile')}`;
    const result = spawnSync('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', format, '--outdir', outDir, ...files], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(result.status, result.stderr).toBe(0);
  }

  it.each(['xlsx', 'ods'])('CSV → .%s → CSV, then format: byte-identical canonical files, or every changed cell reported', async (kind) => {
    const work = join(scratch, kind);
    cpSync(DATA, join(work, 'original'), { recursive: true });
    convert(
      TABLES.map((f) => join(work, 'original', f)),
      kind,
      join(work, 'saved'),
    );
    const saved = readdirSync(join(work, 'saved')).map((f) => join(work, 'saved', f));
    convert(saved, 'csv', join(work, 'exported'));
    const roundTripped = datasetWith(Object.fromEntries(TABLES.map((f) => [f, readFileSync(join(work, 'exported', f))])), DATA);
    expect((await format(roundTripped)).code).toBe(0);
    const report = await validateDir(roundTripped);
    for (const file of TABLES) {
      const before = rowsOf(file);
      const after = Papa.parse<string[]>(readFileSync(join(roundTripped, file), 'utf8'), { delimiter: ',', newline: '\n', skipEmptyLines: true }).data;
      before.forEach((cells, r) =>
        cells.forEach((cell, c) => {
          if (after[r]?.[c] === cell) return;
          const ref = `${String.fromCharCode(65 + c)}${r + 1}`;
          expect(
            report.findings.some((f) => f.file === `data/${file}` && f.cell === ref),
            `${file} ${ref}: ${cell} → ${after[r]?.[c]}`,
          ).toBe(true);
        }),
      );
    }
    // Today's data survives LibreOffice's defaults untouched; if it stops doing so, the loop above says where.
    expectCanonicalAfterFormat(roundTripped);
  });
});

describe('format loses nothing', () => {
  const table = tableByName(MODEL, 'allegiances');
  const cell = (column: (typeof table.columns)[number]) =>
    fc
      .string({
        unit: fc.oneof(fc.constantFrom(',', '"', '\n', '\r\n', '|', ' ', 'é', 'Ж', 'ع', '🙂', '日'), fc.string({ unit: 'grapheme', maxLength: 3 })),
        maxLength: 12,
      })
      .map((text) => canonicalCell(column, text));
  const row = fc.tuple(...table.columns.map((column, i) => (i === 0 ? cell(column).filter((id) => id !== '') : cell(column))));
  const header = table.columns.map((c) => c.name);

  async function parse(text: string): Promise<string[][]> {
    const path = join(scratch, `p-${Math.random().toString(36).slice(2)}.csv`);
    writeFileSync(path, text);
    const rows: string[][] = [];
    await readCsv(path, ({ cells }) => void rows.push([...cells]));
    return rows;
  }

  it('parse(canonical(rows)) gives back every row, sorted by id, and canonical form is a fixed point', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean(), async (rows, newline, quoteAll) => {
        const expected = rows
          .map((r, index) => ({ r, index }))
          .sort((a, b) => (a.r[0]! < b.r[0]! ? -1 : a.r[0]! > b.r[0]! ? 1 : a.index - b.index))
          .map(({ r }) => r);
        const text = canonicalTable(table, header, rows);
        expect(await parse(text)).toEqual([header, ...expected]);
        // Whatever line endings and quoting a program used, formatting gives the same canonical bytes.
        const resaved = Papa.unparse([header, ...rows], { newline, quotes: quoteAll });
        const [readHeader = [], ...readRows] = await parse(resaved);
        expect(canonicalTable(table, readHeader, readRows)).toBe(text);
      }),
      { numRuns: 150 },
    );
  });
});
