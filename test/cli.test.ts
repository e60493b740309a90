import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { validateCommand } from '../scripts/lib/cli/validate-command.ts';
import { textReport } from '../scripts/lib/report/text.ts';
import type { Finding } from '../scripts/lib/check/finding.ts';
import type { CommandIO } from '../scripts/lib/cli/io.ts';
import {
  allegianceRow as row,
  allegiances,
  BASE_FIXTURE,
  canonicalDataCopy,
  cellOf,
  columnsOf,
  datasetWith,
  MODEL,
  REPO,
  TABLE_NAMES,
} from './helpers/fixtures.ts';
import { readAllRecords } from '../scripts/lib/read/read-dataset.ts';

const run = promisify(execFile);

/** Runs the validate command in-process with captured output. */
async function validate(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const appended: Record<string, string> = {};
  const io: CommandIO = {
    cwd: REPO,
    env,
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    stdoutIsTTY: false,
    appendFile: (path, text) => void (appended[path] = (appended[path] ?? '') + text),
  };
  const code = await validateCommand(args, io);
  return { code, stdout: out.join(''), stderr: err.join(''), appended };
}

/** A fixture with one error (unknown subject, row 5) and one warning (space at the end of role, row 6). */
function twoFindings(): string {
  return datasetWith({
    'allegiances.csv': allegiances(row({ id: 'x1', subject_id: 'kebekovv' }), row({ id: 'x2', role: 'amir ' })),
  });
}

const B5 = cellOf('allegiances', 'subject_id', 5);
const E6 = cellOf('allegiances', 'role', 6);
/** The 1-based character column where a cell of an allegiances line starts, as a GitHub annotation gives it. */
const colOf = (column: string, line: string): number =>
  line.split(',').slice(0, columnsOf('allegiances').indexOf(column)).join(',').length + (column === 'id' ? 1 : 2);
/** The base fixture's rows, in all and per table. */
const base = await (async () => {
  const records = await readAllRecords(MODEL, BASE_FIXTURE);
  const perTable = new Map([...records].map(([name, rows]) => [name, rows.length]));
  return { perTable, rows: [...perTable.values()].reduce((a, b) => a + b, 0) };
})();

describe('npm run validate (the command)', () => {
  it('exits 0 on the real data', async () => {
    const { code, stdout } = await validate([]);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^✔ valid: 0 errors, 0 warnings in ${TABLE_NAMES.length} files \\(\\d+ rows\\)\\n$`));
  });

  it('prints the JSON report exactly', async () => {
    const dir = twoFindings();
    const { code, stdout } = await validate(['--data', dir, '--format', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect({
      ...report,
      dataDir: 'DIR',
      tables: report.tables.map((t: { file: string }) => ({ ...t, file: t.file.replace(dir, 'DIR') })),
      findings: report.findings.map((f: { file: string }) => ({ ...f, file: f.file.replace(dir, 'DIR') })),
    }).toEqual({
      reportVersion: 1,
      valid: false,
      dataDir: 'DIR',
      summary: { errors: 1, warnings: 1, info: 0, files: MODEL.tables.length, rows: base.rows + 2 },
      tables: MODEL.tables.map((t) => ({
        table: t.name,
        file: `DIR/${t.file}`,
        present: true,
        rows: base.perTable.get(t.name)! + (t.name === 'allegiances' ? 2 : 0),
      })),
      findings: [
        {
          code: 'reference-not-found',
          severity: 'error',
          file: 'DIR/allegiances.csv',
          row: 5,
          line: 5,
          column: 'subject_id',
          cell: B5,
          value: 'kebekovv',
          message: '`kebekovv` in subject_id is not the id of any row in actors.csv or groups.csv.',
          hint: 'Did you mean `kebekov`?',
        },
        {
          code: 'cell-whitespace',
          severity: 'warning',
          file: 'DIR/allegiances.csv',
          row: 6,
          line: 6,
          column: 'role',
          cell: E6,
          value: 'amir ',
          message: '`amir ` ends with a space.',
          hint: 'Delete the blank characters at the start and end of the cell.',
        },
      ],
      omitted: [],
    });
  });

  it('prints GitHub annotations pointing at the cell, and a job summary', async () => {
    const dir = twoFindings();
    const { code, stdout, appended } = await validate(['--data', dir, '--format', 'github'], { GITHUB_STEP_SUMMARY: '/summary.md' });
    expect(code).toBe(1);
    const file = `${dir}/allegiances.csv`.replace(/:/g, '%3A').replace(/,/g, '%2C');
    expect(stdout.split('\n').slice(0, 2)).toEqual([
      `::error file=${file},line=5,col=${colOf('subject_id', row({ id: 'x1', subject_id: 'kebekovv' }))},title=reference-not-found (${B5})::\`kebekovv\` in subject_id is not the id of any row in actors.csv or groups.csv. Did you mean \`kebekov\`?`,
      `::warning file=${file},line=6,col=${colOf('role', row({ id: 'x2', role: 'amir ' }))},title=cell-whitespace (${E6})::\`amir \` ends with a space. Delete the blank characters at the start and end of the cell.`,
    ]);
    expect(appended['/summary.md']).toBe(
      [
        '## Data validation: ❌ invalid',
        '',
        `1 error, 1 warning in ${MODEL.tables.length} files (${base.rows + 2} rows)`,
        '',
        '| | File | Cell | Rule | Problem | Fix |',
        '|---|---|---|---|---|---|',
        `| ❌ | ${dir}/allegiances.csv | ${B5} | \`reference-not-found\` | \`kebekovv\` in subject_id is not the id of any row in actors.csv or groups.csv. | Did you mean \`kebekov\`? |`,
        `| ⚠️ | ${dir}/allegiances.csv | ${E6} | \`cell-whitespace\` | \`amir \` ends with a space. | Delete the blank characters at the start and end of the cell. |`,
        '',
        '',
      ].join('\n'),
    );
  });

  it('annotates only the first 10 errors and says how many more there are', async () => {
    const rows = Array.from({ length: 13 }, (_, i) => row({ id: `bad-${i}`, subject_id: `nobody-${i}` }));
    const { stdout } = await validate(['--data', datasetWith({ 'allegiances.csv': allegiances(...rows) }), '--format', 'github']);
    const annotations = stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(annotations.filter((l) => l.startsWith('::error'))).toHaveLength(10);
    expect(annotations.at(-1)).toMatch(/^::notice title=3 more errors::GitHub shows 10 error annotations per step; 3 more errors/);
  });

  it('caps findings per rule and counts the rest', async () => {
    const rows = Array.from({ length: 7 }, (_, i) => row({ id: `bad-${i}`, subject_id: `nobody-${i}` }));
    const { stdout, code } = await validate(['--data', datasetWith({ 'allegiances.csv': allegiances(...rows) }), '--format', 'json', '--max-findings', '5']);
    const report = JSON.parse(stdout);
    expect(code).toBe(1);
    expect(report.findings.filter((f: { code: string }) => f.code === 'reference-not-found')).toHaveLength(5);
    expect(report.omitted).toEqual([{ code: 'reference-not-found', severity: 'error', count: 2 }]);
    expect(report.summary.errors).toBe(7);
  });

  it('prints the same report on one thread and on two', async () => {
    const dir = twoFindings();
    const one = await validate(['--data', dir, '--format', 'json', '--threads', '1']);
    const two = await validate(['--data', dir, '--format', 'json', '--threads', '2']);
    expect(one.code).toBe(1);
    expect(two).toEqual(one);
  });

  it('prints a text report of more findings than a function call has room for arguments', () => {
    const findings: Finding[] = Array.from({ length: 300_000 }, (_, i) => ({
      code: 'invalid-value',
      severity: 'error',
      file: 'data/allegiances.csv',
      row: i + 2,
      line: i + 2,
      column: 'id',
      cell: `A${i + 2}`,
      message: 'Bad.',
    }));
    const text = textReport({ findings, omitted: [], counts: { error: findings.length, warning: 0, info: 0 }, tables: [] }, { color: false });
    expect(text.split('\n').filter((line) => line.includes('invalid-value'))).toHaveLength(300_000);
    expect(text).toContain('  A300001  error   Bad.  invalid-value');
  });

  it('exits 0 when there are only warnings', async () => {
    const dir = datasetWith({ 'allegiances.csv': allegiances(row({ id: 'x2', role: 'amir ' })) });
    expect((await validate(['--data', dir])).code).toBe(0);
  });

  it('exits 2 on usage and I/O problems, without a stack trace', async () => {
    for (const args of [['--format', 'xml'], ['--nope'], ['--data', '/does/not/exist'], ['--max-findings', '0'], ['--threads', '3']]) {
      const { code, stderr } = await validate(args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe('the CLI as a user runs it', () => {
  it('names the file, row, column and cell of a changed subject_id, and exits 1', async () => {
    const dir = datasetWith({}, await canonicalDataCopy());
    const path = join(dir, 'allegiances.csv');
    const lines = readFileSync(path, 'utf8').split('\n');
    const [id, subject] = lines[6]!.split(',');
    lines[6] = lines[6]!.replace(`${id},${subject},`, `${id},no-such-person,`);
    writeFileSync(path, lines.join('\n'));
    const result = await run('npx', ['tsx', 'scripts/validate.ts', '--data', dir], { cwd: REPO }).then(
      () => ({ code: 0, stdout: '' }),
      (error: { code: number; stdout: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${dir}/allegiances.csv`);
    expect(result.stdout).toMatch(
      new RegExp(
        ` ${cellOf('allegiances', 'subject_id', 7)} +error +\`no-such-person\` in subject_id is not the id of any row in actors\\.csv or groups\\.csv\\.`,
      ),
    );
    expect(result.stdout).not.toMatch(/\n\s+at /);
  });

  it('stops printing quietly when its reader closes the pipe early (`| head`), keeping its exit code', async () => {
    // A command that prints line by line, as the CLI's output reaches a pipe.
    const writer = join(mkdtempSync(join(tmpdir(), 'pipe-')), 'writer.mts');
    writeFileSync(
      writer,
      [
        `import { processIO } from ${JSON.stringify(join(REPO, 'scripts', 'lib', 'cli', 'process-io.ts'))};`,
        'const io = processIO();',
        'for (let i = 0; i < 2000; i++) {',
        '  io.stdout(`line ${i}\\n`);',
        '  await new Promise((resolve) => setImmediate(resolve));',
        '}',
        'process.exitCode = 3;',
      ].join('\n'),
    );
    const script = `node --import tsx '${writer}' | head -c 10 > /dev/null; echo "exit \${PIPESTATUS[0]}" >&2`;
    const { stderr } = await run('bash', ['-c', script], { cwd: REPO });
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(stderr.trim()).toBe('exit 3');
  });
});
