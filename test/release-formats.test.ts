import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { unzipSync } from 'fflate';
import Papa from 'papaparse';
import initSqlJs from 'sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { buildReleaseContents, readSnapshot, releaseInputFrom, releaseFolderName, writeRelease } from '../scripts/lib/release/build-release.ts';
import { DATE_FORMS } from '../scripts/lib/release/codebook.ts';
import { dateParts } from '../scripts/lib/release/release-tables.ts';
import { writeInside } from '../scripts/lib/files/confined.ts';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { Ajv } from 'ajv';
import { releaseStamp, zenodoMetadata } from '../scripts/lib/release/citation.ts';
import { MODEL, REPO } from './helpers/fixtures.ts';

const VERSION = '9.8.7';
const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

type Row = Record<string, string>;
type Field = {
  name: string;
  type: string;
  delimiter?: string;
  itemType?: string;
  categories?: { value: string; label: string }[];
  constraints?: Record<string, unknown>;
};
type Resource = {
  name: string;
  type?: string;
  path: string;
  mediatype: string;
  bytes: number;
  hash: string;
  licenses: { name: string }[];
  schema?: { fields: Field[]; primaryKey: string[]; foreignKeys?: { fields: string[]; reference: { resource: string; fields: string[] } }[] };
};

const csvRows = (text: string): Row[] => Papa.parse<Row>(text, { header: true, skipEmptyLines: true }).data;
const csvHeader = (text: string): string[] => text.slice(0, text.indexOf('\n')).split(',');

/** The Python that can import Debian's pandas, networkx and openpyxl: `python3` on PATH may be another one. */
function debianPython(): string | undefined {
  return ['/usr/bin/python3', 'python3'].find((python) => spawnSync(python, ['-c', 'import pandas, networkx, openpyxl']).status === 0);
}
const PYTHON = debianPython();
const HAS_R = spawnSync('Rscript', ['-e', 'for (p in c("readr", "DBI", "RSQLite", "jsonlite", "igraph")) library(p, character.only = TRUE)']).status === 0;
const HAS_SQLITE3 = spawnSync('sqlite3', ['-version']).status === 0;
const HAS_SOFFICE = spawnSync('soffice', ['--version']).status === 0;
if (!PYTHON)
  console.warn(
    'Python client tests skipped: no python3 imports pandas, networkx and openpyxl (apt-get install python3-pandas python3-networkx python3-openpyxl; .ci/run installs them).',
  );
if (!HAS_R)
  console.warn(
    'R client tests skipped: Rscript with readr, DBI, RSQLite, jsonlite and igraph is missing (.ci/run installs r-base-core and the r-cran-* packages).',
  );
if (!HAS_SQLITE3) console.warn('sqlite3 shell tests skipped: sqlite3 is missing (.ci/run installs it).');
if (!HAS_SOFFICE) console.warn('LibreOffice workbook tests skipped: soffice is missing (.ci/run installs libreoffice-calc).');

let folder: string;
let tables: string[];
let pkg: { licenses: { name: string }[]; resources: Resource[]; [key: string]: unknown };
const csvText = (table: string): string => readFileSync(join(folder, 'csv', `${table}.csv`), 'utf8');

beforeAll(async () => {
  // Built from the repository's data, zipped, and used as a researcher would: unpacked from the zip.
  const out = mkdtempSync(join(tmpdir(), 'release-formats-'));
  made.push(out);
  const snapshot = await readSnapshot(MODEL, join(REPO, 'data'));
  const contents = await buildReleaseContents(
    releaseInputFrom(
      { dataDir: join(REPO, 'data'), schemasDir: join(REPO, 'schemas') },
      {
        model: MODEL,
        version: VERSION,
        commit: null,
        date: '2026-01-01',
        changelog: '# Changelog\n',
      },
    ),
    snapshot,
  );
  const { zip } = writeRelease(out, VERSION, contents.files);
  const unpacked = mkdtempSync(join(tmpdir(), 'release-unzipped-'));
  made.push(unpacked);
  for (const [name, bytes] of Object.entries(unzipSync(readFileSync(zip)))) if (!name.endsWith('/')) writeInside(unpacked, name, bytes);
  folder = join(unpacked, releaseFolderName(VERSION));
  pkg = JSON.parse(readFileSync(join(folder, 'datapackage.json'), 'utf8'));
  tables = pkg.resources.filter((r) => r.type === 'table').map((r) => r.name);
}, 120_000);

describe('dates', () => {
  /** First and last day of a period, computed without the edtf library: the rule the codebook states. */
  const expectedBounds = (digits: string): { earliest: string; latest: string } => {
    const [y, m, d] = digits.split('-').map(Number) as [number, number | undefined, number | undefined];
    const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
    if (d !== undefined) return { earliest: digits, latest: digits };
    if (m !== undefined) return { earliest: iso(Date.UTC(y, m - 1, 1)), latest: iso(Date.UTC(y, m, 0)) };
    return { earliest: `${digits}-01-01`, latest: `${digits}-12-31` };
  };
  const edtfPattern = new RegExp(JSON.parse(readFileSync(join(REPO, 'schemas', 'defs.schema.json'), 'utf8')).$defs.EdtfDate.pattern);

  it('the codebook lists every form the schemas allow, and each gets the bounds and precision the rule states', () => {
    expect(DATE_FORMS).toHaveLength(3 * 4);
    for (const { form, example } of DATE_FORMS) {
      expect(example, form).toMatch(edtfPattern);
      const digits = example.replace(/[?~%]$/, '');
      expect(dateParts(example), form).toEqual({ ...expectedBounds(digits), precision: ['year', 'month', 'day'][digits.split('-').length - 1] });
    }
  });

  it('any valid date: bounds are its first and last day whatever the qualifier; invalid calendar dates have none', () => {
    const dates = fc
      .tuple(
        fc.integer({ min: 1000, max: 2999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        fc.constantFrom(1, 2, 3),
        fc.constantFrom('', '?', '~', '%'),
      )
      .map(([y, m, d, parts, qualifier]) => [String(y), String(m).padStart(2, '0'), String(d).padStart(2, '0')].slice(0, parts).join('-') + qualifier);
    fc.assert(
      fc.property(dates, (edtf) => {
        expect(edtf).toMatch(edtfPattern);
        const digits = edtf.replace(/[?~%]$/, '');
        const [y, m, d] = digits.split('-').map(Number);
        const real = d === undefined || new Date(Date.UTC(y!, m! - 1, d)).getUTCDate() === d;
        if (!real) return void expect(dateParts(edtf)).toBeUndefined();
        expect(dateParts(edtf)).toEqual({ ...expectedBounds(digits), precision: ['year', 'month', 'day'][digits.split('-').length - 1] });
      }),
      { numRuns: 500 },
    );
  });

  it('every date column of every CSV has its bounds and precision beside it, as ISO dates that follow from the EDTF cell', () => {
    let checked = 0;
    for (const table of tables) {
      const text = csvText(table);
      const header = csvHeader(text);
      for (const column of header.filter((c) => header.includes(`${c}_earliest`))) {
        expect(header.slice(header.indexOf(column), header.indexOf(column) + 4)).toEqual([
          column,
          `${column}_earliest`,
          `${column}_latest`,
          `${column}_precision`,
        ]);
        for (const row of csvRows(text)) {
          const parts = row[column] ? dateParts(row[column]!) : undefined;
          expect(row[`${column}_earliest`]).toBe(parts?.earliest ?? '');
          expect(row[`${column}_latest`]).toBe(parts?.latest ?? '');
          expect(row[`${column}_precision`]).toBe(parts?.precision ?? '');
          if (parts) checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});

/** A copy of the official profile datapackage.json names, where one is given: it is not in the repository (README, Releases). */
const PROFILE = process.env.DATAPACKAGE_PROFILE;
if (!PROFILE)
  console.warn(
    'datapackage.json against the official Data Package profile skipped: set DATAPACKAGE_PROFILE to a copy of https://datapackage.org/profiles/2.1/datapackage.json (the tests below check the v2 rules themselves).',
  );

describe('datapackage.json as a Data Package v2', () => {
  it.skipIf(!PROFILE)('validates against the official profile it names, given as DATAPACKAGE_PROFILE', () => {
    const profile = JSON.parse(readFileSync(PROFILE!, 'utf8'));
    const validate = new Ajv({ strict: false, validateFormats: false, allErrors: true }).compile(profile);
    expect(validate(pkg), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
  });

  const V2_FIELD_TYPES = [
    'string',
    'number',
    'integer',
    'boolean',
    'object',
    'array',
    'list',
    'datetime',
    'date',
    'time',
    'year',
    'yearmonth',
    'duration',
    'geopoint',
    'geojson',
    'any',
  ];
  const V2_ITEM_TYPES = ['string', 'integer', 'number', 'boolean', 'datetime', 'date', 'time'];

  it('is v2 only: the 2.1 profile (2.0 has no `list` field type), no v1 profile strings, contributors with roles only', () => {
    expect(pkg.$schema).toBe('https://datapackage.org/profiles/2.1/datapackage.json');
    const keys = (value: unknown): string[] =>
      Array.isArray(value) ? value.flatMap(keys) : value && typeof value === 'object' ? Object.entries(value).flatMap(([k, v]) => [k, ...keys(v)]) : [];
    expect(keys(pkg)).not.toContain('profile');
    expect(pkg.contributors).toEqual([{ title: expect.any(String), roles: expect.any(Array) }]);
  });

  it('every tabular resource: typed fields matching the CSV header, list fields with `|`, categories agreeing with the enum, every value of its type', () => {
    for (const resource of pkg.resources.filter((r) => r.type === 'table')) {
      const text = readFileSync(join(folder, resource.path), 'utf8');
      const fields = resource.schema!.fields;
      expect(
        fields.map((f) => f.name),
        resource.name,
      ).toEqual(csvHeader(text));
      const rows = csvRows(text);
      for (const field of fields) {
        expect(V2_FIELD_TYPES).toContain(field.type);
        if (field.type === 'list') expect([field.delimiter, V2_ITEM_TYPES.includes(field.itemType!)]).toEqual(['|', true]);
        if (field.categories) expect(field.categories.map((c) => c.value)).toEqual(field.constraints?.enum);
        for (const row of rows) {
          const cell = row[field.name]!;
          if (cell === '') {
            expect(field.constraints?.required, `${resource.name}.${field.name} is required`).not.toBe(true);
            continue;
          }
          if (field.type === 'date') expect(new Date(`${cell}T00:00:00Z`).toISOString().slice(0, 10)).toBe(cell);
          const items = field.type === 'list' ? cell.split('|') : [cell];
          if (field.constraints?.enum) expect(field.constraints.enum).toContain(cell);
          if (typeof field.constraints?.pattern === 'string') expect(cell).toMatch(new RegExp(`^(?:${field.constraints.pattern})$`));
          expect(items.every((item) => item !== '')).toBe(true);
        }
      }
      const key = resource.schema!.primaryKey;
      expect(new Set(rows.map((r) => key.map((k) => r[k]).join('\u0000'))).size, `${resource.name} primary key`).toBe(rows.length);
    }
  });

  it('every foreign key resolves: each value is a key of the resource it names', () => {
    let checked = 0;
    for (const resource of pkg.resources.filter((r) => r.schema?.foreignKeys)) {
      const rows = csvRows(readFileSync(join(folder, resource.path), 'utf8'));
      for (const { fields, reference } of resource.schema!.foreignKeys!) {
        const target = pkg.resources.find((r) => r.name === reference.resource)!;
        expect(target, reference.resource).toBeDefined();
        const keys = new Set(csvRows(readFileSync(join(folder, target.path), 'utf8')).map((r) => reference.fields.map((f) => r[f]).join('\u0000')));
        for (const row of rows.filter((r) => fields.every((f) => r[f] !== ''))) {
          expect(keys.has(fields.map((f) => row[f]).join('\u0000')), `${resource.name} ${fields.join(',')} = ${fields.map((f) => row[f])}`).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('lists every file of csv/ (archived texts included) with its media type, size, hash and licence', () => {
    const listed = new Map(pkg.resources.map((r) => [r.path, r]));
    const files = readdirSync(join(folder, 'csv'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    for (const entry of files) {
      const path = join(entry.parentPath, entry.name).slice(folder.length + 1);
      const resource = listed.get(path)!;
      expect(resource, path).toBeDefined();
      const bytes = readFileSync(join(folder, path));
      expect(resource.mediatype).toBe(path.endsWith('.csv') ? 'text/csv' : 'text/plain');
      expect(resource.bytes).toBe(bytes.length);
      expect(resource.licenses.map((l) => l.name)).toEqual([path.includes('/archive/') ? 'other-closed' : 'CC-BY-4.0']);
    }
    expect(pkg.resources).toHaveLength(files.length);
  });
});

describe('the same tables in every format', () => {
  it('JSON and Parquet hold every row and cell of every CSV, with the same column names; Parquet carries each column description', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    for (const table of tables) {
      const csv = csvRows(csvText(table));
      const json = JSON.parse(readFileSync(join(folder, 'json', `${table}.json`), 'utf8')).rows as Record<string, unknown>[];
      const parquet = join(folder, 'parquet', `${table}.parquet`);
      const rows = (await connection.runAndReadAll(`SELECT * FROM '${parquet}'`)).getRowObjectsJson() as Record<string, unknown>[];
      const text = (value: unknown): string => (value === null ? '' : Array.isArray(value) ? value.join('|') : String(value));
      for (const [format, got] of [
        ['json', json],
        ['parquet', rows],
      ] as const) {
        expect(
          got.map((row) => Object.keys(row)),
          `${format} ${table}`,
        ).toEqual(csv.map((row) => Object.keys(row)));
        expect(
          got.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, text(v)]))),
          `${format} ${table}`,
        ).toEqual(csv);
      }
      const fields = pkg.resources.find((r) => r.name === table)!.schema!.fields;
      const metadata = (
        await connection.runAndReadAll(`SELECT decode(key) AS key, decode(value) AS value FROM parquet_kv_metadata('${parquet}')`)
      ).getRowObjectsJson();
      for (const field of fields)
        expect(metadata.find((m) => m.key === `description.${field.name}`)?.value, `${table}.${field.name}`).toBe(
          (field as { description?: string }).description?.split(' Each item matches')[0],
        );
    }
    connection.closeSync();
  });

  it('SQLite holds every table with the same rows, and describes every column and value in its codebook tables', async () => {
    const SQL = await initSqlJs();
    const db = new SQL.Database(readFileSync(join(folder, 'caucasus-allegiances.sqlite')));
    const select = (sql: string): Row[] => {
      const [result] = db.exec(sql);
      return (result?.values ?? []).map((values) => Object.fromEntries(result!.columns.map((c, i) => [c, values[i] === null ? '' : String(values[i])])));
    };
    for (const table of tables) {
      const csv = csvRows(csvText(table));
      const key = pkg.resources.find((r) => r.name === table)!.schema!.primaryKey[0]!;
      expect(select(`SELECT * FROM "${table}" ORDER BY "${key}"`), table).toEqual(csv);
      const described = select(`SELECT column_name FROM codebook_columns WHERE table_name = '${table}' ORDER BY position`).map((r) => r.column_name);
      expect(described).toEqual(csvHeader(csvText(table)));
      for (const field of pkg.resources.find((r) => r.name === table)!.schema!.fields.filter((f) => f.categories))
        expect(select(`SELECT value, meaning AS label FROM codebook_values WHERE table_name = '${table}' AND column_name = '${field.name}'`)).toEqual(
          expect.arrayContaining(field.categories!),
        );
    }
    db.close();
  });

  it('GraphML declares every column with its description, has a node per entity and an edge per relationship with its cells, and marks two-way kinds', () => {
    const xml = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (name) => ['key', 'node', 'edge', 'data'].includes(name) }).parse(
      readFileSync(join(folder, 'allegiances.graphml'), 'utf8'),
    );
    const keys = new Map<string, { '@_id': string; '@_for': string; '@_attr.name': string; '@_attr.type': string; desc: string }>(
      xml.graphml.key.map((k: { '@_id': string }) => [k['@_id'], k]),
    );
    const graph = xml.graphml.graph;
    const entities = csvRows(csvText('entities'));
    expect(graph.node.map((n: { '@_id': string }) => n['@_id'])).toEqual(entities.map((e) => e.id));
    const nodeRows = new Map(tables.flatMap((t) => (t === 'entities' ? [] : csvRows(csvText(t)).map((r) => [r.id!, r] as const))));
    const attributes = (element: { data?: { '@_key': string; '#text'?: string }[] }): Row =>
      Object.fromEntries((element.data ?? []).map((d) => [keys.get(d['@_key'])!['@_attr.name'], d['#text'] ?? '']));
    for (const node of graph.node) {
      const own = { ...nodeRows.get(node['@_id']), ...entities.find((e) => e.id === node['@_id']) };
      for (const [name, value] of Object.entries(attributes(node))) if (name !== 'label') expect(value, `${node['@_id']}.${name}`).toBe(own[name]);
    }
    const edgeTable = pkg.resources.find(
      (r) => r.schema?.foreignKeys?.filter((k) => k.reference.resource === 'entities' && k.fields[0] !== r.schema!.primaryKey[0]).length === 2,
    )!;
    const edges = csvRows(readFileSync(join(folder, edgeTable.path), 'utf8'));
    expect(graph.edge).toHaveLength(edges.length);
    const declared = new Set([...keys.values()].filter((k) => k['@_for'] === 'edge').map((k) => k['@_attr.name']));
    const ends = edgeTable.schema!.foreignKeys!.filter((k) => k.reference.resource === 'entities').map((k) => k.fields[0]!);
    for (const field of edgeTable.schema!.fields.filter((f) => f.name !== 'id' && !ends.includes(f.name))) expect(declared, field.name).toContain(field.name);
    const symmetric = MODEL.tables.flatMap((t) => t.columns).find((c) => c.symmetric)!;
    expect(keys.get('e_two_way')?.['@_attr.type']).toBe('boolean');
    for (const edge of graph.edge) {
      const row = edges.find((e) => e.id === edge['@_id'])!;
      const data = attributes(edge);
      expect([edge['@_source'], edge['@_target']]).toEqual(ends.map((e) => row[e]));
      expect(data.two_way).toBe(String(symmetric.symmetric!.includes(row[symmetric.name]!)));
      for (const [name, value] of Object.entries(data)) if (name !== 'two_way') expect(value, `${edge['@_id']}.${name}`).toBe(row[name]);
      expect(Object.keys(data)).not.toContain('id');
    }
    for (const key of keys.values()) expect(key.desc, key['@_id']).toBeTruthy();
  });

  it('no table or column in any format is named with a reserved SQL word, and every one can be selected unquoted in DuckDB', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    const reserved = new Set(
      (await connection.runAndReadAll("SELECT keyword_name FROM duckdb_keywords() WHERE keyword_category = 'reserved'"))
        .getRowObjectsJson()
        .map((r) => String(r.keyword_name)),
    );
    const SQL = await initSqlJs();
    const sqlite = new SQL.Database(readFileSync(join(folder, 'caucasus-allegiances.sqlite')));
    const relations = sqlite.exec("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")[0]!.values.map((v) => String(v[0]));
    const sqliteColumns = relations.flatMap((r) => sqlite.exec(`PRAGMA table_info("${r}")`)[0]!.values.map((v) => String(v[1])));
    sqlite.close();
    const names = [...tables, ...relations, ...sqliteColumns, ...tables.flatMap((t) => csvHeader(csvText(t)))];
    expect(names.filter((n) => reserved.has(n.toLowerCase()))).toEqual([]);
    expect(names).not.toContain('start');
    for (const table of tables) {
      const columns = csvHeader(csvText(table));
      await connection.runAndReadAll(`SELECT ${columns.join(', ')} FROM '${join(folder, 'parquet', `${table}.parquet`)}'`);
    }
    connection.closeSync();
  });
});

describe('the workbook', () => {
  const workbook = (): string => join(folder, `caucasus-allegiances-${VERSION}.xlsx`);

  it.skipIf(!HAS_SOFFICE)(
    'LibreOffice opens it with a sheet per table and the codebook sheet, each table sheet the same as its CSV, byte for byte',
    () => {
      const out = mkdtempSync(join(tmpdir(), 'workbook-'));
      made.push(out);
      execFileSync(
        'soffice',
        [
          '--headless',
          '--norestore',
          `-env:UserInstallation=${pathToFileURL(join(out, 'profile')).href}`,
          '--convert-to',
          // UTF-8 (76), every sheet to its own file (-1), cells as shown (the date format is ISO).
          'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
          '--outdir',
          out,
          workbook(),
        ],
        { stdio: 'pipe', timeout: 120_000 },
      );
      const base = `caucasus-allegiances-${VERSION}`;
      const sheets = readdirSync(out)
        .filter((f) => f.endsWith('.csv'))
        .map((f) => f.slice(base.length + 1, -4))
        .sort();
      expect(sheets).toEqual([...tables, 'codebook'].sort());
      for (const table of tables) expect(readFileSync(join(out, `${base}-${table}.csv`), 'utf8'), table).toBe(csvText(table));
    },
    180_000,
  );

  it.skipIf(!PYTHON)(
    'openpyxl and pandas read every cell as the CSVs hold it: dates as dates, a frozen header with descriptions, drop-downs for enums and ids',
    () => {
      const script = `
import json, sys, openpyxl, pandas
wb = openpyxl.load_workbook(sys.argv[1])
out = {}
for ws in wb.worksheets:
    rows = [["" if c.value is None else (c.value.strftime("%Y-%m-%d") if c.is_date else str(c.value)) for c in row] for row in ws.iter_rows()]
    out[ws.title] = {
        "rows": rows,
        "dates": sorted({ws.cell(1, c.column).value for row in ws.iter_rows(min_row=2) for c in row if c.is_date and c.value is not None}),
        "frozen": ws.freeze_panes,
        "notes": [c.comment.text if c.comment else None for c in ws[1]],
        "validations": [[str(dv.sqref), dv.type, dv.formula1] for dv in ws.data_validations.dataValidation],
        "pandas_rows": len(pandas.read_excel(sys.argv[1], sheet_name=ws.title)),
    }
print(json.dumps(out))
`;
      const sheets = JSON.parse(execFileSync(PYTHON!, ['-c', script, workbook()], { encoding: 'utf8', maxBuffer: 1 << 26 })) as Record<
        string,
        { rows: string[][]; dates: string[]; frozen: string; notes: string[]; validations: [string, string, string][]; pandas_rows: number }
      >;
      expect(Object.keys(sheets)).toEqual([...tables, 'codebook']);
      for (const table of tables) {
        const sheet = sheets[table]!;
        const csv = Papa.parse<string[]>(csvText(table), { skipEmptyLines: true }).data;
        expect(sheet.rows, table).toEqual(csv);
        expect(sheet.pandas_rows).toBe(csv.length - 1);
        expect(sheet.frozen).toBe('A2');
        const fields = pkg.resources.find((r) => r.name === table)!.schema!.fields as (Field & { description: string })[];
        expect(sheet.dates).toEqual(
          fields
            .filter((f) => f.type === 'date' && csvRows(csvText(table)).some((r) => r[f.name]))
            .map((f) => f.name)
            .sort(),
        );
        expect(sheet.notes).toEqual(fields.map((f) => f.description.split(' Each item matches')[0]));
        // A drop-down on every enum column and every single-id reference other than the key itself.
        const foreign = (pkg.resources.find((r) => r.name === table)!.schema!.foreignKeys ?? []).filter((k) => k.fields[0] !== 'id').map((k) => k.fields[0]!);
        const wanted = fields.filter((f) => f.categories || foreign.includes(f.name)).map((f) => f.name);
        const validated = sheet.validations.map(([range]) => csv[0]![columnIndex(range.replace(/\d.*$/, ''))]);
        expect(validated.sort(), table).toEqual(wanted.sort());
        for (const [range, type, formula] of sheet.validations) {
          expect(type).toBe('list');
          const column = csv[0]![columnIndex(range.replace(/\d.*$/, ''))]!;
          const listed = cellsOf(sheets, formula).filter(Boolean);
          const field = fields.find((f) => f.name === column)!;
          if (field.categories) expect(listed).toEqual(field.categories.map((c) => c.value));
          else
            expect(listed).toEqual(
              csvRows(csvText(pkg.resources.find((r) => r.name === table)!.schema!.foreignKeys!.find((k) => k.fields[0] === column)!.reference.resource)).map(
                (r) => r.id,
              ),
            );
        }
      }
    },
    120_000,
  );
});

/** 0-based index of spreadsheet column letters: A → 0, AA → 26. */
function columnIndex(letters: string): number {
  return [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0) - 1;
}

/** The cells a range formula such as `'codebook'!$F$4:$F$5` covers. */
function cellsOf(sheets: Record<string, { rows: string[][] }>, formula: string): string[] {
  const [, sheet, column, first, last] = formula.match(/^'?([^'!]+)'?!\$([A-Z]+)\$(\d+):\$[A-Z]+\$(\d+)$/)!;
  return sheets[sheet!]!.rows.slice(Number(first) - 1, Number(last)).map((row) => row[columnIndex(column!)] ?? '');
}

describe('the release README: every loading snippet runs verbatim in its client from inside the release folder', () => {
  const snippets = (info: string): string[] =>
    [...readFileSync(join(folder, 'README.md'), 'utf8').matchAll(/^```([^\n]*)\n([\s\S]*?)^```$/gm)].filter((m) => m[1] === info).map((m) => m[2]!);
  const counts = (): { rows: number; nodes: number; edges: number } => {
    const relationship = pkg.resources.find(
      (r) => r.schema?.foreignKeys?.filter((k) => k.reference.resource === 'entities' && k.fields[0] !== r.schema!.primaryKey[0]).length === 2,
    )!;
    const edges = csvRows(readFileSync(join(folder, relationship.path), 'utf8')).length;
    return { rows: edges, nodes: csvRows(csvText('entities')).length, edges };
  };
  const run = (command: string, args: string[], input?: string) => {
    const result = spawnSync(command, args, { cwd: folder, encoding: 'utf8', input, timeout: 120_000 });
    expect(result.status, `${command}: ${result.stderr}`).toBe(0);
    return result;
  };

  it('the README has a snippet for each client', () => {
    for (const info of ['python', 'r', 'sql sqlite3', 'sql duckdb', 'ts']) expect(snippets(info), info).toHaveLength(1);
  });

  it.skipIf(!PYTHON)('Python: pandas parses every bound column with format="%Y-%m-%d", and reads the workbook, the GraphML and the SQLite', () => {
    const { stdout, stderr } = run(PYTHON!, ['-'], snippets('python')[0]);
    expect(stderr).toBe('');
    const { rows, nodes, edges } = counts();
    expect(stdout).toContain(`${rows} `);
    expect(stdout).toContain(`${nodes} nodes, ${edges} edges`);
    expect(
      stdout
        .split('\n')
        .filter(Boolean)
        .every((line) => line.startsWith(`${rows} `) || line.startsWith(`${nodes} nodes`)),
    ).toBe(true);
  });

  it.skipIf(!HAS_R)('R: readr, jsonlite, DBI/RSQLite and igraph load it without a warning', () => {
    const { stdout, stderr } = run('Rscript', ['-e', snippets('r')[0]!]);
    expect(stderr).toBe('');
    const { rows, nodes, edges } = counts();
    expect(
      stdout
        .split('\n')
        .filter(Boolean)
        .every((line) => line.startsWith(`${rows} `) || line === `${nodes} nodes, ${edges} edges`),
    ).toBe(true);
  });

  it.skipIf(!PYTHON)(
    'networkx finds every node by its id and reads the release as graph data; openpyxl reads the version and licence from the workbook properties',
    () => {
      const entity = csvRows(csvText('entities'))[0]!;
      const script = `
import json, sys, networkx, openpyxl
graph = networkx.read_graphml("allegiances.graphml")
wb = openpyxl.load_workbook("caucasus-allegiances-${VERSION}.xlsx")
print(json.dumps({"node": graph.nodes[sys.argv[1]], "graph": graph.graph, "subject": wb.properties.subject, "description": wb.properties.description}))
`;
      const out = JSON.parse(run(PYTHON!, ['-c', script, entity.id!]).stdout);
      expect(out.node.label).toBe(entity.name);
      expect(out.node.name).toBeUndefined();
      expect(out.graph).toMatchObject({ version: VERSION, license: 'CC-BY-4.0' });
      expect(out.subject).toBe(`Version ${VERSION}, licensed under CC-BY-4.0`);
      expect(out.description).toContain('CC-BY-4.0');
    },
  );

  it.skipIf(!HAS_R)('igraph keeps the ids as the id attribute and finds a vertex by it, the name as label, and reads the version', () => {
    const entity = csvRows(csvText('entities'))[0]!;
    const script = `g <- igraph::read_graph("allegiances.graphml", format = "graphml")
v <- igraph::V(g)[igraph::V(g)$id == "${entity.id}"]
cat(length(v), v$label, "\n")
cat("name" %in% igraph::vertex_attr_names(g), igraph::graph_attr(g, "version"), "\n")`;
    const { stdout } = run('Rscript', ['-e', script]);
    expect(stdout).toBe(`1 ${entity.name} \nFALSE ${VERSION} \n`);
  });

  it.skipIf(!HAS_SQLITE3)('the sqlite3 shell runs the SQL', () => {
    const { stdout, stderr } = run('sqlite3', ['caucasus-allegiances.sqlite'], snippets('sql sqlite3')[0]);
    expect(stderr).toBe('');
    expect(stdout.split('\n').length).toBeGreaterThan(counts().rows);
  });

  it('DuckDB runs the SQL (the @duckdb/node-api client, in a process started in the release folder)', () => {
    const duckdb = pathToFileURL(createRequire(import.meta.url).resolve('@duckdb/node-api')).href;
    const runner = `import { DuckDBInstance } from ${JSON.stringify(duckdb)};
import { readFileSync } from 'node:fs';
const connection = await (await DuckDBInstance.create(':memory:')).connect();
for (const statement of readFileSync(0, 'utf8').split(/;\\s*\\n/).filter((s) => s.trim())) console.log((await connection.runAndReadAll(statement)).getRowObjectsJson().length);`;
    const { stdout } = run(process.execPath, ['--input-type=module', '-e', runner], snippets('sql duckdb')[0]);
    const results = stdout.trim().split('\n').map(Number);
    expect(results.length).toBe(
      snippets('sql duckdb')[0]!
        .trim()
        .split(/;\s*\n?/)
        .filter((s) => s.trim()).length,
    );
    expect(results.every((n) => n > 0)).toBe(true);
  });

  it('Node imports the JSON as the TypeScript / JavaScript snippet does', () => {
    const { stdout } = run(process.execPath, ['--input-type=module', '-e', snippets('ts')[0]!]);
    expect(stdout).toBe(`${counts().rows} ${relationshipName()}, version ${VERSION}\n`);
  });

  it.skipIf(!HAS_SQLITE3)('the sqlite3 snippet lists undated relationships after every dated one', () => {
    const first = snippets('sql sqlite3')[0]!.split('\n')[0]!;
    const { stdout } = run('sqlite3', ['-json', 'caucasus-allegiances.sqlite'], first);
    const rows = JSON.parse(stdout) as Record<string, string | null>[];
    const date = Object.keys(rows[0]!).at(-1)!;
    const firstUndated = rows.findIndex((r) => r[date] === null);
    expect(firstUndated, 'the data has undated relationships').toBeGreaterThan(0);
    expect(rows.slice(firstUndated).every((r) => r[date] === null)).toBe(true);
  });
});

/** The official CFF 1.2.0 JSON Schema, as the npm package cffjs ships it (pinned by the lockfile; see README, Dependencies). */
async function cffValidator() {
  const entry = createRequire(import.meta.url).resolve('cffjs');
  const { schema } = (await import(pathToFileURL(join(entry, '..', 'schema.js')).href)) as { schema: Record<string, unknown> };
  expect(schema.$id).toBe('https://citation-file-format.github.io/1.2.0/schema.json');
  // Formats are left to the schema's own patterns (its date and URL patterns say the same).
  return new Ajv({ strict: false, validateFormats: false, allErrors: true }).compile(schema);
}

const relationshipName = (): string =>
  pkg.resources.find((r) => r.schema?.foreignKeys?.filter((k) => k.reference.resource === 'entities' && k.fields[0] !== r.schema!.primaryKey[0]).length === 2)!
    .name;

describe('what ships describes itself', () => {
  const stamp = (): Record<string, string> => Object.fromEntries(releaseStamp({ version: VERSION, date: '2026-01-01' }).map((s) => [s.key, s.value]));
  const jsonSchema = (table: string) => JSON.parse(readFileSync(join(folder, 'json-schema', `${table}.schema.json`), 'utf8'));

  it('every row of every JSON file validates against the JSON Schema the release carries for it, which covers every column', () => {
    const ajv = new Ajv2020({ strict: true, allErrors: true, validateFormats: false });
    let rows = 0;
    for (const table of tables) {
      const schema = jsonSchema(table);
      const document = JSON.parse(readFileSync(join(folder, 'json', `${table}.json`), 'utf8'));
      const validate = ajv.compile(schema);
      expect(validate(document), `json/${table}.json: ${ajv.errorsText(validate.errors)}`).toBe(true);
      const row = ajv.compile(schema.properties.rows.items);
      for (const [i, r] of (document.rows as unknown[]).entries()) expect(row(r), `json/${table}.json row ${i + 1}: ${ajv.errorsText(row.errors)}`).toBe(true);
      rows += document.rows.length;
      expect(Object.keys(schema.properties.rows.items.properties)).toEqual(csvHeader(csvText(table)));
      expect(schema.properties.rows.items.required).toEqual(csvHeader(csvText(table)));
    }
    expect(rows).toBeGreaterThan(0);
  });

  it('the JSON Schemas reject what the release never writes: an empty string, a bad date bound, an unknown key, a missing column', () => {
    const ajv = new Ajv2020({ strict: true, allErrors: true, validateFormats: false });
    const table = relationshipName();
    const row = ajv.compile(jsonSchema(table).properties.rows.items);
    const first = JSON.parse(readFileSync(join(folder, 'json', `${table}.json`), 'utf8')).rows[0] as Record<string, unknown>;
    const bound = Object.keys(first).find((k) => k.endsWith('_earliest'))!;
    const text = Object.keys(first).find((k) => typeof first[k] === 'string' && !k.includes('_'))!;
    const { [text]: _dropped, ...missing } = first;
    for (const bad of [{ ...first, [text]: '' }, { ...first, [bound]: '2015-13-01' }, { ...first, extra: 1 }, missing]) expect(row(bad)).toBe(false);
  });

  it('each JSON file carries the dataset, version and licence at its top level, before its rows', () => {
    for (const table of tables) {
      const document = JSON.parse(readFileSync(join(folder, 'json', `${table}.json`), 'utf8'));
      expect(document).toMatchObject({ ...stamp(), table, schema: `json-schema/${table}.schema.json` });
      expect(Object.keys(document).at(-1)).toBe('rows');
    }
  });

  it('Parquet files carry the version and licence in their key-value metadata, as DuckDB reads it', async () => {
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    for (const table of tables) {
      const rows = (
        await connection.runAndReadAll(
          `SELECT decode(key) AS key, decode(value) AS value FROM parquet_kv_metadata('${join(folder, 'parquet', `${table}.parquet`)}')`,
        )
      ).getRowObjectsJson() as { key: string; value: string }[];
      const metadata = Object.fromEntries(rows.map((r) => [r.key, r.value]));
      expect(metadata, table).toMatchObject({ ...stamp(), table });
    }
    connection.closeSync();
  });

  it('SQLite has a release table with the version and licence', async () => {
    const SQL = await initSqlJs();
    const db = new SQL.Database(readFileSync(join(folder, 'caucasus-allegiances.sqlite')));
    const [result] = db.exec('SELECT key, value FROM release');
    expect(Object.fromEntries(result!.values.map(([k, v]) => [String(k), String(v)]))).toEqual(stamp());
    db.close();
  });

  it('GraphML carries them as graph data and in its description, and every format says the version', () => {
    const graphml = readFileSync(join(folder, 'allegiances.graphml'), 'utf8');
    for (const [key, value] of Object.entries(stamp())) expect(graphml).toContain(`<data key="g_${key}">${value.replace(/&/g, '&amp;')}</data>`);
    expect(graphml).toMatch(new RegExp(`<graph [^>]*>\\n {4}<desc>[^<]*Version ${VERSION.replace(/\./g, '\\.')}; licensed under CC-BY-4\\.0`));
  });

  it('no description says a path the release does not have: its texts are in csv/archive/, never data/', () => {
    for (const file of ['datapackage.json', 'README.md', 'CODEBOOK.md', 'LICENSE', ...tables.map((t) => `json-schema/${t}.schema.json`)])
      expect(readFileSync(join(folder, file), 'utf8'), file).not.toMatch(/\bdata\/(archive|[a-z]+\.csv)/);
    expect(readFileSync(join(folder, 'CODEBOOK.md'), 'utf8')).toContain('csv/archive/');
  });
});

describe('citation, archiving and licences', () => {
  it('CITATION.cff has a preferred-citation with type, version and release date; the Zenodo deposit says the same', () => {
    const cff = parseYaml(readFileSync(join(folder, 'CITATION.cff'), 'utf8'));
    expect(cff['preferred-citation']).toMatchObject({ type: 'data', version: VERSION, 'date-released': '2026-01-01', title: cff.title });
    const zenodo = zenodoMetadata({ version: VERSION, date: '2026-01-01' });
    expect(zenodo).toMatchObject({
      title: cff.title,
      version: cff.version,
      publication_date: cff['date-released'],
      upload_type: 'dataset',
      license: 'cc-by-4.0',
      keywords: cff.keywords,
    });
    expect(zenodo.description).toContain(cff.abstract);
  });

  it('CITATION.cff, the release’s and the repository’s, validates against the official CFF 1.2.0 schema', async () => {
    const validate = await cffValidator();
    for (const path of [join(folder, 'CITATION.cff'), join(REPO, 'CITATION.cff')]) {
      // CFF tools read dates as text: YAML 1.2's core schema (the yaml default) keeps them so.
      const cff = parseYaml(readFileSync(path, 'utf8'));
      expect(validate(cff), `${path}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    // The schema does reject what CFF forbids, so passing means something.
    expect(validate({ 'cff-version': '1.2.0', message: 'x', title: 't', authors: [] })).toBe(false);
    expect(validate({ ...parseYaml(readFileSync(join(folder, 'CITATION.cff'), 'utf8')), 'date-released': '1 Jan 2026' })).toBe(false);
  });

  it('LICENSE, the README, the codebook and datapackage.json each state the three licences', () => {
    for (const file of ['LICENSE', 'README.md', 'CODEBOOK.md']) {
      const text = readFileSync(join(folder, file), 'utf8');
      for (const phrase of ['CC-BY-4.0', 'MIT', 'csv/archive/', 'not licensed for reuse']) expect(text, `${file}: ${phrase}`).toContain(phrase);
    }
    expect(pkg.licenses.map((l) => l.name)).toEqual(['CC-BY-4.0']);
    expect(readFileSync(join(REPO, 'LICENSE'), 'utf8')).toMatch(/MIT License[\s\S]*CC BY 4\.0[\s\S]*data\/archive\//);
  });

  it('the README gives a citation sentence and BibTeX', () => {
    const readme = readFileSync(join(folder, 'README.md'), 'utf8');
    expect(readme).toContain(`(version ${VERSION}) [Data set]`);
    expect(readme).toMatch(new RegExp(`@misc\\{[^,]+,[\\s\\S]*version = \\{${VERSION.replace(/\./g, '\\.')}\\}`));
  });
});

describe('the codebook', () => {
  it('names every column of every table, and every allowed value with its meaning', () => {
    const codebook = readFileSync(join(folder, 'CODEBOOK.md'), 'utf8');
    for (const resource of pkg.resources.filter((r) => r.type === 'table')) {
      expect(codebook).toContain(`## Table \`${resource.name}\``);
      const section = codebook.slice(codebook.indexOf(`## Table \`${resource.name}\``)).split('\n## ')[0]!;
      for (const field of resource.schema!.fields) {
        expect(section, `${resource.name}.${field.name}`).toContain(`| \`${field.name}\` |`);
        for (const { value, label } of field.categories ?? [])
          expect(section, `${resource.name}.${field.name} = ${value}`).toContain(`\`${value}\`: ${label.replace(/\|/g, '\\|')}`);
      }
    }
  });

  it('says what was included and why: inclusion, scope, the sources’ limits, pledges to persons and groups, quotes, one definition per certainty', () => {
    const codebook = readFileSync(join(folder, 'CODEBOOK.md'), 'utf8');
    for (const heading of [
      '### What is included',
      '### Where and when',
      '### Pledges to a person or to an organisation',
      '### Quotes',
      '## Scope of this release',
      '## Sources and their limits',
      '## Pledges to persons and to organisations, counted',
      '## `certainty`: one definition per value',
    ])
      expect(codebook).toContain(`\n${heading}\n`);
    const sources = csvRows(csvText('sources'));
    expect(codebook).toContain(`the ${sources.length} sources were published`);
    const unnamed = sources.filter((s) => !s.publisher);
    if (unnamed.length) expect(codebook).toContain(`name no publisher (${unnamed.map((s) => `\`${s.id}\``).join(', ')})`);
    // Each certainty value once, with its schema definition and how many rows use it.
    const certainty = pkg.resources.find((r) => r.name === relationshipName())!.schema!.fields.find((f) => f.name === 'certainty')!;
    const rows = csvRows(csvText(relationshipName()));
    for (const { value, label } of certainty.categories!)
      expect(codebook).toContain(`| \`${value}\` | ${label} | ${rows.filter((r) => r.certainty === value).length} |`);
  });

  it.skipIf(!HAS_SQLITE3)('the codebook’s query for pledges to a group, either way, runs in sqlite3 and finds those to its leader too', () => {
    const codebook = readFileSync(join(folder, 'CODEBOOK.md'), 'utf8');
    const query = codebook.match(/```sql\n([\s\S]*?)```/)![1]!;
    const rows = JSON.parse(execFileSync('sqlite3', ['-json', join(folder, 'caucasus-allegiances.sqlite'), query], { encoding: 'utf8' }) || '[]') as {
      through_leader_id: string | null;
    }[];
    expect(rows.some((r) => r.through_leader_id !== null)).toBe(true);
    const stated = JSON.parse(
      execFileSync('sqlite3', ['-json', join(folder, 'caucasus-allegiances.sqlite'), query.replace(/;\s*\n--[^\n]*\n?$/, ' AND through_leader_id IS NULL;')], {
        encoding: 'utf8',
      }) || '[]',
    ) as unknown[];
    expect(stated.length).toBe(rows.filter((r) => r.through_leader_id === null).length);
  });

  it('carries the coding rules and every source with its notes', () => {
    const codebook = readFileSync(join(folder, 'CODEBOOK.md'), 'utf8');
    const rules = readFileSync(join(REPO, 'schemas', 'coding-rules.md'), 'utf8');
    for (const chunk of rules.split(/\n\s*\n/).filter((p) => p.trim())) {
      // A list is written item by item; a paragraph or a heading as it stands.
      const parts = chunk.trim().startsWith('- ') ? chunk.trim().split(/\n(?=- )/) : [chunk.trim()];
      for (const part of parts) expect(codebook).toContain(part.replace(/\s*\n\s*/g, ' '));
    }
    for (const source of csvRows(csvText('sources'))) {
      expect(codebook).toContain(`### ${source.title}`);
      if (source.notes) expect(codebook).toContain(source.notes);
    }
  });
});
