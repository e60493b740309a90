import { execFile, execFileSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatCommand } from '../scripts/lib/cli/format-command.ts';
import { importCommand } from '../scripts/lib/cli/import-command.ts';
import { validateCommand } from '../scripts/lib/cli/validate-command.ts';
import type { CommandIO } from '../scripts/lib/cli/io.ts';
import type { Finding } from '../scripts/lib/check/finding.ts';
import { readCsv } from '../scripts/lib/read/read-csv-file.ts';
import { allegianceRow as row, ALLEGIANCES_HEADER, allegiances, BASE_FIXTURE, datasetWith, REPO, row as rowOf, scratchDir } from './helpers/fixtures.ts';
import { CASES, PATH_SCHEMA_CASES, SCHEMA_CASES } from './helpers/hostile-cases.ts';
import { HOSTILE_WORKBOOKS } from './helpers/hostile-workbooks.ts';
import { injectedCommands } from './helpers/hostile-text.ts';
import { markdownProblems } from './helpers/rendered-markdown.ts';
import { outputGuard } from '../scripts/lib/cli/process-io.ts';
import { callWithin } from './helpers/regex-time-limit.ts';
import { runIn } from './helpers/repo.ts';

async function validate(dataDir: string): Promise<{ code: number; findings: Finding[]; stderr: string; omitted: { code: string; count: number }[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIO = { cwd: REPO, env: {}, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), stdoutIsTTY: false, appendFile: () => {} };
  const code = await validateCommand(['--data', dataDir, '--format', 'json'], io);
  const report = code === 2 ? { findings: [], omitted: [] } : JSON.parse(out.join(''));
  return { code, findings: report.findings, omitted: report.omitted, stderr: err.join('') };
}

describe('hostile input', () => {
  it('has at least 50 cases', () => expect(Object.keys(CASES).length).toBeGreaterThanOrEqual(50));

  it.each(Object.entries(CASES))(
    '%s',
    async (_name, { files, expect: expected, prepare }) => {
      const dir = datasetWith(files());
      prepare?.(dir);
      const { code, findings, stderr } = await validate(dir);
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(code).toBe(1);
      const match = findings.find((f) =>
        Object.entries(expected).every(
          ([key, value]) => (f as unknown as Record<string, unknown>)[key] === (key === 'file' ? (value as string).replace('data/', `${dir}/`) : value),
        ),
      );
      expect(match, JSON.stringify(findings.filter((f) => f.code === expected.code).slice(0, 3))).toBeDefined();
      for (const finding of findings) expect((finding.value ?? '').length).toBeLessThanOrEqual(201);
      // What a case put beside the data directory (the targets of its links) goes with it.
      for (const name of readdirSync(dirname(dir))) if (name.startsWith(`${basename(dir)}-outside`)) rmSync(join(dirname(dir), name), { recursive: true });
    },
    60_000,
  );
});

describe('every output channel, on every hostile case', () => {
  // What a log or a terminal may receive besides text: a line feed (the report's colours are off here).
  const ANY_CONTROL_BUT_LF = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;

  it.each(Object.entries(CASES))(
    '%s',
    async (_name, { files, prepare }) => {
      const dir = datasetWith(files());
      prepare?.(dir);
      const out: string[] = [];
      let summary = '';
      const io: CommandIO = {
        cwd: REPO,
        env: { GITHUB_STEP_SUMMARY: 'summary.md', NO_COLOR: '1' },
        stdout: (t) => void out.push(t),
        stderr: (t) => void out.push(t),
        stdoutIsTTY: true,
        appendFile: (_path, t) => void (summary += t),
      };
      await validateCommand(['--data', dir, '--format', 'github'], io);
      // The annotations, then the text report: as the runner reads them, and as a terminal shows them.
      const log = out.join('');
      expect(injectedCommands(outputGuard(log), dir)).toEqual([]);
      expect(log).not.toMatch(ANY_CONTROL_BUT_LF);
      expect(markdownProblems(summary)).toEqual([]);
    },
    60_000,
  );
});

/** A copy of the repository's schemas with `edit` applied. */
function schemasWith(edit: (schemas: Record<string, Record<string, unknown>>) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'schemas-'));
  cpSync(join(REPO, 'schemas'), dir, { recursive: true });
  const documents = Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => [f, JSON.parse(readFileSync(join(dir, f), 'utf8'))]),
  );
  edit(documents);
  for (const [file, document] of Object.entries(documents)) writeFileSync(join(dir, file), JSON.stringify(document, null, 2));
  return dir;
}

const SCHEMA_CALLS = new URL('./helpers/schema-calls.ts', import.meta.url);

describe('hostile schemas', () => {
  const dirs = Object.fromEntries(Object.entries(SCHEMA_CASES).map(([name, { edit }]) => [name, schemasWith(edit)]));

  it.each(Object.entries(SCHEMA_CASES))(
    '%s: a schema error naming the file and the place',
    async (name, { file, pointer, says }) => {
      // In a worker with a time limit: a pattern that slipped through would hang this thread for hours.
      const outcome = await callWithin<{ message: string; file?: string; pointer?: string } | 'loaded'>(SCHEMA_CALLS, 'schemaErrorOf', [dirs[name]], 20_000);
      expect(outcome).toHaveProperty('value');
      const error = (outcome as { value: { message: string; file?: string; pointer?: string } }).value;
      expect(error).toMatchObject({ file, pointer });
      expect(error.message).toContain(`${file}#${pointer.length > 80 ? pointer.slice(0, 80) : pointer}`);
      expect(error.message).toContain(says);
    },
    30_000,
  );

  it('validate refuses a catastrophic pattern with exit 2 before reading the cell that would make it hang', async () => {
    const schemas = dirs['a nested quantifier that backtracks for hours']!;
    const data = datasetWith({
      'actors.csv': `${readFileSync(join(BASE_FIXTURE, 'actors.csv'), 'utf8')}${rowOf('actors', { id: 'long', name: `${'a'.repeat(40)}!`, source_ids: 'src-a' })}\n`,
    });
    const outcome = await callWithin<{ code: number; stdout: string; stderr: string }>(
      SCHEMA_CALLS,
      'validateWith',
      [REPO, '--schemas', schemas, '--data', data],
      30_000,
    );
    expect(outcome).toHaveProperty('value');
    const { code, stdout, stderr } = (outcome as { value: { code: number; stdout: string; stderr: string } }).value;
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('defs.schema.json#/$defs/Name/pattern: the pattern "^([a-z]+)+$" can take hours on a long cell that almost matches');
    expect(stderr).not.toMatch(/internal error|\n\s+at /);
  }, 40_000);
});

describe('bounded output and memory', () => {
  it('a million invalid rows: findings capped per rule, the rest counted, memory flat', async () => {
    const dir = datasetWith({ 'allegiances.csv': null });
    const fd = openSync(join(dir, 'allegiances.csv'), 'w');
    writeSync(fd, `${ALLEGIANCES_HEADER}\n`);
    const block = Array.from({ length: 10_000 }, (_, i) => (i % 2 ? row({ id: 'X' }) : row({ id: 'dup', kind: 'leadr_of' }))).join('\n');
    for (let i = 0; i < 100; i++) writeSync(fd, `${block}\n`);
    closeSync(fd);
    const before = process.memoryUsage().rss;
    const { code, findings, omitted } = await validate(dir);
    const grown = process.memoryUsage().rss - before;
    expect(code).toBe(1);
    const perCode = new Map<string, number>();
    for (const f of findings) perCode.set(f.code, (perCode.get(f.code) ?? 0) + 1);
    for (const count of perCode.values()) expect(count).toBeLessThanOrEqual(1000);
    expect(Object.fromEntries(omitted.map((o) => [o.code, o.count]))).toMatchObject({
      'invalid-value': 499_000,
      'value-not-allowed': 499_000,
      'duplicate-id': 998_998,
    });
    expect(grown).toBeLessThan(300 * 1024 * 1024);
  }, 120_000);
});

describe('csv-spectrum conformance', () => {
  const root = join(REPO, 'node_modules', 'csv-spectrum');
  const names = readdirSync(join(root, 'csvs')).map((f) => f.replace(/\.csv$/, ''));

  it.each(names)('%s', async (name) => {
    const rows: string[][] = [];
    await readCsv(join(root, 'csvs', `${name}.csv`), ({ cells }) => void rows.push([...cells]));
    const parsed = JSON.parse(readFileSync(join(root, 'json', `${name}.json`), 'utf8')) as Record<string, string> | Record<string, string>[];
    const expected = Array.isArray(parsed) ? parsed : [parsed];
    // csv-spectrum 2.0.0's own pair disagrees here: the CSV has 2095257564, its JSON 1234567890.
    if (name === 'location_coordinates') expected[0]!['Contact Phone Number'] = '2095257564';
    const [header = [], ...data] = rows;
    const objects = data.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])));
    // Line breaks inside cells are read as LF, whatever the file used (documented in the README).
    const normalised = expected.map((o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v.replace(/\r\n?/g, '\n')])));
    expect(objects).toEqual(normalised);
  });
});

describe('the real command line', () => {
  const run = promisify(execFile);
  it.each([
    ['a PNG', { 'actors.csv': Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 0)]) }, 'not-a-csv'],
    ['a 20 MB cell', { 'allegiances.csv': allegiances(row({ notes: 'x'.repeat(20 * 1024 * 1024) })) }, 'too-long'],
  ] as const)(
    '%s: exit 1, the finding, no stack trace',
    async (_name, files, code) => {
      const dir = datasetWith(files as Record<string, string | Uint8Array>);
      const result = await run('npx', ['tsx', 'scripts/validate.ts', '--data', dir], { cwd: REPO, maxBuffer: 1 << 26 }).then(
        (r) => ({ code: 0, ...r }),
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(code);
      expect(`${result.stdout}${result.stderr}`).not.toMatch(/\n\s+at /);
      expect(result.stdout.length).toBeLessThan(100_000);
    },
    60_000,
  );
});

/** A folder holding schemas/ and data/ (the base fixture), where commands run as from a repository. */
function scratchProject(): string {
  const dir = scratchDir('hostile-project-');
  cpSync(join(REPO, 'schemas'), join(dir, 'schemas'), { recursive: true });
  cpSync(datasetWith(), join(dir, 'data'), { recursive: true });
  return dir;
}

/** Every file below `dir` with its bytes, to show that nothing in it was written. */
const snapshot = (dir: string): Record<string, string> =>
  Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => [join(entry.parentPath, entry.name), readFileSync(join(entry.parentPath, entry.name)).toString('base64')]),
  );

describe('hostile schemas: a file named outside the data folder', () => {
  it.each(Object.entries(PATH_SCHEMA_CASES))(
    '%s: refused when the model is built, by validate and format, naming the schema and keyword',
    async (_name, { schema, keyword, value }) => {
      const project = scratchProject();
      const path = join(project, 'schemas', schema);
      writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), [keyword]: value }, null, 2));
      const before = snapshot(join(project, 'data'));
      for (const command of [validateCommand, formatCommand]) {
        const { code, stdout, stderr } = await runIn(command, project);
        expect(code).toBe(2);
        expect(stdout).toBe('');
        // Named as `actors.schema.json: x-file …`, or with the JSON pointer when the value is not even text.
        expect(stderr.replace(`${schema}#/${keyword}:`, `${schema}:`)).toContain(`${schema}: ${keyword} `);
        expect(stderr).not.toMatch(/\n\s+at /);
        // The value is quoted: no line of its own, whatever it holds.
        expect(stderr.trimEnd().split('\n')).toHaveLength(1);
      }
      expect(snapshot(join(project, 'data'))).toEqual(before);
    },
    30_000,
  );
});

describe('format and a table another program is writing', () => {
  /** The allegiances of the base fixture cut after their first data row, with CRLF line endings so that format would rewrite them. */
  const whole = allegiances(row({ id: 'later-row' }));
  const cut = `${whole.split('\n').slice(0, 2).join('\r\n')}\r\n`;

  it("a table that another process finishes writing while format runs is not replaced: exit 2, named, with what to do, and the other program's bytes kept", async () => {
    const project = scratchProject();
    const table = join(project, 'data', 'allegiances.csv');
    writeFileSync(table, cut);
    // A real second process writes the rest of the table between format's read and its rename.
    const rest = whole.split('\n').slice(2).join('\n');
    const finish = (path: string): void => {
      if (path === table) execFileSync(process.execPath, ['-e', `require('fs').appendFileSync(${JSON.stringify(table)}, ${JSON.stringify(rest)})`]);
    };
    const { code, stdout, stderr } = await runIn((args, io) => formatCommand(args, io, { beforeReplace: finish }), project);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'data/allegiances.csv was changed by another program while format was running, so format wrote nothing. Run `npm run format` again once that program is done with the file.\n',
    );
    expect(readFileSync(table, 'utf8')).toBe(`${cut}${rest}`);
    expect(readdirSync(join(project, 'data')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    // Run again once the other program is done: every row is kept.
    expect((await runIn(formatCommand, project)).code).toBe(0);
    expect(readFileSync(table, 'utf8').split('\n').sort()).toEqual(whole.split('\n').sort());
  });

  it('when one of several tables changes, none is replaced', async () => {
    const project = scratchProject();
    const data = join(project, 'data');
    const actors = readFileSync(join(data, 'actors.csv'), 'utf8').replace(/\n/g, '\r\n');
    writeFileSync(join(data, 'actors.csv'), actors);
    writeFileSync(join(data, 'allegiances.csv'), cut);
    const edited = `${cut}${row({ id: 'typed-meanwhile' })}\r\n`;
    // Another program saves allegiances.csv while format is about to replace the tables.
    const save = (path: string): void => void (path.endsWith('allegiances.csv') && writeFileSync(path, edited));
    const { code, stderr } = await runIn((args, io) => formatCommand(args, io, { beforeReplace: save }), project);
    expect(code).toBe(2);
    expect(stderr).toContain('data/allegiances.csv was changed by another program while format was running, so format wrote nothing.');
    expect(readFileSync(join(data, 'actors.csv'), 'utf8')).toBe(actors);
    expect(readFileSync(join(data, 'allegiances.csv'), 'utf8')).toBe(edited);
  });

  it('a file touched but not changed in content still counts as changed: format never guesses', async () => {
    const project = scratchProject();
    const table = join(project, 'data', 'allegiances.csv');
    writeFileSync(table, cut);
    const { code } = await runIn(
      (args, io) => formatCommand(args, io, { beforeReplace: (path) => void (path === table && writeFileSync(path, cut)) }),
      project,
    );
    expect(code).toBe(2);
    expect(readFileSync(table, 'utf8')).toBe(cut);
  });
});

const INTERNAL = /internal error|\bERR_[A-Z_]+|RangeError|TypeError|out of range|Maximum call stack|node:internal|\n\s+at \S+ \(|\n\s+at file:/;
const MB = 1024 * 1024;

describe('hostile workbooks given to import', () => {
  /** Every file under a folder, by path, with its bytes. */
  const contents = (dir: string): Record<string, string> =>
    Object.fromEntries(
      readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => [join(e.parentPath, e.name).slice(dir.length), readFileSync(join(e.parentPath, e.name), 'latin1')]),
    );

  it.each(Object.entries(HOSTILE_WORKBOOKS).filter(([name]) => name !== 'a sheet of a million rows'))(
    '%s: a finding in words naming what is wrong, nothing written but the tables, no stack trace',
    async (_name, hostile) => {
      const root = scratchDir('hostile-workbook-');
      const data = datasetWith();
      const before = contents(data);
      writeFileSync(join(root, 'contribution.xlsx'), hostile.build());
      const result = await runIn(importCommand, REPO, join(root, 'contribution.xlsx'), '--data', data);
      const output = `${result.stdout}${result.stderr}`;
      expect(result.code, output).toBe(hostile.exit);
      for (const words of hostile.says) expect(output).toContain(words);
      expect(output).not.toMatch(INTERNAL);
      const after = contents(data);
      // Only a workbook that imports writes, and only the tables.
      if (hostile.writes) expect(Object.keys(after)).toEqual(Object.keys(before));
      else expect(after).toEqual(before);
      expect(readdirSync(root)).toEqual(['contribution.xlsx']);
      expect(existsSync('/tmp/evil.txt') || existsSync(join(dirname(root), 'evil.txt'))).toBe(false);
    },
    120_000,
  );

  it('the large ones in the real command, each with its peak memory bounded (a million rows of errors included)', async () => {
    const hook = pathToFileURL(join(REPO, 'test', 'helpers', 'report-peak-rss.mjs')).href;
    const figures: string[] = [];
    for (const [name, hostile] of Object.entries(HOSTILE_WORKBOOKS).filter(([, h]) => h.measureMemory)) {
      const book = join(scratchDir('large-workbook-'), 'contribution.xlsx');
      writeFileSync(book, hostile.build());
      const data = datasetWith();
      const before = contents(data);
      const run = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--import', hook, 'scripts/import.ts', book, '--data', data], {
        cwd: REPO,
        env: { ...process.env, NO_COLOR: '1' },
        maxBuffer: 64 * MB,
      }).then(
        (r) => ({ code: 0, ...r }),
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
      const peak = Number(/peak-rss-bytes=(\d+)/.exec(run.stderr)?.[1]);
      const output = `${run.stdout}${run.stderr.replace(/\npeak-rss-bytes=\d+\n/, '')}`;
      figures.push(`${name}: exit ${run.code}, peak ${(peak / MB).toFixed(0)} MB`);
      expect(run.code, `${name}: ${output.slice(0, 2000)}`).toBe(hostile.exit);
      for (const words of hostile.says) expect(output, name).toContain(words);
      expect(output).not.toMatch(INTERNAL);
      if (hostile.writes) expect(Object.keys(contents(data)), name).toEqual(Object.keys(before));
      else expect(contents(data), name).toEqual(before);
      // A million rows of errors are the most a workbook can hold: checked, reported and diffed in under 1.6 GB.
      expect(peak, `${name}: ${peak} bytes`).toBeLessThan((name === 'a sheet of a million rows' ? 1600 : 400) * MB);
    }
    console.log(figures.join('\n'));
  }, 600_000);
});
