import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { publishedDataset } from '../scripts/lib/check-page/check-html.ts';
import { validateDataset } from '../scripts/lib/check/validate-dataset.ts';
import { diffCommand } from '../scripts/lib/cli/diff-command.ts';
import { formatCommand } from '../scripts/lib/cli/format-command.ts';
import type { CommandIO } from '../scripts/lib/cli/io.ts';
import { refreshCommand } from '../scripts/lib/cli/refresh-command.ts';
import { releaseCommand } from '../scripts/lib/cli/release-command.ts';
import { renderCommand } from '../scripts/lib/cli/render-command.ts';
import { siteCommand } from '../scripts/lib/cli/site-command.ts';
import { validateCommand } from '../scripts/lib/cli/validate-command.ts';
import { verifyCommand } from '../scripts/lib/cli/verify-command.ts';
import { OutsideFolderError, pathInside, writeInside } from '../scripts/lib/files/confined.ts';
import { buildModel, SchemaError } from '../scripts/lib/model/build-model.ts';
import { ALREADY_CHECKED } from '../scripts/lib/model/pattern-safety.ts';
import type { DatasetModel, JsonSchema } from '../scripts/lib/model/types.ts';
import { readAllRecords } from '../scripts/lib/read/read-dataset.ts';
import { readSnapshot } from '../scripts/lib/release/build-release.ts';
import { sha256 } from '../scripts/lib/release/manifest.ts';
import { writeFileAtomic } from '../scripts/lib/write/atomic-write.ts';
import { formatDataset } from '../scripts/lib/write/format-dataset.ts';
import { BASE_FIXTURE, datasetWith, MODEL, REPO, scratchDir, TODAY } from './helpers/fixtures.ts';
import { runIn, scratchRepo, type ScratchRepo } from './helpers/repo.ts';

/*
 * Nothing outside its folder is read or written, whatever a schema, a release or a file name says.
 * Each attack aims at a victim file outside the data folder, whose bytes and times must not change,
 * holding a secret, whose text must appear in no output and no file a command writes.
 */

const SECRET = 'SECRET-7f3a9c-must-never-be-printed';
const scratch = scratchDir;

/** A file outside every folder a command is given: a table-like CSV with CRLF line endings (so format would want to rewrite it) and the secret. */
function victim(): { readonly path: string; unchanged(): void } {
  const path = join(scratch('outside-'), 'victim.csv');
  writeFileSync(path, `${readFileSync(join(BASE_FIXTURE, 'actors.csv'), 'utf8').trimEnd()}\nzz-secret,${SECRET},,,,,,,,src-a,\n`.replace(/\n/g, '\r\n'));
  const before = { bytes: readFileSync(path), ...times(path) };
  return {
    path,
    unchanged: () => {
      expect(readFileSync(path).equals(before.bytes), 'the victim file was rewritten').toBe(true);
      expect(times(path)).toEqual({ mtimeNs: before.mtimeNs, ctimeNs: before.ctimeNs });
    },
  };
}

const times = (path: string) => {
  const { mtimeNs, ctimeNs } = statSync(path, { bigint: true });
  return { mtimeNs, ctimeNs };
};

/** Every regular file below `dir` (not .git), for a scan for the secret. */
const filesBelow = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !join(entry.parentPath, entry.name).includes(`${sep}.git${sep}`))
    .map((entry) => join(entry.parentPath, entry.name));

function expectNoSecretIn(outputs: readonly string[], dir: string): void {
  for (const output of outputs) expect(output).not.toContain(SECRET);
  for (const file of filesBelow(dir)) expect(readFileSync(file, 'latin1'), file).not.toContain(SECRET);
}

type Command = (args: string[], io: CommandIO) => Promise<number>;

/** What a contributor, a reviewer's CI and a maintainer run in a repository. */
const COMMANDS: readonly [string, Command, string[]][] = [
  ['validate', validateCommand, []],
  ['validate --format github', validateCommand, ['--format', 'github']],
  ['format', formatCommand, []],
  ['format --fix', formatCommand, ['--fix']],
  ['diff', diffCommand, ['--base', 'HEAD']],
  ['release', releaseCommand, ['--version', '0.1.0']],
  ['site', siteCommand, []],
  ['render', renderCommand, []],
  ['refresh', refreshCommand, []],
  ['refresh --check', refreshCommand, ['--check']],
];

async function runAll(repo: ScratchRepo): Promise<Record<string, { code: number; stdout: string; stderr: string }>> {
  const results: Record<string, { code: number; stdout: string; stderr: string }> = {};
  for (const [name, command, args] of COMMANDS) results[name] = await runIn(command, repo.dir, ...args);
  return results;
}

const outputsOf = (results: Record<string, { stdout: string; stderr: string }>): string[] => Object.values(results).flatMap((r) => [r.stdout, r.stderr]);

describe('a schema whose x-file climbs out of data/', () => {
  it('is refused by every command (exit 2, the schema named, no stack trace); nothing outside is read or written', async () => {
    const repo = await scratchRepo();
    const target = victim();
    const schema = join(repo.dir, 'schemas', 'actors.schema.json');
    writeFileSync(schema, JSON.stringify({ ...JSON.parse(readFileSync(schema, 'utf8')), 'x-file': relative(join(repo.dir, 'data'), target.path) }, null, 2));
    const results = await runAll(repo);
    // diff is for the reviewer: it says first that the new schemas cannot be used, then compares the rows with the base's.
    const { diff, ...refusing } = results;
    expect(diff!.code).toBe(0);
    expect(diff!.stdout.replaceAll('\u2060', '')).toMatch(/actors\.schema\.json: x-file must be the name of a file in the data folder/);
    for (const [name, { code, stdout, stderr }] of Object.entries(refusing)) {
      expect(code, name).toBe(2);
      expect(stdout, name).toBe('');
      expect(stderr, name).toMatch(
        /^actors\.schema\.json: x-file must be the name of a file in the data folder, such as actors\.csv .*, not "\.\.\/\.\.\/.*victim\.csv"\n$/,
      );
    }
    target.unchanged();
    expect(existsSync(join(repo.dir, 'dist'))).toBe(false);
    expectNoSecretIn(outputsOf(results), repo.dir);
  }, 120_000);
});

describe('a table that is a link to a file outside data/', () => {
  it('is never read: validate finds file-is-link, format leaves the link, diff leaves its rows out, nothing is built from it', async () => {
    const repo = await scratchRepo();
    const target = victim();
    const table = join(repo.dir, 'data', 'actors.csv');
    rmSync(table);
    symlinkSync(target.path, table);
    const results = await runAll(repo);
    expect(results['validate']!.code).toBe(1);
    expect(results['validate']!.stdout).toContain('data/actors.csv is a symbolic link; a table is read only from a plain file, never through a link');
    expect(results['validate --format github']!.stdout).toContain('::error file=data/actors.csv,title=file-is-link');
    for (const name of ['format', 'format --fix']) {
      expect(results[name]!.code, name).toBe(1);
      expect(results[name]!.stdout, name).toContain('data/actors.csv: NOT rewritten: structural errors (below)');
      expect(results[name]!.stderr, name).toContain('file-is-link');
    }
    expect(results['diff']!.code).toBe(0);
    expect(results['diff']!.stdout).toContain('data/actors.csv is a symbolic link, which is never read: its rows are left out of this diff');
    for (const name of ['release', 'site', 'render', 'refresh']) expect(results[name]!.code, name).toBe(1);
    expect(lstatSync(table).isSymbolicLink() && readlinkSync(table)).toBe(target.path);
    target.unchanged();
    expect(existsSync(join(repo.dir, 'dist'))).toBe(false);
    expectNoSecretIn(outputsOf(results), repo.dir);
  }, 120_000);
});

describe('an archived text that no source names, a link to a secret outside data/', () => {
  it('is in nothing the site, the check page, the diff or a release publish', async () => {
    const repo = await scratchRepo();
    const target = victim();
    symlinkSync(target.path, join(repo.dir, 'data', 'archive', 'zz-leak.txt'));
    const results = await runAll(repo);
    // Valid data: the site and the release are built, and hold none of it.
    expect(results['validate']!.code).toBe(0);
    expect(results['site']!.code, results['site']!.stderr).toBe(0);
    expect(results['release']!.code, results['release']!.stderr).toBe(0);
    expect(Object.keys(publishedDataset(MODEL, join(repo.dir, 'data')).archive)).not.toContain('archive/zz-leak.txt');
    expect(results['diff']!.stdout).not.toContain('zz-leak');
    const verified = await runIn(verifyCommand, repo.dir, join(repo.dir, 'dist', 'caucasus-allegiances-0.1.0.zip'));
    expect(verified.code, verified.stdout).toBe(0);
    target.unchanged();
    expectNoSecretIn([...outputsOf(results), verified.stdout, verified.stderr], repo.dir);
  }, 180_000);
});

describe('files of schemas/ and releases/ that are links out of their folder', () => {
  it('a schema, the coding rules and a release manifest: refused, named, never read', async () => {
    const repo = await scratchRepo();
    const target = victim();
    const link = (path: string): void => {
      rmSync(path, { force: true });
      mkdirSync(dirname(path), { recursive: true });
      symlinkSync(target.path, path);
    };
    link(join(repo.dir, 'schemas', 'coding-rules.md'));
    link(join(repo.dir, 'releases', '0.0.1', 'manifest.json'));
    const site = await runIn(siteCommand, repo.dir);
    expect(site.code).toBe(2);
    expect(site.stderr).toMatch(
      /^"coding-rules\.md" is refused: a symbolic link on its way leads out of .*schemas; nothing outside it is read or written\.\n$/,
    );
    const release = await runIn(releaseCommand, repo.dir, '--version', '0.1.0');
    expect(release.code).toBe(2);
    const diff = await runIn(diffCommand, repo.dir, '--base', 'HEAD');
    expect(diff.code).toBe(0);
    const defaultBase = await runIn(diffCommand, repo.dir);
    expect(defaultBase.stderr).toMatch(/"0\.0\.1\/manifest\.json" is refused: .* The last release is not used as the base\.\n$/);
    link(join(repo.dir, 'schemas', 'actors.schema.json'));
    const validate = await runIn(validateCommand, repo.dir);
    expect(validate.code).toBe(2);
    expect(validate.stderr).toMatch(/^cannot read schema .*actors\.schema\.json: "actors\.schema\.json" is refused: a symbolic link on its way leads out of/);
    target.unchanged();
    expectNoSecretIn(
      [site, release, diff, defaultBase, validate].flatMap((r) => [r.stdout, r.stderr]),
      repo.dir,
    );
  }, 120_000);
});

describe('verify', () => {
  let repo: ScratchRepo;
  let folder: string;
  let zip: string;

  beforeAll(async () => {
    repo = await scratchRepo();
    const built = await runIn(releaseCommand, repo.dir, '--version', '0.1.0');
    expect(built.code, built.stderr).toBe(0);
    folder = join(repo.dir, 'dist', 'caucasus-allegiances-0.1.0');
    zip = `${folder}.zip`;
  }, 120_000);

  /** A copy of the release with `edit` made and SHA256SUMS recomputed, as an attacker would; and the same as a zip. */
  function tampered(edit: (folder: string) => void): { folder: string; zip: string } {
    const copy = join(scratch('tampered-'), 'caucasus-allegiances-0.1.0');
    cpSync(folder, copy, { recursive: true });
    edit(copy);
    const listed = readFileSync(join(copy, 'SHA256SUMS'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.slice(66));
    writeFileSync(join(copy, 'SHA256SUMS'), listed.map((path) => `${sha256(readFileSync(join(copy, path)))}  ${path}\n`).join(''));
    const entries = Object.fromEntries(filesBelow(copy).map((file) => [`caucasus-allegiances-0.1.0/${relative(copy, file)}`, readFileSync(file)]));
    writeFileSync(`${copy}.zip`, zipSync(entries));
    return { folder: copy, zip: `${copy}.zip` };
  }

  it("refuses a release whose schema's x-file climbs out, checksums recomputed, without touching the file it names (folder and zip)", async () => {
    const target = victim();
    const release = tampered((copy) => {
      const schema = join(copy, 'schemas', 'actors.schema.json');
      // Enough `..` to reach the root from any folder, then the victim's own path: what the attack used.
      const climb = `${'../'.repeat(40)}${target.path.slice(1)}`;
      writeFileSync(schema, JSON.stringify({ ...JSON.parse(readFileSync(schema, 'utf8')), 'x-file': climb }, null, 2));
    });
    for (const path of [release.folder, release.zip]) {
      const result = await runIn(verifyCommand, repo.dir, path);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^Cannot verify .*: actors\.schema\.json: x-file must be the name of a file in the data folder/);
      expectNoSecretIn([result.stdout, result.stderr], release.folder);
    }
    target.unchanged();
  });

  it('never reads through a link in a release folder: the link is a problem, not a file', async () => {
    const target = victim();
    const copy = join(scratch('linked-'), 'caucasus-allegiances-0.1.0');
    cpSync(folder, copy, { recursive: true });
    rmSync(join(copy, 'csv', 'actors.csv'));
    symlinkSync(target.path, join(copy, 'csv', 'actors.csv'));
    symlinkSync(tmpdir(), join(copy, 'csv', 'elsewhere'));
    const result = await runIn(verifyCommand, repo.dir, copy);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('csv/actors.csv: a symbolic link (never read)');
    expect(result.stdout).toContain('csv/elsewhere: a symbolic link (never read)');
    expectNoSecretIn([result.stdout, result.stderr], copy);
    target.unchanged();
  });

  /** Runs verify in its own process with a temporary folder of its own, killed with `signal` after `ms` when given. */
  function verifyAlone(
    path: string,
    temporary: string,
    kill?: { signal: NodeJS.Signals; ms: number },
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return new Promise((done) => {
      const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(REPO, 'scripts', 'verify.ts'), path], {
        cwd: repo.dir,
        env: { ...process.env, TMPDIR: temporary },
        stdio: 'ignore',
      });
      const timer = kill ? setTimeout(() => child.kill(kill.signal), kill.ms) : undefined;
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        done({ code, signal });
      });
    });
  }

  it('leaves nothing in the temporary folder and writes nowhere, whatever happens: a good zip, a refused one, a broken one, SIGINT, SIGTERM', async () => {
    const temporary = scratch('verify-tmpdir-');
    const evil = join(scratch('evil-'), 'evil.zip');
    writeFileSync(evil, zipSync({ 'caucasus-allegiances-0.1.0/SHA256SUMS': new Uint8Array(), '../../escaped.txt': new TextEncoder().encode('x') }));
    const broken = join(scratch('broken-'), 'broken.zip');
    writeFileSync(broken, 'not a zip at all');
    const releaseBefore = [folder, zip].map((path) =>
      statSync(path).isFile()
        ? sha256(readFileSync(path))
        : filesBelow(path)
            .map((f) => sha256(readFileSync(f)))
            .join(),
    );
    // Only the runner's own compile cache (tsx) may appear there.
    const left = (): string[] => readdirSync(temporary).filter((name) => !name.startsWith('tsx-'));
    const started = Date.now();
    expect((await verifyAlone(zip, temporary)).code).toBe(0);
    const runMs = Date.now() - started;
    expect(left()).toEqual([]);
    expect((await verifyAlone(evil, temporary)).code).toBe(1);
    expect(existsSync(join(evil, '..', '..', 'escaped.txt'))).toBe(false);
    expect((await verifyAlone(broken, temporary)).code).toBe(1);
    expect(left()).toEqual([]);
    // Interrupted at points spread over a run (only the outcome is checked, never a time).
    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      for (const share of [0.3, 0.6, 0.9]) {
        await verifyAlone(zip, temporary, { signal, ms: Math.round(runMs * share) });
        expect(left(), `${signal} after ${share} of a run`).toEqual([]);
      }
    const releaseAfter = [folder, zip].map((path) =>
      statSync(path).isFile()
        ? sha256(readFileSync(path))
        : filesBelow(path)
            .map((f) => sha256(readFileSync(f)))
            .join(),
    );
    expect(releaseAfter).toEqual(releaseBefore);
  }, 180_000);
});

describe('the file-system edge refuses a path that the model would never give (defence in depth)', () => {
  /** The base model with one table's file changed behind the model's back. */
  const withFile = (file: string): DatasetModel => ({ ...MODEL, tables: MODEL.tables.map((t) => (t.name === 'actors' ? { ...t, file } : t)) });

  it('validate, format, the writers and the check page data refuse it; the file it names is untouched', async () => {
    const target = victim();
    const dataDir = datasetWith();
    const model = withFile(relative(dataDir, target.path));
    await expect(validateDataset({ model, dataDir, displayDir: 'data', today: TODAY })).rejects.toBeInstanceOf(OutsideFolderError);
    await expect(formatDataset({ model, dataDir, displayDir: 'data', check: false })).rejects.toBeInstanceOf(OutsideFolderError);
    await expect(readAllRecords(model, dataDir)).rejects.toBeInstanceOf(OutsideFolderError);
    await expect(readSnapshot(model, dataDir)).rejects.toBeInstanceOf(OutsideFolderError);
    expect(() => publishedDataset(model, dataDir)).toThrow(OutsideFolderError);
    target.unchanged();
  });

  it('an archive template that climbs out finds no archive, though the texts are there', async () => {
    const project = scratch('climbing-archive-');
    const dataDir = join(project, 'data');
    cpSync(datasetWith(), dataDir, { recursive: true });
    cpSync(join(dataDir, 'archive'), project, { recursive: true });
    const model = { ...MODEL, tables: MODEL.tables.map((t) => (t.archive ? { ...t, archive: '../{id}.txt' } : t)) };
    const report = await validateDataset({ model, dataDir, displayDir: 'data', today: TODAY });
    expect(report.findings.filter((f) => f.code === 'archive-missing').map((f) => f.value)).toEqual(['src-a', 'src-b']);
  });
});

describe('files/confined.ts', () => {
  const root = scratch('confined-');
  mkdirSync(join(root, 'inside'));
  writeFileSync(join(root, 'inside', 'file.txt'), 'inside');
  symlinkSync(tmpdir(), join(root, 'out'));
  symlinkSync(join(root, 'inside'), join(root, 'also-inside'));

  it('gives a path strictly below its folder or refuses it, whatever the path', () => {
    const realRoot = realpathSync(root);
    const part = fc.constantFrom('a', 'inside', '.', '..', '', 'out', 'also-inside', 'file.txt', '\\', '\0', '~', '%2e%2e');
    fc.assert(
      fc.property(fc.array(part, { maxLength: 6 }), fc.boolean(), (parts, absolute) => {
        const path = `${absolute ? '/' : ''}${parts.join('/')}`;
        let resolved: string;
        try {
          resolved = pathInside(root, path);
        } catch (error) {
          expect(error).toBeInstanceOf(OutsideFolderError);
          return;
        }
        const inside = relative(root, resolved);
        expect(inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside), path).toBe(false);
        // Through links too: what exists of it is really below the folder.
        let existing = resolved;
        while (!existsSync(existing)) existing = dirname(existing);
        expect(relative(realRoot, realpathSync(existing)).startsWith('..'), path).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('follows a link that stays inside, refuses one that leads out', () => {
    expect(pathInside(root, 'also-inside/file.txt')).toBe(join(root, 'also-inside', 'file.txt'));
    expect(() => pathInside(root, 'out/anything')).toThrow(OutsideFolderError);
    const written = scratch('written-');
    symlinkSync(written, join(root, 'written-out'));
    expect(() => writeInside(root, 'written-out/new.txt', 'x')).toThrow(OutsideFolderError);
    expect(readdirSync(written)).toEqual([]);
  });

  it('never writes through a temporary file that was left, or put, as a link', () => {
    const target = victim();
    const dir = scratch('planted-');
    writeFileSync(join(dir, 'actors.csv'), 'old');
    symlinkSync(target.path, join(dir, `.actors.csv.${process.pid}.tmp`));
    writeFileAtomic(join(dir, 'actors.csv'), 'new');
    expect(readFileSync(join(dir, 'actors.csv'), 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['actors.csv']);
    target.unchanged();
  });

  it('a table that is a FIFO is an I/O error naming it, not a hang', async () => {
    if (spawnSync('mkfifo', ['--version']).status !== 0) return void console.warn('mkfifo is missing; skipped');
    const dataDir = datasetWith();
    rmSync(join(dataDir, 'groups.csv'));
    execFileSync('mkfifo', [join(dataDir, 'groups.csv')]);
    const { code, stderr } = await runIn(validateCommand, REPO, '--data', dataDir);
    expect(code).toBe(2);
    expect(stderr).toBe(`cannot read ${join(dataDir, 'groups.csv')}: it is not a regular file\n`);
  });
});

describe('x-file and x-archive are decided when the model is built', () => {
  /** The repository's schema documents, with `edits` made to some by file name. */
  const documents = (edits: Record<string, (schema: JsonSchema) => JsonSchema>): Map<string, JsonSchema> =>
    new Map(
      readdirSync(join(REPO, 'schemas'))
        .filter((f) => f.endsWith('.schema.json'))
        .map((file) => {
          const schema = JSON.parse(readFileSync(join(REPO, 'schemas', file), 'utf8')) as JsonSchema;
          return [file, edits[file]?.(schema) ?? schema];
        }),
    );

  it('any x-file is refused with a SchemaError naming its schema, or is one plain name directly in the data folder', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[a-z./\\\0-]{1,12}$/)), (file) => {
        fc.pre(file !== '');
        let model: DatasetModel;
        try {
          model = buildModel(documents({ 'actors.schema.json': (s) => ({ ...s, 'x-file': file }) }), 'schemas', ALREADY_CHECKED);
        } catch (error) {
          expect(error).toBeInstanceOf(SchemaError);
          expect((error as Error).message).toMatch(/^actors\.schema\.json: x-file /);
          return;
        }
        const named = model.tables.find((t) => t.name === 'actors')!.file;
        expect(resolve('/data', named)).toBe(`/data/${named}`);
        expect(named).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
      }),
      { numRuns: 1000 },
    );
  });

  it('any x-archive, once a slug id fills it, stays inside the data folder, or is refused naming its schema', () => {
    const templates = fc.oneof(fc.stringMatching(/^[a-z./{}\\-]{0,16}$/), fc.constantFrom('archive/{id}.txt', 'texts/{id}', 'a/b/{id}.md', '{id}.txt'));
    fc.assert(
      fc.property(templates, (template) => {
        let model: DatasetModel;
        try {
          model = buildModel(documents({ 'sources.schema.json': (s) => ({ ...s, 'x-archive': template }) }), 'schemas', ALREADY_CHECKED);
        } catch (error) {
          expect(error).toBeInstanceOf(SchemaError);
          expect((error as Error).message).toMatch(/^sources\.schema\.json(#\/x-archive)?: x-archive /);
          return;
        }
        const filled = model.tables
          .find((t) => t.archive)!
          .archive!.split('{id}')
          .join('src-a');
        expect(relative('/data', resolve('/data', filled)).startsWith('..')).toBe(false);
        expect(filled.split('/')).not.toContain('..');
      }),
      { numRuns: 1000 },
    );
  });
});
