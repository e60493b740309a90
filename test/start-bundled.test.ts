import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BASE_FIXTURE, REPO } from './helpers/fixtures.ts';

const CACHE = join(REPO, 'node_modules', '.cache', 'caucasus-allegiances');
const made: string[] = [];
const idOf = (dir: string): string => createHash('sha256').update(dir).digest('hex').slice(0, 12);
afterAll(() => {
  for (const dir of made) {
    rmSync(dir, { recursive: true, force: true });
    // The checkouts' bundles, so the repository's cache does not grow with every test run.
    for (const entry of readdirSync(CACHE)) if (entry.includes(`-${idOf(dir)}`)) rmSync(join(CACHE, entry), { recursive: true, force: true });
  }
});

/** A checkout of the code with the fixture data, sharing the repository's node_modules (and so its cache folder). */
function checkout(prefix = 'start-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  for (const path of ['scripts', 'generated', 'schemas', 'package.json']) cpSync(join(REPO, path), join(dir, path), { recursive: true });
  cpSync(BASE_FIXTURE, join(dir, 'data'), { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

const start = (dir: string, ...args: string[]): string =>
  execFileSync(process.execPath, [join(dir, 'scripts', 'lib', 'cli', 'start-bundled.mjs'), join(dir, 'scripts', 'validate.ts'), ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });

/** The bundle a checkout's validate runs from, as the cache's record names it. */
const bundleOf = (dir: string): string => {
  const cache = join(REPO, 'node_modules', '.cache', 'caucasus-allegiances');
  const id = createHash('sha256').update(dir).digest('hex').slice(0, 12);
  const record = JSON.parse(
    readFileSync(
      join(
        cache,
        readdirSync(cache).find((f) => f.endsWith(`-${id}.json`))!,
      ),
      'utf8',
    ),
  ) as { entry: string };
  return join(cache, record.entry);
};

describe('npm run validate from a cached bundle', () => {
  it('gives the same report as running the TypeScript through tsx', () => {
    const dir = checkout();
    const bundled = start(dir, '--format', 'json');
    const direct = execFileSync(process.execPath, ['--import', 'tsx', join(dir, 'scripts', 'validate.ts'), '--format', 'json'], { cwd: dir, encoding: 'utf8' });
    expect(JSON.parse(bundled)).toEqual(JSON.parse(direct));
    expect(JSON.parse(bundled).valid).toBe(true);
  });

  it('reuses the bundle while its files are unchanged, and never runs a stale one after an edit', () => {
    const dir = checkout();
    expect(start(dir)).toContain('✔ valid: 0 errors');
    const bundle = bundleOf(dir);
    const built = statSync(bundle).mtimeMs;
    start(dir);
    expect(statSync(bundle).mtimeMs).toBe(built);
    const summary = join(dir, 'scripts', 'lib', 'report', 'summary-line.ts');
    writeFileSync(summary, readFileSync(summary, 'utf8').replace("' in '", "' EDITED in '").replace('} in ${plural', '} EDITED in ${plural'));
    expect(start(dir)).toContain('0 warnings EDITED in ');
    expect(bundleOf(dir)).not.toBe(bundle);
  });

  it('runs the two-thread validation, whose worker finds its files beside the original modules', () => {
    const dir = checkout();
    const one = JSON.parse(start(dir, '--format', 'json', '--threads', '1'));
    const two = JSON.parse(start(dir, '--format', 'json', '--threads', '2'));
    expect(two).toEqual(one);
  });

  it('works from a folder whose name has spaces and non-Latin letters, and writes only inside it', () => {
    const dir = checkout('My Documents Шамиль ');
    expect(start(dir)).toContain('✔ valid: 0 errors');
    expect(bundleOf(dir).startsWith(CACHE)).toBe(true);
    expect(readdirSync(tmpdir()).some((f) => f.includes('%20'))).toBe(false);
  });

  it('survives starts at the same time on an empty cache', async () => {
    const dir = checkout();
    const runs = await Promise.all(
      Array.from(
        { length: 4 },
        () =>
          new Promise<number | null>((done) =>
            spawn(process.execPath, [join(dir, 'scripts', 'lib', 'cli', 'start-bundled.mjs'), join(dir, 'scripts', 'validate.ts')], {
              cwd: dir,
              stdio: 'ignore',
            }).on('exit', done),
          ),
      ),
    );
    expect(runs).toEqual([0, 0, 0, 0]);
  });
});
