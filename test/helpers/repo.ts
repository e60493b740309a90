import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { CommandIO } from '../../scripts/lib/cli/io.ts';
import { refreshCommand } from '../../scripts/lib/cli/refresh-command.ts';
import { canonicalDataCopy, REPO } from './fixtures.ts';

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

export interface ScratchRepo {
  readonly dir: string;
  git(...args: string[]): string;
  commitAll(message: string): void;
}

/**
 * A scratch git repository holding schemas/ and a dataset (by default a canonical copy of the real
 * data), committed, where commands run as a contributor would run them.
 */
export async function scratchRepo(data?: string): Promise<ScratchRepo> {
  const dir = mkdtempSync(join(tmpdir(), 'repo-'));
  made.push(dir);
  cpSync(data ?? (await canonicalDataCopy()), join(dir, 'data'), { recursive: true });
  cpSync(join(REPO, 'schemas'), join(dir, 'schemas'), { recursive: true });
  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', ...args], { cwd: dir, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  const commitAll = (message: string): void => void (git('add', '-A'), git('commit', '-q', '-m', message));
  commitAll('data');
  return { dir, git, commitAll };
}

/** Runs a command in `cwd` with captured output, as the CLI would (no colour, fixed build date). */
export async function runIn(command: (args: string[], io: CommandIO) => Promise<number>, cwd: string, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIO = {
    cwd,
    env: { NO_COLOR: '1', SOURCE_DATE_EPOCH: '1767225600' },
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    stdoutIsTTY: false,
    appendFile: () => {},
  };
  const code = await command(args, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** A scratch clone with everything refresh derives (generated/, README), brought up to date and committed. */
export async function upToDateRepo(): Promise<ScratchRepo> {
  const repo = await scratchRepo();
  cpSync(join(REPO, 'generated'), join(repo.dir, 'generated'), { recursive: true });
  cpSync(join(REPO, 'README.md'), join(repo.dir, 'README.md'));
  if ((await runIn(refreshCommand, repo.dir)).code !== 0) throw new Error('refresh failed in the scratch clone');
  repo.git('config', 'user.name', 'Test');
  repo.git('config', 'user.email', 'test@example.org');
  repo.commitAll('up to date');
  return repo;
}
