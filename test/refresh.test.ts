import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CommandIO } from '../scripts/lib/cli/io.ts';
import { refreshCommand } from '../scripts/lib/cli/refresh-command.ts';
import { runIn, upToDateRepo } from './helpers/repo.ts';

/** What a contributor without Node leaves: a valid new actor, typed in a spreadsheet that saved CRLF line endings. */
function contributorEdit(dir: string): string {
  const path = join(dir, 'data', 'actors.csv');
  const text = readFileSync(path, 'utf8');
  const source = text.split('\n')[1]!.split(',').at(-2)!.split('|')[0]!;
  writeFileSync(path, `${text}zz-new-person,Zz New Person,,,,,,Reported as taking part.,,${source},\n`.replace(/\n/g, '\r\n'));
  return source;
}

describe('npm run refresh', () => {
  it('--check lists each out-of-date file with how it differs and how to fix it, and exits 1 (0 with --notice)', async () => {
    const repo = await upToDateRepo();
    expect((await runIn(refreshCommand, repo.dir, '--check')).code).toBe(0);
    contributorEdit(repo.dir);
    const check = await runIn(refreshCommand, repo.dir, '--check');
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(
      'data/actors.csv: not in canonical form: its lines end in CRLF (Windows) instead of LF.\n  Run `npm run format` and commit the result',
    );
    // The new actor has no allegiance yet, so the timeline stays as it is.
    expect(check.stdout).not.toContain('generated/timeline.svg');
    expect(check.stdout).toContain(
      'generated/network.svg: it is not what the data makes of it.\n  Run `npm run render` and commit the result; on a pull request you may leave it: it is brought up to date automatically after the merge.',
    );
    // The README says which of its lines would change: the actors' row count.
    expect(check.stdout).toMatch(
      /README\.md: it is not what the data makes of it \(line \d+: "\| \[`data\/actors\.csv`\]\(data\/actors\.csv\) \| (\d+) \|.*" → "\| \[`data\/actors\.csv`\]\(data\/actors\.csv\) \| \d+ \|.*"\)\.\n  Run `npm run render`/,
    );
    expect((await runIn(refreshCommand, repo.dir, '--check', '--notice')).code).toBe(0);
    expect(repo.git('status', '--porcelain')).toBe(' M data/actors.csv\n');
  });

  it('--format github gives notice annotations and a job-summary section, never errors', async () => {
    const repo = await upToDateRepo();
    contributorEdit(repo.dir);
    const out: string[] = [];
    const summary: string[] = [];
    const io: CommandIO = {
      cwd: repo.dir,
      env: { GITHUB_STEP_SUMMARY: '/summary.md' },
      stdout: (t) => void out.push(t),
      stderr: () => {},
      stdoutIsTTY: false,
      appendFile: (path, text) => void summary.push(`${path}: ${text}`),
    };
    expect(await refreshCommand(['--check', '--notice', '--format', 'github'], io)).toBe(0);
    const lines = out.join('').trim().split('\n');
    expect(lines.every((l) => l.startsWith('::notice file='))).toBe(true);
    expect(lines[0]).toBe(
      '::notice file=data/actors.csv,title=Out of date%3A data/actors.csv::not in canonical form: its lines end in CRLF (Windows) instead of LF. Run `npm run format` and commit the result; on a pull request you may leave it: it is brought up to date automatically after the merge.',
    );
    expect(lines).toHaveLength(3);
    expect(summary).toHaveLength(1);
    expect(summary[0]).toContain('/summary.md: ## Derived files out of date\n\n- `data/actors.csv`: not in canonical form');
  });

  it('writes every derived file and, with --commit, commits exactly those (the job after a merge)', async () => {
    const repo = await upToDateRepo();
    contributorEdit(repo.dir);
    repo.commitAll('contribution merged');
    const result = await runIn(refreshCommand, repo.dir, '--commit');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Brought up to date: data/actors.csv, generated/network.svg, README.md');
    expect(repo.git('status', '--porcelain')).toBe('');
    expect(repo.git('show', '--name-only', '--format=%s', 'HEAD').trim().split('\n')).toEqual([
      'Bring derived files up to date (npm run refresh)',
      '',
      'README.md',
      'data/actors.csv',
      'generated/network.svg',
    ]);
    expect(readFileSync(join(repo.dir, 'README.md'), 'utf8')).toMatch(/\| \[`data\/actors\.csv`\]\(data\/actors\.csv\) \| \d+ \|/);
    expect((await runIn(refreshCommand, repo.dir, '--check')).code).toBe(0);
    // Nothing left to do: nothing to commit, and still exit 0.
    expect((await runIn(refreshCommand, repo.dir, '--commit')).stdout).toBe('Everything derived is up to date.\n');
  });

  it('draws nothing from data with errors, and says so (exit 1)', async () => {
    const repo = await upToDateRepo();
    const path = join(repo.dir, 'data', 'allegiances.csv');
    writeFileSync(path, readFileSync(path, 'utf8').replace(',leader_of,', ',leads,'));
    const result = await runIn(refreshCommand, repo.dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The data has errors; run `npm run validate` and fix them before drawing it.');
    expect(repo.git('status', '--porcelain')).toBe(' M data/allegiances.csv\n');
  });
});
