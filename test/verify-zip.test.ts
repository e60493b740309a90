import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCommand } from '../scripts/lib/cli/verify-command.ts';
import { openZip, type ZipLimits } from '../scripts/lib/read/zip-reader.ts';
import { buildReleaseContents, readSnapshot, releaseInputFrom, writeRelease } from '../scripts/lib/release/build-release.ts';
import { RELEASE_ZIP_LIMITS } from '../scripts/lib/release/verify-release.ts';
import { MODEL, REPO } from './helpers/fixtures.ts';
import { HOSTILE_ZIPS } from './helpers/hostile-zips.ts';
import { runIn } from './helpers/repo.ts';

const made: string[] = [];
const SYSTEM_TMP = tmpdir();
const scratch = (prefix: string): string => {
  const dir = mkdtempSync(join(SYSTEM_TMP, prefix));
  made.push(dir);
  return dir;
};
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Runs `use` with the process's temporary folder set to `dir` (os.tmpdir() reads TMPDIR at each call). */
async function withTmpDir<T>(dir: string, use: () => Promise<T>): Promise<T> {
  const before = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  try {
    return await use();
  } finally {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
  }
}

/** Words of Node's or V8's own errors, and stack frames: none may reach a person verifying a download. */
const INTERNAL = /internal error|\bERR_[A-Z_]+|RangeError|TypeError|out of range|Maximum call stack|node:internal|\n\s+at \S+ \(|\n\s+at file:/;
const MB = 1024 * 1024;

let releaseZip: string;
beforeAll(async () => {
  const out = scratch('verify-zip-release-');
  const contents = await buildReleaseContents(
    releaseInputFrom(
      { dataDir: join(REPO, 'data'), schemasDir: join(REPO, 'schemas') },
      {
        model: MODEL,
        version: '9.9.9',
        commit: null,
        date: '2026-01-01',
        changelog: '# Changelog\n',
      },
    ),
    await readSnapshot(MODEL, join(REPO, 'data')),
  );
  releaseZip = writeRelease(out, '9.9.9', contents.files).zip;
}, 120_000);

/** Runs `npm run verify`'s script in a child process and reads its peak memory. */
async function verifyInChild(zip: string, ...args: string[]): Promise<{ code: number; output: string; peakBytes: number }> {
  const hook = pathToFileURL(join(REPO, 'test', 'helpers', 'report-peak-rss.mjs')).href;
  const result = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--import', hook, 'scripts/verify.ts', zip, ...args], {
    cwd: REPO,
    env: { ...process.env, NO_COLOR: '1', TMPDIR: scratch('verify-child-tmp-') },
  }).then(
    (r) => ({ code: 0, ...r }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
  const peak = /peak-rss-bytes=(\d+)/.exec(result.stderr);
  return { code: result.code, output: `${result.stdout}${result.stderr.replace(/\npeak-rss-bytes=\d+\n/, '')}`, peakBytes: Number(peak?.[1]) };
}

describe('hostile zips given to verify', () => {
  it.each(Object.entries(HOSTILE_ZIPS))('%s: refused in words naming what is wrong, exit 1, nothing left behind', async (_name, hostile) => {
    const root = scratch('hostile-zip-');
    const tmp = join(root, 'a', 'b', 'tmp');
    mkdirSync(tmp, { recursive: true });
    writeFileSync(join(root, 'release.zip'), hostile.build());
    const result = await withTmpDir(tmp, () => runIn(verifyCommand, root, 'release.zip'));
    const output = `${result.stdout}${result.stderr}`;
    expect(result.code, output).toBe(1);
    for (const words of hostile.says) expect(output).toContain(words);
    expect(output).not.toMatch(INTERNAL);
    expect(readdirSync(tmp), 'temporary folders left behind').toEqual([]);
    expect(readdirSync(root, { recursive: true }).filter((p) => String(p).includes('evil'))).toEqual([]);
    expect(existsSync('/tmp/evil.txt')).toBe(false);
  });

  const large = Object.entries(HOSTILE_ZIPS).filter(([, hostile]) => hostile.measureMemory);
  it('refuses every large bomb in the real command with under 200 MB of memory', async () => {
    const figures: string[] = [];
    for (const [name, hostile] of large) {
      const zip = join(scratch('bomb-'), 'bomb.zip');
      writeFileSync(zip, hostile.build());
      const result = await verifyInChild(zip);
      figures.push(`${name}: exit ${result.code}, peak ${(result.peakBytes / MB).toFixed(0)} MB`);
      expect(result.code, `${name}: ${result.output}`).toBe(1);
      expect(result.output).toContain(hostile.says[0]);
      expect(result.output).not.toMatch(INTERNAL);
      expect(result.peakBytes, name).toBeGreaterThan(0);
      expect(result.peakBytes, `${name}: ${result.peakBytes} bytes`).toBeLessThan(200 * MB);
    }
    console.log(figures.join('\n'));
  }, 240_000);

  it('verifies a real release in the same bounds, and refuses it past --max-bytes with the flag named', async () => {
    const ok = await verifyInChild(releaseZip);
    expect(ok.code, ok.output).toBe(0);
    expect(ok.peakBytes).toBeLessThan(200 * MB);
    console.log(`a real release: exit 0, peak ${(ok.peakBytes / MB).toFixed(0)} MB`);
    const small = await runIn(verifyCommand, REPO, releaseZip, '--max-bytes', '1000');
    expect(small.code).toBe(1);
    expect(small.stdout).toContain('more than the limit of 1,000 bytes');
    expect(small.stdout).toContain('raise the limit with --max-bytes N');
    expect((await runIn(verifyCommand, REPO, releaseZip, '--max-bytes', 'lots')).code).toBe(2);
  }, 120_000);
});

describe('the zip reader', () => {
  const generous: ZipLimits = { maxTotalBytes: 64 * MB, maxEntries: 1000, maxRatio: 100_000, ratioAfterBytes: MB };
  const contentOf = async (zip: Uint8Array, limits = generous): Promise<Map<string, Uint8Array>> => {
    const opened = await openZip(new Blob([zip as Uint8Array<ArrayBuffer>]), 'test.zip', limits);
    const files = new Map<string, Uint8Array>();
    for (const entry of opened.entries.filter((e) => !e.directory)) {
      const pieces: Uint8Array[] = [];
      await opened.inflate(entry, (bytes) => void pieces.push(bytes.slice()));
      files.set(entry.name, Buffer.concat(pieces));
    }
    return files;
  };

  it('reads back every entry of any zip fflate writes, stored or deflated at any level', async () => {
    // fflate takes entries as an object's keys, where __proto__ cannot be one.
    const name = fc.stringMatching(/^[a-z0-9_-]{1,12}(\/[a-z0-9_-][a-z0-9_.-]{0,11}){0,2}$/).filter((n) => !n.split('/').includes('__proto__'));
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.record({ name, bytes: fc.uint8Array({ maxLength: 20_000 }), level: fc.constantFrom(0, 1, 6, 9) }), {
          selector: (e) => e.name,
          maxLength: 8,
        }),
        async (entries) => {
          const files = entries.filter((e, i) => !entries.some((other, j) => j !== i && other.name.startsWith(`${e.name}/`)));
          const zip = zipSync(Object.fromEntries(files.map((e) => [e.name, [e.bytes, { level: e.level as 0 | 1 | 6 | 9 }]])));
          const read = await contentOf(zip);
          expect([...read.keys()].sort()).toEqual(files.map((e) => e.name).sort());
          for (const e of files) expect(Buffer.from(read.get(e.name)!).equals(Buffer.from(e.bytes))).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('reads a zip64 archive and a zip with folder entries as Python writes them', async (context) => {
    const python = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import zipfile']).status === 0);
    if (!python) return context.skip();
    const dir = scratch('python-zip-');
    const script = [
      'import sys, zipfile',
      'with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:',
      '    z.mkdir("release")',
      '    with z.open("release/big.txt", "w", force_zip64=True) as f: f.write(b"line\\n" * 1000)',
      '    z.writestr("release/small.txt", "Ünïcode name and text")',
    ].join('\n');
    const zip = join(dir, 'python.zip');
    expect(spawnSync(python, ['-c', script, zip]).status).toBe(0);
    const read = await contentOf(readFileSync(zip));
    expect(Buffer.from(read.get('release/big.txt')!).toString()).toBe('line\n'.repeat(1000));
    expect(Buffer.from(read.get('release/small.txt')!).toString()).toBe('Ünïcode name and text');
  });

  it('reads a release zip entry by entry', async () => {
    const read = await contentOf(readFileSync(releaseZip), RELEASE_ZIP_LIMITS);
    expect([...read.keys()].some((name) => name.endsWith('/SHA256SUMS'))).toBe(true);
  });
});
