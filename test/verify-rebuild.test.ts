import { createHash } from 'node:crypto';
import { cpSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync } from 'fflate';
import Papa from 'papaparse';
import initSqlJs from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyCommand } from '../scripts/lib/cli/verify-command.ts';
import { buildReleaseContents, readSnapshot, releaseInputFrom, sha256sums, writeRelease } from '../scripts/lib/release/build-release.ts';
import { firstDifference } from '../scripts/lib/release/compare-release.ts';
import { reproducibleZip, reproducibleZipEntries } from '../scripts/lib/release/zip.ts';
import { MODEL, REPO, scratchDir } from './helpers/fixtures.ts';
import { runIn } from './helpers/repo.ts';

const scratch = scratchDir;
const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

let folder: string;
let zip: string;
beforeAll(async () => {
  const contents = await buildReleaseContents(
    releaseInputFrom(
      { dataDir: join(REPO, 'data'), schemasDir: join(REPO, 'schemas') },
      { model: MODEL, version: '7.7.7', commit: 'abc1234', date: '2026-02-03', changelog: '# Changelog\n\n## 7.7.7\n' },
    ),
    await readSnapshot(MODEL, join(REPO, 'data')),
  );
  ({ folder, zip } = writeRelease(scratch('verify-rebuild-'), '7.7.7', contents.files));
}, 120_000);

/** Every file of a release folder by relative path. */
function filesOf(dir: string): Map<string, Uint8Array> {
  return new Map(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => [join(e.parentPath, e.name).slice(dir.length + 1), new Uint8Array(readFileSync(join(e.parentPath, e.name)))] as const),
  );
}

/**
 * A copy of the release with one file changed by `edit` and SHA256SUMS recomputed, as someone who
 * meant to change it would: the checksums pass, and only the rebuild can tell.
 */
function tampered(path: string, edit: (bytes: Uint8Array) => Uint8Array | Promise<Uint8Array>): Promise<string> {
  return (async () => {
    const copy = join(scratch('tampered-'), 'caucasus-allegiances-7.7.7');
    cpSync(folder, copy, { recursive: true });
    const before = readFileSync(join(copy, path));
    const after = await edit(new Uint8Array(before));
    expect(Buffer.from(after).equals(before), `${path} was not changed`).toBe(false);
    writeFileSync(join(copy, path), after);
    const files = filesOf(copy);
    writeFileSync(join(copy, 'SHA256SUMS'), sha256sums(files));
    return copy;
  })();
}

const replaceText = (from: string | RegExp, to: string) => (bytes: Uint8Array) => {
  const text = strFromU8(bytes);
  const changed = text.replace(from, to);
  return strToU8(changed);
};

/** The first string value of `key` in a JSON file's rows: whatever the data holds. */
const firstValue = (path: string, key: string): string => {
  const rows = JSON.parse(readFileSync(join(folder, path), 'utf8')).rows as Record<string, unknown>[];
  return rows.find((r) => typeof r[key] === 'string')![key] as string;
};

async function updatedSqlite(bytes: Uint8Array): Promise<Uint8Array> {
  const SQL = await initSqlJs();
  const db = new SQL.Database(bytes);
  db.run("UPDATE actors SET description = description || ' (edited)' WHERE rowid = (SELECT min(rowid) FROM actors)");
  const out = db.export();
  db.close();
  return out;
}

/** The workbook with one shared string changed, zipped again as the release zips it. */
function editedWorkbook(bytes: Uint8Array): Uint8Array {
  const entries = unzipSync(bytes);
  const strings = strFromU8(entries['xl/sharedStrings.xml']!);
  entries['xl/sharedStrings.xml'] = strToU8(strings.replace(/<t>([^<]{8,})<\/t>/, '<t>$1 (edited)</t>'));
  return reproducibleZipEntries(Object.entries(entries));
}

/** A Parquet file with one byte of its data pages changed (a value, in its dictionary or plain pages). */
function editedParquet(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes);
  const name = Buffer.from(firstValue('json/actors.json', 'name'));
  const at = Buffer.from(copy).indexOf(name);
  const index = at >= 0 ? at : Math.floor(copy.length / 3);
  copy[index] = copy[index]! ^ 0x20;
  return copy;
}

interface Tamper {
  readonly path: string;
  readonly edit: (bytes: Uint8Array) => Uint8Array | Promise<Uint8Array>;
  /** Words the line naming the file must hold, after `path: `. */
  readonly says: readonly (string | RegExp)[];
}

const TAMPERS: Record<string, Tamper> = {
  JSON: {
    path: 'json/actors.json',
    edit: (b) => replaceText(JSON.stringify(firstValue('json/actors.json', 'description')), JSON.stringify('Edited.'))(b),
    says: [/line \d+ \(row 1, id "[^"]+", column "description"\): the file has "\\"description\\": \\"Edited\.\\"/],
  },
  'JSON top level': { path: 'json/groups.json', edit: replaceText('"version": "7.7.7"', '"version": "7.7.8"'), says: ['(key "version")'] },
  SQLite: { path: 'caucasus-allegiances.sqlite', edit: updatedSqlite, says: ['its bytes differ from the rebuild from byte', 'binary format'] },
  Parquet: { path: 'parquet/actors.parquet', edit: editedParquet, says: ['its bytes differ from the rebuild from byte'] },
  GraphML: {
    path: 'allegiances.graphml',
    edit: replaceText(/(<data key="n_label">)([^<]+)/, '$1Someone else'),
    says: [/line \d+: the file has "<data key=\\"n_label\\">Someone else<\/data>"/],
  },
  xlsx: { path: 'caucasus-allegiances-7.7.7.xlsx', edit: editedWorkbook, says: ['its bytes differ from the rebuild'] },
  CSV: {
    path: 'csv/groups.csv',
    edit: (b) => {
      const rows = Papa.parse<string[]>(strFromU8(b), { skipEmptyLines: true }).data;
      const column = rows[0]!.indexOf('description');
      rows[2]![column] = 'Edited.';
      return strToU8(`${Papa.unparse(rows, { newline: '\n' })}\n`);
    },
    // The CSV is what every other format is rebuilt from: they all disagree with it, and the JSON shows the cell.
    says: ['(json/groups.json above shows the first cell): most likely csv/groups.csv itself was changed after the release was built'],
  },
  'derived CSV column': {
    path: 'csv/allegiances.csv',
    edit: (b) => {
      const rows = Papa.parse<string[]>(strFromU8(b), { skipEmptyLines: true }).data;
      const column = rows[0]!.findIndex((name) => name.endsWith('_earliest'));
      const row = rows.findIndex((cells, i) => i > 0 && cells[column] !== '');
      rows[row]![column] = '1999-01-01';
      return strToU8(`${Papa.unparse(rows, { newline: '\n' })}\n`);
    },
    says: [/row \d+ \(id "[^"]+"\), column "[a-z_]+_earliest": the file has "1999-01-01", the data gives "\d{4}-\d{2}-\d{2}"/],
  },
  codebook: { path: 'CODEBOOK.md', edit: replaceText('## Dates', '## When'), says: [/line \d+: the file has "## When", the rebuild "## Dates"/] },
  'datapackage.json': {
    path: 'datapackage.json',
    edit: replaceText(/"title": "[^"]+"/, '"title": "Edited"'),
    says: ['(key "title"): the file has "\\"title\\": \\"Edited\\"'],
  },
  'JSON Schema': { path: 'json-schema/allegiances.schema.json', edit: replaceText('"minItems": 1', '"minItems": 0'), says: ['(key "minItems")'] },
  'the release README': {
    path: 'README.md',
    edit: replaceText('Run these from inside this folder.', 'Run these anywhere.'),
    says: ['the file has "Run these anywhere."'],
  },
  'the network picture': { path: 'network.svg', edit: replaceText('</svg>', '<!-- --></svg>'), says: [/line \d+/] },
};

describe('verify rebuilds the release from its own data and catches every derived file changed and re-summed', () => {
  it('accepts the release as built, from the zip and from the folder, saying what each check proves', async () => {
    for (const path of [zip, folder]) {
      const result = await runIn(verifyCommand, REPO, path);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toMatch(/✔ rebuild: all \d+ files are exactly what the release's CSVs, schemas and texts give/);
      expect(result.stdout).toContain('not a deliberate change');
      expect(result.stdout).toContain('it cannot catch the data itself changed consistently');
      expect(result.stdout).toContain('shows who made it');
    }
  }, 120_000);

  it.each(Object.entries(TAMPERS))(
    '%s changed and re-summed: exit 1, the file named and how it differs',
    async (_name, tamper) => {
      const copy = await tampered(tamper.path, tamper.edit);
      const result = await runIn(verifyCommand, REPO, copy);
      expect(result.code, result.stdout).toBe(1);
      expect(result.stdout).toContain('✔ checksums: every file matches SHA256SUMS');
      expect(result.stdout).toMatch(/✖ rebuild: \d+ of \d+ files (is|are) not what the release's CSVs, schemas and texts give/);
      const line = result.stdout.split('\n').find((l) => l.startsWith(`  ${tamper.path}: `));
      expect(line, result.stdout).toBeDefined();
      for (const words of tamper.says) {
        if (typeof words === 'string') expect(line).toContain(words);
        else expect(line).toMatch(words);
      }
    },
    60_000,
  );

  it('a CSV changed and re-summed: every other format disagrees with it, and verify says the CSV was most likely changed', async () => {
    const copy = await tampered(TAMPERS.CSV!.path, TAMPERS.CSV!.edit);
    const result = await runIn(verifyCommand, REPO, copy);
    for (const path of ['json/groups.json', 'parquet/groups.parquet', 'caucasus-allegiances.sqlite', 'caucasus-allegiances-7.7.7.xlsx', 'datapackage.json'])
      expect(result.stdout).toContain(`  ${path}: `);
    expect(result.stdout).toMatch(
      / {2}json\/groups\.json: line \d+ \(row 2, id "[^"]+", column "description"\): the file has "\\"description\\": \\"[^"]+\\",", the rebuild "\\"description\\": \\"Edited\.\\","/,
    );
    expect(result.stdout).not.toContain('  SHA256SUMS: ');
  }, 60_000);

  it('CITATION.cff changed and re-summed: the files that carry the date disagree with it', async () => {
    const copy = await tampered('CITATION.cff', replaceText(/2026-02-03/g, '2026-02-04'));
    const result = await runIn(verifyCommand, REPO, copy);
    expect(result.code).toBe(1);
    for (const path of ['datapackage.json', 'json/actors.json', 'caucasus-allegiances.sqlite']) expect(result.stdout).toContain(`  ${path}: `);
  }, 60_000);

  it('a release whose CITATION.cff names no version cannot be rebuilt, and says why', async () => {
    const copy = await tampered('CITATION.cff', replaceText(/^version: .*\n/m, ''));
    const result = await runIn(verifyCommand, REPO, copy);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✖ rebuild: the release cannot be rebuilt: its CITATION.cff is missing or names no version');
  }, 60_000);

  it('a file added and listed in SHA256SUMS, or one removed with its line, is named', async () => {
    const copy = await tampered('LICENSE', (b) => replaceText('MIT', 'MIT ')(b));
    writeFileSync(join(copy, 'extra.txt'), 'more');
    rmSync(join(copy, 'timeline.svg'));
    writeFileSync(join(copy, 'SHA256SUMS'), sha256sums(filesOf(copy)));
    const result = await runIn(verifyCommand, REPO, copy);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('  extra.txt: a release built from this data has no such file');
    expect(result.stdout).toContain('  timeline.svg: the rebuild has it, the release does not');
  }, 60_000);

  it('a tampered zip is caught the same way, reading each differing entry again as a stream', async () => {
    const copy = await tampered(TAMPERS.JSON!.path, TAMPERS.JSON!.edit);
    const tamperedZip = join(scratch('tampered-zip-'), 'caucasus-allegiances-7.7.7.zip');
    writeFileSync(tamperedZip, reproducibleZip('caucasus-allegiances-7.7.7', filesOf(copy)));
    const result = await runIn(verifyCommand, REPO, tamperedZip);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/ {2}json\/actors\.json: line \d+ \(row 1, id "[^"]+", column "description"\)/);
  }, 60_000);
});

describe('verify --expect-sha256', () => {
  it('passes with the zip hash, fails with any other, and refuses a malformed one or a folder', async () => {
    const hash = sha(readFileSync(zip));
    const good = await runIn(verifyCommand, REPO, zip, '--expect-sha256', hash.toUpperCase());
    expect(good.code, good.stdout).toBe(0);
    expect(good.stdout).toContain(`✔ origin: the zip's sha256 is ${hash}, the one given with --expect-sha256`);
    const wrong = await runIn(
      verifyCommand,
      REPO,
      zip,
      '--expect-sha256',
      hash.replace(/^./, (c) => (c === '0' ? '1' : '0')),
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain(`✖ origin: the zip's sha256 is ${hash}, not `);
    // Every other check still ran and passed: only the origin failed.
    expect(wrong.stdout).toMatch(/✔ rebuild/);
    expect((await runIn(verifyCommand, REPO, zip, '--expect-sha256', 'abc')).code).toBe(2);
    const onFolder = await runIn(verifyCommand, REPO, folder, '--expect-sha256', hash);
    expect(onFolder.code).toBe(2);
    expect(onFolder.stderr).toContain('give the .zip it was unpacked from');
  }, 120_000);
});

describe('firstDifference', () => {
  const stream = (text: string, size: number) => async (onChunk: (bytes: Uint8Array) => void) => {
    const bytes = strToU8(text);
    for (let i = 0; i < bytes.length; i += size) onChunk(bytes.subarray(i, i + size));
  };
  it('finds the line and offset where a stream departs, however it is chunked', async () => {
    const expected = strToU8('one\ntwo\nthree\n');
    for (const size of [1, 2, 3, 100]) {
      expect(await firstDifference(expected, stream('one\ntwo\nthree\n', size))).toBeUndefined();
      expect(await firstDifference(expected, stream('one\ntwX\nthree\n', size))).toEqual({ offset: 6, line: 2, actualLine: 'twX' });
      expect(await firstDifference(expected, stream('one\ntwo\n', size))).toEqual({ offset: 8, line: 3, actualLine: undefined });
      expect(await firstDifference(expected, stream('one\ntwo\nthree\nfour\n', size))).toEqual({ offset: 14, line: 4, actualLine: 'four' });
    }
  });
});
