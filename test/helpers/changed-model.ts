import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { csvLine } from '../../scripts/lib/write/canonical-csv.ts';
import { MODEL, REPO, scratchDir } from './fixtures.ts';

/**
 * What a maintainer adds in `changedRepository`: an optional column on allegiances, a new kind of
 * allegiance, and a new table that allegiances refer to. Named here so tests can look for them.
 */
export const CHANGE = (() => {
  // Names the schemas do not have yet, so that the test also runs in a copy where a maintainer already made this change.
  const allegiances = MODEL.tables.find((t) => t.name === 'allegiances')!;
  const free = (name: string, taken: readonly string[]): string => {
    let candidate = name;
    for (let n = 2; taken.includes(candidate); n++) candidate = `${name}${n}`;
    return candidate;
  };
  const table = free(
    'places',
    MODEL.tables.map((t) => t.name),
  );
  const suffix = table.slice('places'.length);
  return {
    column: free(
      'location',
      allegiances.columns.map((c) => c.name),
    ),
    kind: free('financed', allegiances.columns.find((c) => c.endpoints)?.enumValues ?? []),
    table,
    title: `Place${suffix}`,
    reference: `place${suffix}_id`,
    place: { id: 'latakia-province', name: 'Latakia province' },
  } as const;
})();

type Json = Record<string, any>;

const readJson = (path: string): Json => JSON.parse(readFileSync(path, 'utf8'));
const writeJson = (path: string, value: Json): void => writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);

/** An object's entries with `added` inserted after the key `after`, so a new column lands mid-row and moves every letter after it. */
const insertedAfter = (object: Json, after: string, added: Json): Json =>
  Object.fromEntries(Object.entries(object).flatMap(([key, value]) => (key === after ? [[key, value], ...Object.entries(added)] : [[key, value]])));

/** The schema edits, as a maintainer new to the code makes them: documents only, no code. */
function editSchemas(schemas: string): void {
  const allegiancesPath = join(schemas, 'allegiances.schema.json');
  const allegiances = readJson(allegiancesPath);
  allegiances.properties = insertedAfter(allegiances.properties, 'role', {
    [CHANGE.column]: {
      $ref: 'defs.schema.json#/$defs/Name',
      description: 'Where the relationship was reported to take place, as the source names it.',
      examples: ['Latakia'],
    },
    [CHANGE.reference]: {
      $ref: 'defs.schema.json#/$defs/Id',
      description: 'The place of the relationship, a row of places.',
      'x-references': [CHANGE.table],
    },
  });
  const kind = allegiances.properties.kind;
  kind.enum.push(CHANGE.kind);
  kind['x-enumDescriptions'][CHANGE.kind] = 'The subject paid for the target or its operations.';
  kind['x-endpoints'][CHANGE.kind] = { subject_id: ['actors', 'groups'], target_id: ['groups'] };
  writeJson(allegiancesPath, allegiances);
  writeJson(join(schemas, `${CHANGE.table}.schema.json`), {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${CHANGE.table}.schema.json`,
    title: CHANGE.title,
    description: 'A place where relationships were reported to take place.',
    'x-file': `${CHANGE.table}.csv`,
    'x-primaryKey': 'id',
    type: 'object',
    additionalProperties: false,
    required: ['id', 'name', 'source_ids'],
    properties: {
      id: { $ref: 'defs.schema.json#/$defs/Id', description: 'Unique id of the place.', examples: [CHANGE.place.id] },
      name: { $ref: 'defs.schema.json#/$defs/Name', description: 'The name of the place in English.', examples: [CHANGE.place.name] },
      source_ids: { $ref: 'defs.schema.json#/$defs/IdList', description: 'The sources that name the place.', 'x-references': ['sources'] },
      notes: { $ref: 'defs.schema.json#/$defs/Text', description: 'Anything a reader should know about the place.' },
    },
  });
}

/** The first source id of a data folder's sources table (the dataset's own, whatever it holds). */
const firstSource = (data: string): string => readFileSync(join(data, 'sources.csv'), 'utf8').split('\n')[1]!.split(',')[0]!;

/** The data edits: a places table with one row in each dataset. Format then adds the new columns, empty. */
function addPlaces(data: string): void {
  const { id, name } = CHANGE.place;
  writeFileSync(join(data, `${CHANGE.table}.csv`), `id,name,source_ids,notes\n${id},${name},${firstSource(data)},\n`);
}

/** Fills the new columns of a data folder's first allegiance: the place it names, and a location. */
function useThePlace(data: string): void {
  const path = join(data, 'allegiances.csv');
  const [header, ...rows] = Papa.parse<string[]>(readFileSync(path, 'utf8'), { skipEmptyLines: true }).data;
  const first = rows[0]!;
  first[header!.indexOf(CHANGE.column)] = 'Latakia';
  first[header!.indexOf(CHANGE.reference)] = CHANGE.place.id;
  writeFileSync(path, [header!, ...rows].map((cells) => `${csvLine(cells)}\n`).join(''));
}

const run = (dir: string, ...args: string[]): void =>
  void execFileSync('npm', ['run', '-s', ...args], { cwd: dir, stdio: 'pipe', env: { ...process.env, NO_COLOR: '1' } });

/**
 * A copy of the repository (its node_modules linked, not copied) with the schema and data edits of
 * CHANGE, then `npm run format` on the data and the test fixture and `npm run generate`: everything
 * a maintainer does by hand, and the first allegiance of each dataset set in that place. Nothing under
 * scripts/ or test/ is edited.
 */
export function changedRepository(): string {
  const dir = scratchDir('changed-model-');
  const skipped = new Set(['node_modules', '.git'].map((name) => join(REPO, name)));
  cpSync(REPO, dir, { recursive: true, filter: (source) => !skipped.has(source) });
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
  editSchemas(join(dir, 'schemas'));
  const fixture = join(dir, 'test', 'fixtures', 'base');
  for (const data of [join(dir, 'data'), fixture]) addPlaces(data);
  run(dir, 'format');
  run(dir, 'format', '--', '--data', fixture);
  for (const data of [join(dir, 'data'), fixture]) useThePlace(data);
  run(dir, 'generate');
  return dir;
}
