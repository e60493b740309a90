import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { allegianceRow, BASE_FIXTURE, datasetWith, REPO } from './helpers/fixtures.ts';
import { injectedCommands } from './helpers/hostile-text.ts';
import { elementsNamed, markdownProblems, rendered, textOf } from './helpers/rendered-markdown.ts';
import { scratchRepo } from './helpers/repo.ts';

const run = promisify(execFile);
const TSX = join(REPO, 'node_modules', '.bin', 'tsx');
/** The environment without colour settings: colour is the terminal's choice. */
const { NO_COLOR: _noColor, FORCE_COLOR: _forceColor, ...PLAIN_ENV } = process.env;

/** Runs a command as the CLI runs it (its own process, through the CLI's output guard), whatever its exit code. */
async function cli(cwd: string, script: string, args: string[], env: Record<string, string> = {}) {
  return run(TSX, [join(REPO, 'scripts', script), ...args], {
    cwd,
    env: { ...PLAIN_ENV, ...env },
    maxBuffer: 64 * 1024 * 1024,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

/** Runs a command on a terminal (a pseudo-terminal made by `script`), as a contributor sees it, and returns what reached the screen. */
async function onTerminal(cwd: string, script: string, args: string[]): Promise<string> {
  const command = [TSX, join(REPO, 'scripts', script), ...args].map((a) => `'${a}'`).join(' ');
  const { stdout } = await run('script', ['-qec', command, '/dev/null'], { cwd, env: { ...PLAIN_ENV, TERM: 'xterm' } }).catch(
    (error: { stdout: string }) => error,
  );
  return stdout.replace(/\r\n/g, '\n');
}

/** The cells of the reproductions, and their company: a hostile actor, an allegiance that cites it, a hostile archive. */
const HOSTILE_ACTORS = [
  '"zz-ghid\n::error::INJECTED-ID",Injected,,,,,,,,src-a,',
  '"zz-cr\r::error::CR-ID",Umar Shishani,,,,,,,,src-a,',
  'zz-esc\u001b]0;pwned\u0007\u001b[2J,Escaped,,,,,,,,src-a,',
  'zz-title,"Title \u001b]0;pwned\u0007\u001b[2J\u009b31m",,,,,,,,src-a,"##[set-output name=a;]b @octocat https://example.org"',
];
const HOSTILE_ALLEGIANCE = allegianceRow({ id: 'zz-img', source_ids: 'x`<img src="https://example.org/x.png">', notes: '<!-- `` ` <script>alert(1)</script>' });
const ARCHIVE_NAME = '0\r<!--\r.txt';

function hostileDataset(base = BASE_FIXTURE): string {
  const actors = readFileSync(join(base, 'actors.csv'), 'utf8');
  const allegiances = readFileSync(join(base, 'allegiances.csv'), 'utf8');
  return datasetWith(
    {
      'actors.csv': `${actors}${HOSTILE_ACTORS.join('\n')}\n`,
      'allegiances.csv': `${allegiances}${HOSTILE_ALLEGIANCE}\n`,
      [`archive/${ARCHIVE_NAME}`]: 'Some text.\n',
    },
    base,
  );
}

describe('validate --format github, on the issue’s reproductions', () => {
  it('gives only its own annotations, a text report without a command line, and a job summary without markup from the data', async () => {
    const dir = hostileDataset();
    const summaryFile = join(mkdtempSync(join(tmpdir(), 'summary-')), 'summary.md');
    writeFileSync(summaryFile, '');
    const { code, stdout, stderr } = await cli(REPO, 'validate.ts', ['--data', dir, '--format', 'github'], { GITHUB_STEP_SUMMARY: summaryFile });
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(injectedCommands(stdout, dir)).toEqual([]);
    expect(stdout.split('\n').filter((line) => /^\s*::/.test(line)).length).toBeGreaterThan(3);
    // The text report says what the cells hold, in their visible form.
    expect(stdout).toContain('`zz-ghid↵::error::INJECTED-ID` is not referenced anywhere');
    expect(stdout).toContain('`zz-cr↵::error::CR-ID`');
    expect(stdout).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/);
    expect(stdout).not.toContain('##[');
    const summary = readFileSync(summaryFile, 'utf8');
    expect(markdownProblems(summary)).toEqual([]);
    for (const { parser, root } of rendered(summary)) {
      const codes = elementsNamed(root, 'code').map(textOf);
      expect(codes, parser).toContain('x`<img src="https://example.org/x.png">');
      expect(codes, parser).toContain('zz-ghid↵::error::INJECTED-ID');
      expect(elementsNamed(root, 'tr').length, parser).toBeGreaterThan(4);
      for (const row of elementsNamed(root, 'tr').slice(1)) expect(elementsNamed(row, 'td'), parser).toHaveLength(6);
    }
  });

  it('prints JSON whose values are the cells exactly', async () => {
    const dir = hostileDataset();
    const { stdout } = await cli(REPO, 'validate.ts', ['--data', dir, '--format', 'json']);
    const report = JSON.parse(stdout) as { findings: { value?: string }[] };
    const values = report.findings.map((f) => f.value);
    expect(values).toContain('zz-ghid\n::error::INJECTED-ID');
    expect(values).toContain('x`<img src="https://example.org/x.png">');
    expect(stdout).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/);
  });

  it('shows a terminal nothing but the report’s own colours', async () => {
    const screen = await onTerminal(REPO, 'validate.ts', ['--data', hostileDataset()]);
    expect(screen).toContain('zz-title');
    expect(screen).toMatch(/\u001b\[31m/);
    expect(screen.replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/);
  });
});

describe('diff, on the issue’s reproductions', () => {
  async function hostileRepo() {
    const repo = await scratchRepo(BASE_FIXTURE);
    const dir = hostileDataset(join(repo.dir, 'data'));
    // The contributor's change: the hostile rows and archive, and a changed archived text a new row quotes.
    await run('cp', ['-r', `${dir}/.`, join(repo.dir, 'data')]);
    const archive = join(repo.dir, 'data', 'archive', 'src-a.txt');
    writeFileSync(archive, readFileSync(archive, 'utf8').replace('Kebekov leads the Emirate.', 'Kebekov leads the Emirate and INVENTED WORDS.'));
    const allegiances = join(repo.dir, 'data', 'allegiances.csv');
    writeFileSync(
      allegiances,
      `${readFileSync(allegiances, 'utf8')}${allegianceRow({ id: 'zz-quotes-invented', quote: 'leads the Emirate and INVENTED WORDS' })}\n`,
    );
    return repo;
  }

  it('--format markdown: the archive named with lone CRs opens no HTML comment, and the changed text after it is seen', async () => {
    const repo = await hostileRepo();
    const { code, stdout } = await cli(repo.dir, 'diff.ts', ['--base', 'HEAD', '--format', 'markdown']);
    expect(code).toBe(0);
    expect(markdownProblems(stdout, ['del', 'ins', 'details', 'summary'])).toEqual([]);
    for (const { parser, root } of rendered(stdout)) {
      const text = textOf(root);
      expect(text, parser).toContain('data/archive/0↵<!--↵.txt');
      expect(elementsNamed(root, 'ins').map(textOf).join(' '), parser).toContain('INVENTED WORDS');
      expect(elementsNamed(root, 'code').map(textOf), parser).toContain('zz-quotes-invented');
      expect(elementsNamed(root, 'code').map(textOf), parser).toContain('x`<img src="https://example.org/x.png">');
    }
  });

  it('on a terminal: no escape sequence from a cell reaches the screen', async () => {
    const repo = await hostileRepo();
    const screen = await onTerminal(repo.dir, 'diff.ts', ['--base', 'HEAD']);
    expect(screen).toContain('Title ␛]0;pwned␇␛[2J⟨U+009B⟩31m');
    expect(screen).toContain('data/archive/0↵<!--↵.txt');
    expect(screen).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/);
  });
});

describe('refresh --check, on a derived file whose lines would be commands', () => {
  it('gives notices on its files and nothing else (--format github), and plain lines on a terminal', async () => {
    const repo = await scratchRepo();
    // A README whose generated section holds lines that would be commands, one of them after a lone CR.
    writeFileSync(join(repo.dir, 'README.md'), '# x\n\n<!-- generated:rules -->\n::error::FROM-README\r::warning::CR \u001b[2J\n<!-- /generated:rules -->\n');
    const summaryFile = join(mkdtempSync(join(tmpdir(), 'summary-')), 'summary.md');
    writeFileSync(summaryFile, '');
    const { stdout } = await cli(repo.dir, 'refresh.ts', ['--check', '--notice', '--format', 'github'], { GITHUB_STEP_SUMMARY: summaryFile });
    const lines = stdout.split('\n').filter((line) => line !== '');
    expect(lines.some((line) => line.startsWith('::notice file=README.md,'))).toBe(true);
    for (const line of lines) expect(line).toMatch(/^::notice file=[^,:]+,title=Out of date%3A [^:]+::/);
    expect(stdout).toContain('::error::FROM-README');
    expect(stdout).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/);
    expect(markdownProblems(readFileSync(summaryFile, 'utf8'))).toEqual([]);
    const screen = await onTerminal(repo.dir, 'refresh.ts', ['--check']);
    expect(screen).toContain('README.md');
    expect(screen).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/);
    expect(screen.split('\n').filter((line) => /^\s*::/.test(line))).toEqual([]);
  });
});
