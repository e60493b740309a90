import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CommandIO } from '../scripts/lib/cli/io.ts';
import { formatCommand } from '../scripts/lib/cli/format-command.ts';
import { releaseCommand } from '../scripts/lib/cli/release-command.ts';
import { validateCommand } from '../scripts/lib/cli/validate-command.ts';
import { verifyCommand } from '../scripts/lib/cli/verify-command.ts';
import { canonicalDataCopy, REPO, TABLE_FILES } from './helpers/fixtures.ts';

/** The real data in canonical form, as a realistic sample whatever state the committed tables are in. */
const DATA = await canonicalDataCopy();

/** tsx's loader by absolute URL, so scripts run from any working directory. */
const TSX = import.meta.resolve('tsx');
const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const scratch = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
};

async function run(command: (args: string[], io: CommandIO) => Promise<number>, cwd: string, ...args: string[]) {
  const out: string[] = [];
  const io: CommandIO = {
    cwd,
    env: { NO_COLOR: '1' },
    stdout: (t) => void out.push(t),
    stderr: (t) => void out.push(t),
    stdoutIsTTY: false,
    appendFile: () => {},
  };
  return { code: await command(args, io), output: out.join('') };
}

/** Runs an npm script's entry file in its own process and kills it with SIGKILL after `ms`. */
function killedAfter(script: string, args: string[], cwd: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', TSX, join(REPO, 'scripts', script), ...args], { cwd, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Runs an npm script's entry file in its own process in `cwd` and kills it with SIGKILL `ms` after it
 * creates `cwd`/dist. Says whether the kill landed, and how long the process ran after creating dist/.
 */
function runUntil(script: string, args: string[], cwd: string, ms: number): Promise<{ killed: boolean; writingMs: number | undefined }> {
  return new Promise((resolve) => {
    let distSeen: number | undefined;
    let timer: NodeJS.Timeout | undefined;
    const watcher = watch(cwd, (_event, name) => {
      if (name !== 'dist' || distSeen !== undefined) return;
      distSeen = Date.now();
      if (Number.isFinite(ms)) timer = setTimeout(() => child.kill('SIGKILL'), ms);
    });
    const child = spawn(process.execPath, ['--import', TSX, join(REPO, 'scripts', script), ...args], { cwd, stdio: 'ignore' });
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      watcher.close();
      resolve({ killed: signal === 'SIGKILL', writingMs: distSeen === undefined ? undefined : Date.now() - distSeen });
    });
  });
}

/** Wall time of an uninterrupted run, to spread the kills over it. */
function timed(script: string, args: string[], cwd: string): number {
  const started = Date.now();
  const result = spawnSync(process.execPath, ['--import', TSX, join(REPO, 'scripts', script), ...args], { cwd, stdio: 'ignore' });
  expect(result.status, `${script} ${args.join(' ')}`).not.toBe(null);
  return Date.now() - started;
}

/** The real data, made large and non-canonical (CRLF, unsorted), so rewriting takes long enough to interrupt. */
function bigNonCanonicalData(): string {
  const dir = scratch('faults-data-');
  cpSync(DATA, dir, { recursive: true });
  const [header, ...rows] = readFileSync(join(dir, 'allegiances.csv'), 'utf8').trimEnd().split('\n');
  const many = Array.from({ length: 300 }, (_, copy) => rows.map((r) => r.replace(/^([^,]+),/, `$1-copy${copy},`)))
    .flat()
    .reverse();
  writeFileSync(join(dir, 'allegiances.csv'), `${[header, ...many].join('\r\n')}\r\n`);
  writeFileSync(join(dir, 'actors.csv'), readFileSync(join(dir, 'actors.csv'), 'utf8').replace(/\n/g, '\r\n'));
  return dir;
}

describe('format killed at random points', () => {
  it('leaves each table either as it was or fully rewritten, and nothing that looks like a table', async () => {
    const template = bigNonCanonicalData();
    const canonicalDir = scratch('faults-canonical-');
    cpSync(template, canonicalDir, { recursive: true });
    expect((await run(formatCommand, REPO, '--data', canonicalDir)).code).toBe(0);
    const tables = TABLE_FILES;
    const original = new Map(tables.map((t) => [t, readFileSync(join(template, t))]));
    const canonical = new Map(tables.map((t) => [t, readFileSync(join(canonicalDir, t))]));
    const duration = timed('format.ts', ['--check', '--data', template], REPO);
    for (let attempt = 0; attempt < 5; attempt++) {
      const dir = scratch('faults-kill-');
      cpSync(template, dir, { recursive: true });
      await killedAfter('format.ts', ['--data', dir], REPO, Math.round((duration * (attempt + 1)) / 5));
      for (const table of tables) {
        const now = readFileSync(join(dir, table));
        expect(now.equals(original.get(table)!) || now.equals(canonical.get(table)!), `${table} after a kill at ${attempt}`).toBe(true);
      }
      const visible = (folder: string): string[] =>
        readdirSync(folder)
          .filter((f) => !f.startsWith('.'))
          .sort();
      // Nothing left beside what the data folder held (its tables, archive/, contributions/).
      expect(visible(dir)).toEqual(visible(template));
      // The next run finishes the job.
      expect((await run(formatCommand, REPO, '--data', dir)).code).toBe(0);
      for (const table of tables) expect(readFileSync(join(dir, table)).equals(canonical.get(table)!)).toBe(true);
    }
  }, 180_000);
});

describe('release killed at random points', () => {
  it('never leaves a release folder or zip that is not complete', async () => {
    const newRepo = (): string => {
      const repo = scratch('faults-release-');
      cpSync(DATA, join(repo, 'data'), { recursive: true });
      cpSync(join(REPO, 'schemas'), join(repo, 'schemas'), { recursive: true });
      return repo;
    };
    // Building the files in memory takes most of a run and leaves nothing on disk to check: time the
    // kills from the moment dist/ appears, over the first half of the span in which the release is written.
    const whole = await runUntil('release.ts', ['--version', '0.1.0'], newRepo(), Infinity);
    expect(whole.killed, 'an uninterrupted release').toBe(false);
    expect(whole.writingMs, 'an uninterrupted release writes dist/').toBeDefined();
    let killedWhileWriting = 0;
    for (let attempt = 0; attempt < 6; attempt++) {
      const repo = newRepo();
      const at = Math.round((whole.writingMs! * attempt) / 12);
      const outcome = await runUntil('release.ts', ['--version', '0.1.0'], repo, at);
      if (outcome.killed) killedWhileWriting++;
      const dist = join(repo, 'dist');
      const visible = readdirSync(dist).filter((f) => !f.startsWith('.'));
      for (const entry of visible) {
        const check = await run(verifyCommand, repo, join(dist, entry));
        expect(check.code, `${entry} after a kill ${at} ms into writing: ${check.output}`).toBe(0);
      }
    }
    // Otherwise every run finished before its kill, and the checks above saw only complete releases.
    expect(killedWhileWriting, 'kills that landed while the release was being written').toBeGreaterThanOrEqual(2);
  }, 180_000);
});

describe('I/O problems are exit 2 with the path, never a crash', () => {
  it('a table that cannot be read', async () => {
    const dir = scratch('faults-io-');
    cpSync(DATA, dir, { recursive: true });
    rmSync(join(dir, 'actors.csv'));
    mkdirSync(join(dir, 'actors.csv'));
    for (const command of [validateCommand, formatCommand]) {
      const { code, output } = await run(command, REPO, '--data', dir);
      expect(code).toBe(2);
      expect(output).toContain(`${join(dir, 'actors.csv')}: EISDIR`);
      expect(output).not.toMatch(/\n\s+at /);
    }
  });

  const mount = (dir: string, size: string): boolean => spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]).status === 0;
  const unmount = (dir: string): void => void spawnSync('umount', [dir]);

  it('a full disk while writing a release', async (context) => {
    const repo = scratch('faults-full-');
    cpSync(DATA, join(repo, 'data'), { recursive: true });
    cpSync(join(REPO, 'schemas'), join(repo, 'schemas'), { recursive: true });
    const out = join(repo, 'out');
    mkdirSync(out);
    if (!mount(out, '64k')) return context.skip('mounting a small tmpfs needs root; CI runs as root');
    try {
      const { code, output } = await run(releaseCommand, repo, '--version', '0.1.0', '--out', 'out');
      expect(code).toBe(2);
      expect(output).toMatch(/cannot write .*out\/caucasus-allegiances-0\.1\.0.*ENOSPC \(the disk is full\)/);
      expect(readdirSync(out).filter((f) => !f.startsWith('.'))).toEqual([]);
      expect(existsSync(join(repo, 'releases'))).toBe(false);
    } finally {
      unmount(out);
    }
  });

  it('a full disk while formatting leaves the originals', async (context) => {
    const dir = join(scratch('faults-full-format-'), 'data');
    mkdirSync(dir);
    if (!mount(dir, '1m')) return context.skip('mounting a small tmpfs needs root; CI runs as root');
    try {
      cpSync(DATA, dir, { recursive: true });
      const actors = readFileSync(join(dir, 'actors.csv'), 'utf8').replace(/\n/g, '\r\n');
      writeFileSync(join(dir, 'actors.csv'), actors);
      // Fill the disk, so the rewrite cannot be written.
      try {
        writeFileSync(join(dir, '.filler'), Buffer.alloc(1024 * 1024));
      } catch {
        /* full, as intended */
      }
      const { code, output } = await run(formatCommand, REPO, '--data', dir);
      expect(code).toBe(2);
      expect(output).toContain(`cannot write ${join(dir, 'actors.csv')}: ENOSPC`);
      expect(readFileSync(join(dir, 'actors.csv'), 'utf8')).toBe(actors);
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      unmount(dir);
    }
  });
});
