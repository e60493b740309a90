import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { normaliseForQuote } from '../scripts/lib/check/archive.ts';
import { normaliseWithOffsets } from '../scripts/lib/check/quote-difference.ts';
import type { Finding } from '../scripts/lib/check/finding.ts';
import { parseCommandArgs } from '../scripts/lib/cli/args.ts';
import type { CommandIO } from '../scripts/lib/cli/io.ts';
import { siteCommand } from '../scripts/lib/cli/site-command.ts';
import { VALIDATE_USAGE } from '../scripts/lib/cli/validate-command.ts';
import { csvLine } from '../scripts/lib/write/canonical-csv.ts';
import { canonicalDataCopy, datasetWith, formatData as format, MODEL, REPO, scratchDir, validateDir } from './helpers/fixtures.ts';
import { ACCIDENTS } from './helpers/rule-cases.ts';

const run = promisify(execFile);
const has = (command: string): boolean => {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const sourceTable = MODEL.tables.find((t) => t.archive)!;
const archiveOf = (id: string): string => sourceTable.archive!.split('{id}').join(id);
const errorsOf = (findings: readonly Finding[]) => findings.filter((f) => f.severity === 'error');

/** The rows of a table as cells, the header first. */
const rowsOf = (path: string): string[][] => Papa.parse<string[]>(readFileSync(path, 'utf8').trimEnd(), { header: false }).data;
const writeRows = (path: string, rows: readonly (readonly string[])[]): void => writeFileSync(path, `${rows.map((r) => csvLine(r)).join('\n')}\n`);

describe('archived texts as a contributor saves them, in a copy of the real data', () => {
  /** The real data with one source's text re-encoded by iconv, as Notepad or TextEdit would have saved it. */
  async function reencoded(to: string, crlf = true): Promise<{ dir: string; path: string; original: Buffer }> {
    const dir = await canonicalDataCopy();
    const [id] = readdirSync(join(dir, 'archive'))
      .filter((name) => name.endsWith('.txt'))
      .map((name) => name.slice(0, -4))
      .filter((candidate) => /[“”’‘]/.test(readFileSync(join(dir, archiveOf(candidate)), 'utf8')));
    expect(id, 'a source whose text has typographic quotes').toBeDefined();
    const path = join(dir, archiveOf(id!));
    const original = readFileSync(path);
    const text = crlf ? original.toString('utf8').replace(/\n/g, '\r\n') : original.toString('utf8');
    // Characters Windows-1252 lacks would stop iconv; the articles are English, with typographic punctuation.
    writeFileSync(path, execFileSync('iconv', ['-f', 'UTF-8', '-t', to], { input: text }));
    return { dir, path, original: crlf ? Buffer.from(text) : original };
  }

  it.skipIf(!has('iconv'))(
    'Notepad\'s "Unicode" (iconv -t UTF-16): one finding on the file, quotes still checked, and --fix converts it to the UTF-8 it was',
    async () => {
      const { dir, path, original } = await reencoded('UTF-16');
      expect(readFileSync(path).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xfe]));
      const report = await validateDir(dir);
      expect(errorsOf(report.findings).map((f) => [f.code, f.file, f.message])).toEqual([
        [
          'archive-encoding',
          `data/${path.slice(dir.length + 1)}`,
          `data/${path.slice(dir.length + 1)} is encoded as UTF-16LE (Notepad’s “Unicode”), not UTF-8.`,
        ],
      ]);
      const fixed = await format(dir, '--fix');
      expect(fixed.output).toContain(`  ${path}: converted from UTF-16LE to UTF-8\n`);
      expect(fixed.code).toBe(0);
      expect(readFileSync(path).equals(original)).toBe(true);
      expect(errorsOf((await validateDir(dir)).findings)).toEqual([]);
    },
  );

  it.skipIf(!has('iconv'))(
    'Notepad\'s "ANSI" (iconv -t WINDOWS-1252): named as such, with what its bytes read as; --fix --check lists it and writes nothing, --fix converts it',
    async () => {
      const { dir, path, original } = await reencoded('WINDOWS-1252');
      const saved = readFileSync(path);
      const report = await validateDir(dir);
      const [finding, ...others] = errorsOf(report.findings);
      expect(others).toEqual([]);
      expect(finding).toMatchObject({ code: 'archive-encoding', file: `data/${path.slice(dir.length + 1)}` });
      expect(finding!.message).toMatch(/ is not UTF-8: \d+ bytes on \d+ lines \(first on line \d+\) are not; they read as Windows-1252: `[^`]*’/);
      const checked = await format(dir, '--fix', '--check');
      expect(checked.code).toBe(1);
      expect(checked.output).toMatch(
        new RegExp(`  ${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: converted from Windows-1252 \\(\\d+ bytes that are not UTF-8\\) to UTF-8\\n`),
      );
      expect(checked.output).toContain(`${path}: has repairs to make`);
      expect(readFileSync(path).equals(saved)).toBe(true);
      expect((await format(dir, '--fix')).code).toBe(0);
      expect(readFileSync(path).equals(original)).toBe(true);
    },
  );

  it.skipIf(!has('iconv'))('TextEdit\'s "Western (Mac OS Roman)" (iconv -t MACINTOSH), without CRLF: Mac Roman, converted back exactly', async () => {
    const { dir, path, original } = await reencoded('MACINTOSH', false);
    expect((await validateDir(dir)).findings.map((f) => f.message)).toEqual([expect.stringContaining('they read as Mac Roman: ')]);
    await format(dir, '--fix');
    expect(readFileSync(path).equals(original)).toBe(true);
  });

  it.each(Object.entries(ACCIDENTS).filter(([name]) => /archived text|PDF/.test(name)))(
    '%s: --fix converts it when that is certain, and leaves it otherwise',
    async (_name, { files, findings }) => {
      const dir = datasetWith(files);
      const before = new Map(Object.keys(files).map((file) => [file, existsSync(join(dir, file)) ? readFileSync(join(dir, file)) : undefined]));
      const fixed = await format(dir, '--fix');
      const certain = findings.some((f) => f.code === 'archive-encoding' && /Run `npm run format -- --fix`/.test(f.hint ?? ''));
      const left = (await validateDir(dir)).findings;
      if (certain) {
        expect(fixed.output).toMatch(/: converted from .* to UTF-8\n/);
        expect(left.filter((f) => f.code === 'archive-encoding')).toEqual([]);
        expect(left.filter((f) => f.severity === 'error')).toEqual([]);
      } else {
        expect(fixed.output).not.toContain('converted from');
        for (const [file, bytes] of before) if (file.startsWith('archive/') && bytes) expect(readFileSync(join(dir, file)).equals(bytes), file).toBe(true);
        expect(left.map((f) => f.code)).toEqual(findings.map((f) => f.code));
      }
    },
  );

  it('plain format and format --check name an archived text that --fix would convert, in one line each, and change nothing', async () => {
    const files = {
      ...ACCIDENTS['an archived text saved by Notepad as "Unicode" (UTF-16 with a byte order mark)']!.files,
      'archive/src-b.txt': `\uFEFF${readFileSync(join(REPO, 'test', 'fixtures', 'base', 'archive', 'src-b.txt'), 'utf8')}`,
    };
    const dir = datasetWith(files);
    const before = ['archive/src-c.txt', 'archive/src-b.txt'].map((file) => readFileSync(join(dir, file)));
    for (const args of [[], ['--check']]) {
      const { code, output } = await format(dir, ...args);
      expect(code, args.join(' ')).toBe(0);
      expect(output.split('\n').filter((line) => line.includes('archive/'))).toEqual([
        `${join(dir, 'archive', 'src-b.txt')}: in UTF-8 with a byte order mark, left as it is; \`npm run format -- --fix\` converts it to UTF-8`,
        `${join(dir, 'archive', 'src-c.txt')}: in UTF-16LE, left as it is; \`npm run format -- --fix\` converts it to UTF-8`,
      ]);
    }
    expect(['archive/src-c.txt', 'archive/src-b.txt'].map((file) => readFileSync(join(dir, file)))).toEqual(before);
  });

  it('a text that could not be read right gets no quote finding, however its quotes stand', async () => {
    // Every quote of the real data cites a source; make each source's text unreadable in turn and see no quote-not-found.
    const dir = await canonicalDataCopy();
    for (const name of readdirSync(join(dir, 'archive')).filter((n) => n.endsWith('.txt')))
      writeFileSync(join(dir, 'archive', name), Buffer.concat([Buffer.from('é', 'utf8'), Buffer.from([0xe9]), readFileSync(join(dir, 'archive', name))]));
    const report = await validateDir(dir);
    expect(report.findings.filter((f) => f.code === 'quote-not-found')).toEqual([]);
    expect(new Set(errorsOf(report.findings).map((f) => f.code))).toEqual(new Set(['archive-encoding']));
  });
});

describe('quotes: what is tolerated is exactly what the normalisation does, and positions map back to each text', () => {
  it('normaliseWithOffsets gives normaliseForQuote, and each character comes from where it says', () => {
    const pieces = ['a', 'B', ' ', '  ', '\n', '\t', '\u00A0', '’', '‘', '“', '”', '«', '»', '…', '...', '[...]', 'é', 'e\u0301', '–', '"', "'"];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        const { original, text: normalised, from } = normaliseWithOffsets(text);
        expect(normalised).toBe(normaliseForQuote(text));
        expect(from.length).toBe(normalised.length + 1);
        for (let i = 0; i < normalised.length; i++) {
          const char = original[from[i]!]!;
          expect(normaliseForQuote(char === '…' ? '…' : char) || ' ').toContain(normalised[i] === ' ' ? ' ' : normalised[i]);
        }
      }),
    );
  });
});

describe('ids typed as names, in a copy of the real data', () => {
  it('`Islamic-State` or `islamic_state` for an id is suggested, and --fix writes the id, leaving the file as it was', async () => {
    const dir = await canonicalDataCopy();
    const table = MODEL.tables.find((t) => t.columns.some((c) => c.references && !c.list))!;
    const column = table.columns.find((c) => c.references && !c.list)!;
    const path = join(dir, table.file);
    const original = readFileSync(path);
    const rows = rowsOf(path);
    const at = rows[0]!.indexOf(column.name);
    // Two rows whose reference has a hyphen: one typed with capitals, one with underscores.
    const edited = rows.flatMap((cells, i) => (i > 0 && cells[at]!.includes('-') ? [i] : [])).slice(0, 2);
    expect(edited).toHaveLength(2);
    const typed = [
      rows[edited[0]!]![at]!.replace(/(^|-)(\w)/g, (_m, dash: string, letter: string) => `${dash}${letter.toUpperCase()}`),
      rows[edited[1]!]![at]!.replace(/-/g, '_'),
    ];
    const ids = edited.map((i) => rows[i]![at]!);
    edited.forEach((i, n) => (rows[i]![at] = typed[n]!));
    writeRows(path, rows);
    const findings = errorsOf((await validateDir(dir)).findings);
    expect(findings.map((f) => [f.code, f.value, f.hint])).toEqual(
      edited.map((_, n) => [
        'invalid-value',
        typed[n],
        `Did you mean \`${ids[n]}\`? Ids are written in lowercase, with \`-\` between words; \`npm run format -- --fix\` writes it so.`,
      ]),
    );
    const fixed = await format(dir, '--fix');
    for (let n = 0; n < 2; n++) expect(fixed.output).toContain(`(${column.name}): \`${typed[n]}\` → \`${ids[n]}\``);
    expect(readFileSync(path).equals(original)).toBe(true);
  });

  it('an id typed as a name that stands for no row is not suggested, nor rewritten', async () => {
    const dir = datasetWith(ACCIDENTS['an id typed as a name (capitals, `_`): the id it stands for is suggested']!.files);
    const path = join(dir, 'allegiances.csv');
    writeFileSync(path, readFileSync(path, 'utf8').replace('Kebekov,', 'Nobody_Known,'));
    const findings = (await validateDir(dir)).findings.filter((f) => f.cell === 'B5');
    expect(findings.map((f) => [f.code, f.hint?.startsWith('Did you mean')])).toEqual([['invalid-value', false]]);
    const { output } = await format(dir, '--fix', '--check');
    expect(output).not.toContain('Nobody_Known` →');
    expect(output).toContain('`Src_A` → `src-a`');
  });
});

describe('a primary key typed as a name', () => {
  const name = 'a new row whose id is typed as a name (`Islamic-State`), referred to as its id: the id is suggested, and --fix writes it';

  it('--fix writes the id it stands for, and the data is valid after', async () => {
    const dir = datasetWith(ACCIDENTS[name]!.files);
    const fixed = await format(dir, '--fix');
    expect(fixed.output).toContain('groups.csv A4 (id): `Islamic-State` → `islamic-state`');
    expect(errorsOf((await validateDir(dir)).findings)).toEqual([]);
  });

  it('is not suggested, nor rewritten, when a row before has that id: it would be a second row with it', async () => {
    const dir = datasetWith(ACCIDENTS[name]!.files);
    const path = join(dir, 'groups.csv');
    writeFileSync(path, readFileSync(path, 'utf8').replace('Islamic-State,', 'Emirate,'));
    const findings = (await validateDir(dir)).findings.filter((f) => f.file === 'data/groups.csv' && f.cell === 'A4');
    expect(findings.map((f) => [f.code, f.hint?.startsWith('Did you mean')])).toEqual([
      ['duplicate-id', false],
      ['invalid-value', false],
    ]);
    expect((await format(dir, '--fix', '--check')).output).not.toContain('`Emirate` →');
  });
});

describe('dates as a real Gnumeric saves them', () => {
  it.skipIf(!has('ssconvert'))('ssconvert writes 2014/11/24: found, said to be Gnumeric, and --fix writes back every day but the 1sts', async () => {
    const dir = await canonicalDataCopy();
    const dated = MODEL.tables.filter((t) => t.columns.some((c) => c.date));
    const scratch = scratchDir('gnumeric-');
    const days = new Set<string>();
    for (const table of dated) {
      const path = join(dir, table.file);
      for (const cells of rowsOf(path)) for (const cell of cells) if (/^\d{4}-\d{2}-\d{2}$/.test(cell)) days.add(cell);
      const out = join(scratch, table.file);
      execFileSync('ssconvert', [path, out], { stdio: 'ignore' });
      cpSync(out, path);
    }
    expect([...days].length, 'the data has full dates').toBeGreaterThan(0);
    const written = dated.flatMap((t) => rowsOf(join(dir, t.file)).flat());
    // What Gnumeric wrote for them: year, month, day with slashes.
    for (const day of days) expect(written).toContain(day.replace(/-/g, '/'));
    const found = (await validateDir(dir)).findings.filter((f) => f.code === 'spreadsheet-date');
    expect(found.length).toBeGreaterThan(0);
    for (const finding of found)
      expect(finding.message).toMatch(/^`\d{4}\/\d{2}\/\d{2}` looks like a date rewritten by a spreadsheet \(Gnumeric writes dates so\); it was probably `/);
    await format(dir, '--fix');
    const left = (await validateDir(dir)).findings.filter((f) => f.code === 'spreadsheet-date');
    // A 1st may be a month Gnumeric stored as its first day: only those are left, for a person to decide.
    expect(left.length).toBeGreaterThan(0);
    for (const finding of left) expect(finding.value).toMatch(/\/01$/);
    const after = dated.flatMap((t) => rowsOf(join(dir, t.file)).flat());
    for (const day of [...days].filter((d) => !d.endsWith('-01'))) expect(after).toContain(day);
  });
});

describe('format --check says why each file is not canonical', () => {
  it('as refresh --check does, for each kind of difference', async () => {
    const dir = datasetWith({
      'actors.csv': readFileSync(join(REPO, 'test', 'fixtures', 'base', 'actors.csv'), 'utf8').replace(/\n/g, '\r\n'),
      'groups.csv': `\uFEFF${readFileSync(join(REPO, 'test', 'fixtures', 'base', 'groups.csv'), 'utf8')}`,
    });
    const { code, output } = await format(dir, '--check');
    expect(code).toBe(1);
    expect(output).toContain(`${join(dir, 'actors.csv')}: not in canonical form: its lines end in CRLF (Windows) instead of LF\n`);
    expect(output).toContain(`${join(dir, 'groups.csv')}: not in canonical form: it starts with a byte-order mark\n`);
    expect(output).toContain(`${join(dir, 'sources.csv')}: already canonical\n`);
  });
});

describe('npm run … without the --', () => {
  const io = (env: NodeJS.ProcessEnv, err: string[]): CommandIO => ({
    cwd: REPO,
    env,
    stdout: () => {},
    stderr: (t) => void err.push(t),
    stdoutIsTTY: false,
    appendFile: () => {},
  });
  const options = { data: { type: 'string', default: 'data' }, format: { type: 'string', default: 'text' } } as const;

  it('names what npm kept for itself and the command to type, for flags and for options with values', () => {
    const err: string[] = [];
    expect(parseCommandArgs(['some/dir'], io({ npm_lifecycle_event: 'validate', npm_config_data: 'true' }, err), VALIDATE_USAGE, options)).toBe(2);
    expect(err.join('')).toMatch(
      /^npm took --data as a setting of its own and did not pass it on to the command: options go after `--`, as in `npm run validate -- --data some\/dir`\.\n\nUsage: npm run validate/,
    );
    // npm expands --format to its own --format-package-lock: some versions say so in its setting, others only by the value left over.
    for (const env of [{ npm_config_format_package_lock: 'true' }, {}]) {
      const expanded: string[] = [];
      expect(parseCommandArgs(['json'], io({ npm_lifecycle_event: 'validate', ...env }, expanded), VALIDATE_USAGE, options)).toBe(2);
      expect(expanded.join('')).toMatch(
        /^npm took --format as a setting of its own and did not pass it on to the command: options go after `--`, as in `npm run validate -- --format json`\.\n/,
      );
    }
    const unexplained: string[] = [];
    expect(parseCommandArgs(['some/dir'], io({ npm_lifecycle_event: 'validate' }, unexplained), VALIDATE_USAGE, options)).toBe(2);
    expect(unexplained.join('')).toContain(
      "Unexpected argument 'some/dir'. This command does not take positional arguments.\nOptions go after `--`: `npm run validate -- --option value` (npm keeps options typed before `--` for itself, and passes on only their values: here `some/dir`).",
    );
    // Run otherwise than by npm, nothing is added.
    const direct: string[] = [];
    expect(parseCommandArgs(['json'], io({}, direct), VALIDATE_USAGE, options)).toBe(2);
    expect(direct.join('')).not.toContain('Options go after');
    expect(parseCommandArgs(['--data', 'x'], io({ npm_lifecycle_event: 'validate' }, []), VALIDATE_USAGE, options)).toMatchObject({ values: { data: 'x' } });
  });

  it('as a contributor types it: `npm run validate --data DIR` and `npm run format --fix` exit 2 and say what to type', async () => {
    const dir = datasetWith({ 'actors.csv': readFileSync(join(REPO, 'test', 'fixtures', 'base', 'actors.csv'), 'utf8').replace(/\n/g, '\r\n') });
    const before = readFileSync(join(dir, 'actors.csv'));
    const npm = (...args: string[]) =>
      run('npm', ['run', ...args], { cwd: REPO, env: { ...process.env, npm_config_data: undefined, npm_config_fix: undefined } }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
      );
    const validate = await npm('validate', '--data', dir);
    expect(validate.code).toBe(2);
    expect(validate.stderr).toContain(`options go after \`--\`, as in \`npm run validate -- --data ${dir}\`.`);
    const json = await npm('validate', '--format', 'json');
    expect(json.code).toBe(2);
    expect(json.stderr).toContain('options go after `--`, as in `npm run validate -- --format json`.');
    const formatted = await npm('format', '--fix');
    expect(formatted.code).toBe(2);
    expect(formatted.stderr).toContain(
      'npm took --fix as a setting of its own and did not pass it on to the command: options go after `--`, as in `npm run format -- --fix`.',
    );
    expect(readFileSync(join(dir, 'actors.csv')).equals(before)).toBe(true);
  }, 120_000);
});

describe('npm run site', () => {
  it('says the check page must be served, and how', async () => {
    const repo = scratchDir('site-message-');
    cpSync(join(REPO, 'schemas'), join(repo, 'schemas'), { recursive: true });
    cpSync(join(REPO, 'test', 'fixtures', 'base'), join(repo, 'data'), { recursive: true });
    const out: string[] = [];
    const code = await siteCommand([], { cwd: repo, env: {}, stdout: (t) => void out.push(t), stderr: () => {}, stdoutIsTTY: false, appendFile: () => {} });
    expect(code).toBe(0);
    expect(out.join('')).toMatch(
      /^Built dist\/site\/ \(\d+ files\)\. Open dist\/site\/index\.html to browse it\.\nThe check page \(check\.html\) works only when a web server serves the folder: serve the folder, e\.g\. `python3 -m http\.server --directory dist\/site 8000`/,
    );
  }, 120_000);
});
