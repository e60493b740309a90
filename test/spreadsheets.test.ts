import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { tableByName } from '../scripts/lib/model/load-model.ts';
import { readCsv } from '../scripts/lib/read/read-csv-file.ts';
import { canonicalCell, canonicalTable, csvLine } from '../scripts/lib/write/canonical-csv.ts';
import { columnLetters, showDifference } from '../scripts/lib/check/finding.ts';
import { textReport } from '../scripts/lib/report/text.ts';
import { encodeLegacy } from '../scripts/lib/text/legacy-encodings.ts';
import { canonicalDataCopy, cellOf, datasetWith, MODEL, validateDir, where, formatData as format } from './helpers/fixtures.ts';

// A canonical copy of the real data: the round trips compare with canonical bytes, whether or not
// the committed tables were formatted.
const DATA = await canonicalDataCopy();
const TABLES = MODEL.tables.map((t) => t.file);
const scratch = mkdtempSync(join(tmpdir(), 'spreadsheets-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

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
  /** allegiances.csv with a typographic note added to its first row, in canonical form, and the cells that hold anything beyond ASCII. */
  function withTypography(): { text: string; damaged: string[]; nonAscii: number } {
    const rows = rowsOf('allegiances.csv');
    const notes = rows[0]!.indexOf('notes');
    rows[1]![notes] = `${rows[1]![notes]} “café” – Zäynalabilov’s`.trim();
    const text = `${rows.map((r) => csvLine(r)).join('\n')}\n`;
    const damaged = rows.flatMap((cells, r) => cells.flatMap((cell, c) => (/[^\u0000-\u007F]/.test(cell) ? [`${columnLetters(c)}${r + 1}`] : [])));
    return { text, damaged, nonAscii: [...text].filter((char) => char.charCodeAt(0) > 0x7f).length };
  }

  it.each(['Windows-1252', 'Mac Roman'] as const)(
    'a %s save: one finding for the file, format refuses it, format --fix converts it back to the UTF-8 bytes',
    async (encoding) => {
      const { text, damaged, nonAscii } = withTypography();
      const dir = realDataWith('allegiances.csv', encodeLegacy(text, encoding)!);
      const report = await validateDir(dir);
      expect(report.findings.map(where)).toEqual([
        { code: 'not-utf8', file: 'data/allegiances.csv', row: Number(damaged[0]!.slice(1)), column: 'notes', cell: damaged[0], value: expect.any(String) },
      ]);
      const [finding] = report.findings;
      const rows = new Set(damaged.map((cell) => cell.replace(/^[A-Z]+/, ''))).size;
      expect(finding!.message).toMatch(
        new RegExp(
          `^The file is not UTF-8: ${nonAscii} bytes on ${rows} rows \\(first in ${damaged.slice(0, 3).join(', ')}(, …)?\\) are not; they read as ${encoding}: `,
        ),
      );
      expect(finding!.message).toContain('`’`');
      expect(finding!.hint).toMatch(/^Run `npm run format -- --fix` to convert the file to UTF-8/);
      // The whole text report, summary included, fits on a screen.
      expect(textReport(report, { color: false }).trimEnd().split('\n').length).toBeLessThanOrEqual(20);

      const before = readFileSync(join(dir, 'allegiances.csv'));
      const refused = await format(dir);
      expect(refused.code).toBe(1);
      expect(refused.output).toContain('allegiances.csv: NOT rewritten');
      expect(readFileSync(join(dir, 'allegiances.csv')).equals(before)).toBe(true);

      const check = await format(dir, '--fix', '--check');
      expect(check.code).toBe(1);
      expect(check.output).toContain(
        `1 repair to make (nothing written):\n  ${join(dir, 'allegiances.csv')}: converted from ${encoding} (${nonAscii} bytes that are not UTF-8) to UTF-8\n`,
      );
      expect(readFileSync(join(dir, 'allegiances.csv')).equals(before)).toBe(true);

      const fixed = await format(dir, '--fix');
      expect(fixed.code).toBe(0);
      expect(readFileSync(join(dir, 'allegiances.csv'), 'utf8')).toBe(text);
      expect((await validateDir(dir)).findings).toEqual([]);
    },
  );

  it('a UTF-8 file with one byte typed in another encoding: a finding on that cell, and --fix does not guess', async () => {
    const { text } = withTypography();
    // The é of the café added to the first row typed as the Windows-1252 byte 0xE9; everything else stays UTF-8.
    const at = text.indexOf('café') + 3;
    const bytes = Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0xe9]), Buffer.from(text.slice(at + 1))]);
    const dir = realDataWith('allegiances.csv', bytes);
    const report = await validateDir(dir);
    expect(report.findings.map(where)).toEqual([
      {
        code: 'not-utf8',
        file: 'data/allegiances.csv',
        row: 2,
        column: 'notes',
        cell: cellOf('allegiances', 'notes', 2),
        value: expect.stringContaining('“caf\uFFFD”'),
      },
    ]);
    expect(report.findings[0]!.message).toMatch(/ contains a byte that is not UTF-8: 0xE9 \(in Windows-1252 `é`, in Mac Roman `È`\)\.$/);
    const { code, output } = await format(dir, '--fix');
    expect(code).toBe(1);
    expect(output).not.toContain('repair');
    expect(readFileSync(join(dir, 'allegiances.csv')).equals(bytes)).toBe(true);
  });

  it('a date rewritten to 2/1/2015: names the cell and the EDTF value it probably was', async () => {
    const rows = rowsOf('allegiances.csv');
    const started = rows[0]!.indexOf('started');
    const index = rows.findIndex((r) => r[started] === '2013-12');
    rows[index]![started] = '12/1/2013';
    const report = await validateDir(realDataWith('allegiances.csv', `${Papa.unparse(rows, { newline: '\n' })}\n`));
    expect(report.findings.map(where)).toEqual([
      {
        code: 'spreadsheet-date',
        file: 'data/allegiances.csv',
        row: index + 1,
        column: 'started',
        cell: cellOf('allegiances', 'started', index + 1),
        value: '12/1/2013',
      },
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

describe.skipIf(!hasSoffice)('a real LibreOffice opening UTF-8 as Windows-1252 and saving it as UTF-8', () => {
  it('validate finds every damaged cell and shows its original; format -- --fix gives back the original bytes', async () => {
    const work = join(scratch, 'garbled');
    // The real data, with names in other scripts added to the first actor, so that more than punctuation is at stake.
    const actors = rowsOf('actors.csv');
    const aliases = actors[0]!.indexOf('aliases');
    actors[1]![aliases] = [actors[1]![aliases], 'Алиасхаб Нохчийчоь', 'ქართული', 'أبو بكر', 'Əli Şişani', 'Müller café 🙂'].filter(Boolean).join('|');
    const original = realDataWith('actors.csv', `${actors.map((r) => csvLine(r)).join('\n')}\n`);
    // Import with character set 1 (Windows-1252), export as 76 (UTF-8): what the Text Import dialog's default does in many locales.
    const profile = `file://${join(scratch, 'profile')}`;
    const result = spawnSync(
      'soffice',
      [
        `-env:UserInstallation=${profile}`,
        '--headless',
        '--infilter=CSV:44,34,1',
        '--convert-to',
        'csv:Text - txt - csv (StarCalc):44,34,76',
        '--outdir',
        join(work, 'saved'),
        ...TABLES.map((f) => join(original, f)),
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(result.status, result.stderr).toBe(0);
    const garbled = datasetWith(Object.fromEntries(TABLES.map((f) => [f, readFileSync(join(work, 'saved', f))])), original);

    const report = await validateDir(garbled);
    const changed: { file: string; cell: string; before: string; after: string }[] = [];
    for (const file of TABLES) {
      const before = Papa.parse<string[]>(readFileSync(join(original, file), 'utf8'), { delimiter: ',', newline: '\n', skipEmptyLines: true }).data;
      const after = Papa.parse<string[]>(readFileSync(join(garbled, file), 'utf8'), { delimiter: ',', newline: '\n', skipEmptyLines: true }).data;
      before.forEach((cells, r) =>
        cells.forEach((cell, c) => {
          if (after[r]?.[c] !== cell) changed.push({ file: `data/${file}`, cell: `${columnLetters(c)}${r + 1}`, before: cell, after: after[r]?.[c] ?? '' });
        }),
      );
    }
    expect(changed.length).toBeGreaterThan(0);
    // Findings come file by file (in name order), then row by row and cell by cell, as `changed` does within a file.
    changed.sort((a, b) => a.file.localeCompare(b.file));
    expect(report.findings.map((f) => [f.code, f.file, f.cell])).toEqual(changed.map((c) => ['garbled-text', c.file, c.cell]));
    for (const finding of report.findings) {
      const { before, after } = changed.find((c) => c.file === finding.file && c.cell === finding.cell)!;
      expect(finding.message).toBe(
        `${showDifference(after, before).join(' is garbled: its UTF-8 was read as Windows-1252 and saved again. It was probably ')}.`,
      );
    }

    expect((await format(garbled, '--fix')).code).toBe(0);
    for (const file of TABLES) expect(readFileSync(join(garbled, file)).equals(readFileSync(join(original, file))), file).toBe(true);
    expect((await validateDir(garbled)).findings).toEqual([]);
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
