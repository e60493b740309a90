import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { Package } from 'datapackage';
import { XMLParser } from 'fast-xml-parser';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatCommand } from '../scripts/lib/cli/format-command.ts';
import { generateCommand } from '../scripts/lib/cli/generate-command.ts';
import { releaseCommand } from '../scripts/lib/cli/release-command.ts';
import { verifyCommand } from '../scripts/lib/cli/verify-command.ts';
import { sha256 } from '../scripts/lib/release/manifest.ts';
import { csvRecords, MODEL } from './helpers/fixtures.ts';
import { runIn, scratchRepo } from './helpers/repo.ts';

const csvRows = csvRecords;

const run = runIn;

const hashes = (dir: string): Record<string, string> =>
  Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => {
        const path = join(e.parentPath, e.name);
        return [path.slice(dir.length), sha256(readFileSync(path))];
      }),
  );

describe('npm run release', () => {
  let repo: Awaited<ReturnType<typeof scratchRepo>>;
  let folder: string;
  let zip: string;

  beforeAll(async () => {
    repo = await scratchRepo();
    const result = await run(releaseCommand, repo.dir, '--version', '0.1.0');
    expect(result.code, result.stderr).toBe(0);
    folder = join(repo.dir, 'dist', 'caucasus-allegiances-0.1.0');
    zip = `${folder}.zip`;
    // A whole release build: more than the default 10 s for a hook when the two cores are busy.
  }, 120_000);

  it('writes the folder and the zip with every format', () => {
    const files = Object.keys(hashes(folder)).sort();
    for (const expected of [
      '/README.md',
      '/CHANGELOG.md',
      '/CITATION.cff',
      '/LICENSE',
      '/SHA256SUMS',
      '/datapackage.json',
      '/caucasus-allegiances.sqlite',
      '/allegiances.graphml',
      '/csv/allegiances.csv',
      ...csvRows(join(repo.dir, 'data', 'sources.csv')).map((source) => `/csv/archive/${source.id}.txt`),
      '/json/actors.json',
      '/parquet/groups.parquet',
      '/schemas/defs.schema.json',
    ]) {
      expect(files).toContain(expected);
    }
    expect(existsSync(zip)).toBe(true);
    expect(existsSync(join(repo.dir, 'releases', '0.1.0', 'manifest.json'))).toBe(true);
    const counts = MODEL.tables.map((t) => `${csvRows(join(repo.dir, 'data', t.file)).length} ${t.name}`).join(', ');
    expect(readFileSync(join(folder, 'CHANGELOG.md'), 'utf8')).toContain(`## 0.1.0 (2026-01-01)\n\nFirst release: ${counts}.`);
    // The release's CSVs are the data's, with each date's bounds and precision added beside it.
    for (const table of MODEL.tables) {
      const data = csvRows(join(repo.dir, 'data', table.file));
      const released = csvRows(join(folder, 'csv', table.file));
      expect(
        released.map((row) => Object.fromEntries(Object.keys(data[0]!).map((column) => [column, row[column]]))),
        table.name,
      ).toEqual(data);
    }
  });

  it('records the release date in the manifest, and `npm run generate` makes the root CITATION.cff the same as the release’s own', async () => {
    const manifest = JSON.parse(readFileSync(join(repo.dir, 'releases', '0.1.0', 'manifest.json'), 'utf8'));
    expect(manifest.date).toBe('2026-01-01');
    expect((await run(generateCommand, repo.dir)).code).toBe(0);
    expect(readFileSync(join(repo.dir, 'CITATION.cff'), 'utf8')).toBe(readFileSync(join(folder, 'CITATION.cff'), 'utf8'));
    expect(readFileSync(join(repo.dir, 'CITATION.cff'), 'utf8')).toContain('version: "0.1.0"');
  });

  it('refuses to release 0.1.0 again, and to overwrite a build', async () => {
    const again = await run(releaseCommand, repo.dir, '--version', '0.1.0');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('version 0.1.0 already exists');
    const overwrite = await run(releaseCommand, repo.dir, '--version', '0.1.0', '--rebuild');
    expect(overwrite.code).toBe(1);
    expect(overwrite.stderr).toContain('already exists; a release is never overwritten');
  });

  it('rebuilds byte for byte: same files, same zip', async () => {
    const result = await run(releaseCommand, repo.dir, '--version', '0.1.0', '--rebuild', '--out', 'dist2');
    expect(result.code, result.stderr).toBe(0);
    const again = join(repo.dir, 'dist2', 'caucasus-allegiances-0.1.0');
    expect(hashes(again)).toEqual(hashes(folder));
    expect(sha256(readFileSync(`${again}.zip`))).toBe(sha256(readFileSync(zip)));
  });

  it('verify accepts the zip and the folder, and rejects a copy with one byte changed', async () => {
    expect((await run(verifyCommand, repo.dir, zip)).code).toBe(0);
    expect((await run(verifyCommand, repo.dir, folder)).code).toBe(0);
    const copy = join(repo.dir, 'tampered');
    cpSync(folder, copy, { recursive: true });
    const target = join(copy, 'csv', 'allegiances.csv');
    const bytes = readFileSync(target);
    bytes[100] = bytes[100]! ^ 1;
    writeFileSync(target, bytes);
    const result = await run(verifyCommand, repo.dir, copy);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('csv/allegiances.csv: changed');
  });

  it('verify re-validates the data inside: a consistent but invalid edit is caught', async () => {
    const copy = join(repo.dir, 'resigned');
    cpSync(folder, copy, { recursive: true });
    const target = join(copy, 'csv', 'allegiances.csv');
    writeFileSync(target, readFileSync(target, 'utf8').replace(',leader_of,', ',leads,'));
    const sums = readFileSync(join(copy, 'SHA256SUMS'), 'utf8').replace(/^[0-9a-f]{64}(  csv\/allegiances\.csv)$/m, `${sha256(readFileSync(target))}$1`);
    writeFileSync(join(copy, 'SHA256SUMS'), sums);
    const result = await run(verifyCommand, repo.dir, copy);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('value-not-allowed');
  });

  it('verify refuses a release whose schema carries a catastrophic pattern, checksums recomputed, naming the schema', async () => {
    const copy = join(repo.dir, 'catastrophic');
    cpSync(folder, copy, { recursive: true });
    const target = join(copy, 'schemas', 'defs.schema.json');
    const defs = JSON.parse(readFileSync(target, 'utf8'));
    defs.$defs.Name.pattern = '^([a-z ]+)+$';
    writeFileSync(target, JSON.stringify(defs, null, 2));
    const sums = readFileSync(join(copy, 'SHA256SUMS'), 'utf8').replace(/^[0-9a-f]{64}(  schemas\/defs\.schema\.json)$/m, `${sha256(readFileSync(target))}$1`);
    writeFileSync(join(copy, 'SHA256SUMS'), sums);
    const result = await run(verifyCommand, repo.dir, copy);
    expect(result.code).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toContain('defs.schema.json#/$defs/Name/pattern: the pattern "^([a-z ]+)+$" can take hours');
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/internal error|\n\s+at /);
  });

  it('verify catches a derived column edited to disagree with its date, checksums recomputed', async () => {
    const copy = join(repo.dir, 'rebounded');
    cpSync(folder, copy, { recursive: true });
    const target = join(copy, 'csv', 'allegiances.csv');
    const rows = Papa.parse<string[]>(readFileSync(target, 'utf8'), { skipEmptyLines: true }).data;
    // Written back unchanged, the file is the same bytes: only the edit below differs.
    expect(`${Papa.unparse(rows, { newline: '\n' })}\n`).toBe(readFileSync(target, 'utf8'));
    const column = rows[0]!.findIndex((name) => name.endsWith('_earliest'));
    const row = rows.findIndex((cells, i) => i > 0 && cells[column] !== '');
    rows[row]![column] = '1999-01-01';
    writeFileSync(target, `${Papa.unparse(rows, { newline: '\n' })}\n`);
    const sums = readFileSync(join(copy, 'SHA256SUMS'), 'utf8').replace(/^[0-9a-f]{64}(  csv\/allegiances\.csv)$/m, `${sha256(readFileSync(target))}$1`);
    writeFileSync(join(copy, 'SHA256SUMS'), sums);
    const result = await run(verifyCommand, repo.dir, copy);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `  csv/allegiances.csv: row ${row + 1} (id "${rows[row]![0]}"), column "${rows[0]![column]}": the file has "1999-01-01", the data gives`,
    );
  });

  it('SQLite passes foreign_key_check and integrity_check in the sqlite3 shell, with the CSV row counts', () => {
    const sqlite = spawnSync('sqlite3', ['-version']);
    if (sqlite.status !== 0) return void console.warn('sqlite3 is not installed; .ci/run installs it');
    const query = (sql: string): string => execFileSync('sqlite3', [join(folder, 'caucasus-allegiances.sqlite'), sql], { encoding: 'utf8' }).trim();
    expect(query('PRAGMA foreign_keys = ON; PRAGMA foreign_key_check;')).toBe('');
    expect(query('PRAGMA integrity_check;')).toBe('ok');
    for (const table of MODEL.tables.map((t) => t.name)) {
      const lines =
        readFileSync(join(folder, 'csv', `${table}.csv`), 'utf8')
          .trim()
          .split('\n').length - 1;
      expect(Number(query(`SELECT count(*) FROM ${table};`)), table).toBeLessThanOrEqual(lines);
      expect(Number(query(`SELECT count(*) FROM ${table};`)), table).toBe(csvRows(join(folder, 'csv', `${table}.csv`)).length);
    }
    const names = new Map([...csvRows(join(folder, 'csv', 'actors.csv')), ...csvRows(join(folder, 'csv', 'groups.csv'))].map((e) => [e.id, e.name]));
    const allegiances = csvRows(join(folder, 'csv', 'allegiances.csv'));
    for (const row of [allegiances[0]!, allegiances.at(-1)!]) {
      expect(query(`SELECT subject_name || ' ' || kind || ' ' || target_name FROM allegiances_named WHERE id = '${row.id}';`)).toBe(
        `${names.get(row.subject_id!)} ${row.kind} ${names.get(row.target_id!)}`,
      );
    }
    const citations = allegiances.reduce((sum, row) => sum + row.source_ids!.split('|').length, 0);
    expect(Number(query('SELECT count(*) FROM allegiance_sources;'))).toBe(citations);
  });

  it('DuckDB reads the Parquet files with the same rows as the CSVs', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    for (const table of MODEL.tables.map((t) => t.name)) {
      const csv = csvRows(join(folder, 'csv', `${table}.csv`));
      const result = await connection.runAndReadAll(`SELECT * FROM '${join(folder, 'parquet', `${table}.parquet`)}'`);
      const rows = result.getRowObjectsJson() as Record<string, unknown>[];
      expect(rows.length, table).toBe(csv.length);
      rows.forEach((row, i) => {
        for (const [column, cell] of Object.entries(csv[i]!)) {
          const value = row[column];
          const text = value === null ? '' : Array.isArray(value) ? value.join('|') : String(value);
          expect(text, `${table} row ${i + 2} ${column}`).toBe(cell);
        }
      });
    }
    // A month-precision date, whatever the data holds: its bounds are the month's first and last days.
    const month = csvRows(join(folder, 'csv', 'allegiances.csv')).find((row) => /^\d{4}-\d{2}$/.test(row.started ?? ''))?.started;
    if (month) {
      const [year, mm] = month.split('-').map(Number) as [number, number];
      const last = new Date(Date.UTC(year, mm, 0)).getUTCDate();
      const dated = await connection.runAndReadAll(
        `SELECT started, started_earliest::VARCHAR AS e, started_latest::VARCHAR AS l FROM '${join(folder, 'parquet', 'allegiances.parquet')}' WHERE started = '${month}'`,
      );
      expect(dated.getRowObjectsJson()[0]).toEqual({ started: month, e: `${month}-01`, l: `${month}-${last}` });
    }
    connection.closeSync();
  });

  it('datapackage.json passes the v1 library where v1 and v2 agree: the profile, and every table without list fields with its types, constraints and keys', async () => {
    // The datapackage library implements v1 only: it reads no `list` field, so tables with one are
    // checked against the v2 rules in release-formats.test.ts instead.
    const dataPackage = await Package.load(join(folder, 'datapackage.json'));
    expect(dataPackage.errors.map((e: Error) => e.message)).toEqual([]);
    expect(dataPackage.valid).toBe(true);
    const tabular = dataPackage.resources.filter((r) => r.descriptor.type === 'table');
    const withoutLists = tabular.filter((r) => r.descriptor.schema.fields.every((f) => f.type !== 'list'));
    expect(withoutLists.length).toBeGreaterThan(0);
    for (const resource of withoutLists) {
      const rows = await resource.read({ relations: true });
      expect(rows.length, resource.name).toBe(csvRows(join(folder, resource.descriptor.path)).length);
    }
  });

  it('GraphML parses as XML with a node per actor and group and an edge per allegiance', () => {
    const xml = new XMLParser({ ignoreAttributes: false }).parse(readFileSync(join(folder, 'allegiances.graphml'), 'utf8'));
    const graph = xml.graphml.graph;
    expect(graph['@_edgedefault']).toBe('directed');
    expect(graph.node).toHaveLength(csvRows(join(folder, 'csv', 'entities.csv')).length);
    expect(graph.edge).toHaveLength(csvRows(join(folder, 'csv', 'allegiances.csv')).length);
    const ids = new Set(graph.node.map((n: { '@_id': string }) => n['@_id']));
    for (const edge of graph.edge) expect(ids.has(edge['@_source']) && ids.has(edge['@_target'])).toBe(true);
  });
});

describe('version numbers follow the change', () => {
  it('needs a minor release for new rows, a major one for a removed column, and writes the changelog from the row diff', async () => {
    const repo = await scratchRepo();
    expect((await run(releaseCommand, repo.dir, '--version', '1.0.0')).code).toBe(0);
    repo.commitAll('release 1.0.0');

    // Correct one actor's description: a patch.
    const actors = join(repo.dir, 'data', 'actors.csv');
    const actor = csvRows(actors)[0]!;
    const corrected = 'Reported as taking part in the events.';
    writeFileSync(actors, rewriteCell(actors, actor.id!, 'description', corrected));
    // Committed in canonical form, as after the merge (the new row need not sort last in any data).
    expect((await run(formatCommand, repo.dir)).code).toBe(0);
    repo.commitAll('correct a description');
    const patch = await run(releaseCommand, repo.dir, '--version', '1.0.1');
    expect(patch.code, patch.stderr).toBe(0);
    expect(readFileSync(join(repo.dir, 'releases', '1.0.1', 'CHANGES.md'), 'utf8')).toContain(`\`${actor.id}\``);
    expect(readFileSync(join(repo.dir, 'releases', '1.0.1', 'CHANGES.md'), 'utf8')).toContain('<ins>taking part in the events</ins>');
    repo.commitAll('release 1.0.1');

    const sources = join(repo.dir, 'data', 'sources.csv');
    writeFileSync(sources, `${readFileSync(sources, 'utf8')}zz-new-source,New,,,2015,,en,\n`);
    writeFileSync(join(repo.dir, 'data', 'archive', 'zz-new-source.txt'), 'text');
    const groups = join(repo.dir, 'data', 'groups.csv');
    const group = csvRows(groups)[0]!;
    writeFileSync(groups, rewriteCell(groups, group.id!, 'source_ids', `${group.source_ids}|zz-new-source`));
    // Committed in canonical form, as after the merge (the new row need not sort last in any data).
    expect((await run(formatCommand, repo.dir)).code).toBe(0);
    repo.commitAll('add a source');
    const understated = await run(releaseCommand, repo.dir, '--version', '1.0.2');
    expect(understated.code).toBe(1);
    expect(understated.stderr).toContain('1.0.2 is a patch release after 1.0.1, but the changes need a minor release: 1 row(s) were added to sources');
    const minor = await run(releaseCommand, repo.dir, '--version', '1.1.0');
    expect(minor.code, minor.stderr).toBe(0);
    const changelog = readFileSync(join(repo.dir, 'dist', 'caucasus-allegiances-1.1.0', 'CHANGELOG.md'), 'utf8');
    expect(changelog.indexOf('## 1.1.0')).toBeLessThan(changelog.indexOf('## 1.0.1'));
    expect(changelog).toContain('- **+** added `zz-new-source`: **New**');
    repo.commitAll('release 1.1.0');

    const schema = join(repo.dir, 'schemas', 'actors.schema.json');
    const parsed = JSON.parse(readFileSync(schema, 'utf8'));
    delete parsed.properties.origin;
    writeFileSync(schema, JSON.stringify(parsed, null, 2));
    writeFileSync(
      actors,
      Papa.unparse(
        csvRows(actors).map(({ origin: _origin, ...rest }) => rest),
        { newline: '\n' },
      ) + '\n',
    );
    // Committed in canonical form, as after the merge (the new row need not sort last in any data).
    expect((await run(formatCommand, repo.dir)).code).toBe(0);
    repo.commitAll('drop origin');
    const minorAgain = await run(releaseCommand, repo.dir, '--version', '1.2.0');
    expect(minorAgain.code).toBe(1);
    expect(minorAgain.stderr).toContain('need a major release: column actors.origin was removed or renamed');
    expect((await run(releaseCommand, repo.dir, '--version', '2.0.0')).code).toBe(0);
  });

  it('refuses invalid data and a malformed version', async () => {
    const repo = await scratchRepo();
    expect((await run(releaseCommand, repo.dir, '--version', 'v1')).code).toBe(2);
    const allegiances = join(repo.dir, 'data', 'allegiances.csv');
    writeFileSync(allegiances, readFileSync(allegiances, 'utf8').replace(',leader_of,', ',leads,'));
    const result = await run(releaseCommand, repo.dir, '--version', '0.1.0');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the data has errors');
    expect(existsSync(join(repo.dir, 'dist'))).toBe(false);
  });
});

/** A table's CSV text with one cell of the row `id` replaced, written back in canonical form. */
function rewriteCell(path: string, id: string, column: string, value: string): string {
  const rows = csvRows(path).map((row) => (row.id === id ? { ...row, [column]: value } : row));
  return `${Papa.unparse(rows, { newline: '\n' })}\n`;
}
