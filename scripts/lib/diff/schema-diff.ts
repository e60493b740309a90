import { refTarget } from '../model/schema-walk.ts';
import type { ColumnModel, DatasetModel, EXTENSION_KEYWORDS, JsonSchema, TableModel } from '../model/types.ts';
import { patternRelation } from './pattern-relation.ts';

/**
 * What a change to schemas/ does to the checks, for a reviewer: a pull request that drops a check
 * passes validation by construction, so it must be seen as such, in words, before any row.
 * - loosened: the data is checked less (a constraint removed or widened);
 * - tightened: checked more; changed: neither simply (a renamed file, a column added);
 * - wording: descriptions, hints, examples; refused: the new schemas cannot be used at all.
 */
export type SchemaEffect = 'refused' | 'loosened' | 'tightened' | 'changed' | 'wording';

export interface SchemaChange {
  /** The schema file the change is in (the new one; the old one for a table removed), e.g. `allegiances.schema.json`; `` for the whole folder. */
  readonly file: string;
  readonly effect: SchemaEffect;
  /** In words: `x-quoteOf removed from allegiances.quote: quotes are no longer checked`. */
  readonly text: string;
}

/** One side's schemas: the model built from them, or why none could be built. */
export type SchemaVersion = { readonly model: DatasetModel } | { readonly problem: string } | { readonly missing: true };

type Keyword = (typeof EXTENSION_KEYWORDS)[number];
type Effectful = readonly [SchemaEffect, string];

/**
 * What each x- keyword means to a reviewer, when it appears, disappears or changes. `{v}` is the new
 * value (or the values added), `{was}` the old one (or the values removed). tsc asks for every keyword
 * the model knows; the values come from the model, never from a list of column names.
 */
const MEANING: Record<
  Keyword,
  { readonly added: Effectful; readonly removed: Effectful; readonly changed: Effectful; readonly more?: Effectful; readonly fewer?: Effectful }
> = {
  'x-file': {
    added: ['changed', 'rows are read from data/{v}'],
    removed: ['loosened', 'its rows are no longer read'],
    changed: ['changed', 'the table’s file is renamed from data/{was} to data/{v}'],
  },
  'x-primaryKey': {
    added: ['tightened', 'rows are identified by {v}'],
    removed: ['loosened', 'rows are no longer identified by {was}'],
    changed: ['changed', 'rows are now identified, and referred to, by {v} instead of {was}'],
  },
  'x-idNamespace': {
    added: ['changed', 'its ids now share the id space {v}'],
    removed: ['changed', 'its ids no longer share the id space {was}'],
    changed: ['changed', 'its ids now share the id space {v} instead of {was}, so other tables’ ids they must differ from change'],
  },
  'x-expectReferenced': {
    added: ['tightened', 'rows nothing refers to are now warned about (unreferenced-row)'],
    removed: ['loosened', 'rows nothing refers to are no longer warned about'],
    changed: ['changed', 'changed from {was} to {v}'],
  },
  'x-archive': {
    added: ['tightened', 'every row needs its archived text at data/{v}, and quotes citing it are checked against it'],
    removed: ['loosened', 'archived texts are no longer required, and quotes citing these rows can no longer be checked'],
    changed: ['changed', 'archived texts are now read from data/{v} instead of data/{was}'],
  },
  'x-references': {
    added: ['tightened', 'each id must now be the id of a row in {v}'],
    removed: ['loosened', 'its ids are no longer checked against any table'],
    changed: ['changed', 'changed from {was} to {v}'],
    more: ['loosened', 'ids may now also be those of rows in {v}'],
    fewer: ['tightened', 'ids may no longer be those of rows in {was}'],
  },
  'x-notBefore': {
    added: ['tightened', 'its date must now be on or after {v}'],
    removed: ['loosened', 'its date is no longer checked to be on or after {was}'],
    changed: ['changed', 'its date must now be on or after {v} instead of {was}'],
  },
  'x-distinctFrom': {
    added: ['tightened', 'it must now differ from {v}'],
    removed: ['loosened', 'it may now equal {was}: a row may relate an entity to itself'],
    changed: ['changed', 'it must now differ from {v} instead of {was}'],
  },
  'x-endpoints': {
    added: ['tightened', 'what each end of a relationship may point at is now checked, per value'],
    removed: ['loosened', 'what the ends of a relationship point at is no longer checked'],
    changed: ['changed', 'changed'],
    more: ['loosened', '{v}'],
    fewer: ['tightened', '{was}'],
  },
  'x-acyclic': {
    added: ['tightened', 'cycles of {v} are now refused'],
    removed: ['loosened', 'cycles of {was} are no longer refused'],
    changed: ['changed', 'changed from {was} to {v}'],
    more: ['tightened', 'cycles of {v} are now refused'],
    fewer: ['loosened', 'cycles of {was} are no longer refused (containment-cycle)'],
  },
  'x-symmetric': {
    added: ['changed', '{v} now read as running both ways'],
    removed: ['changed', '{was} no longer read as running both ways'],
    changed: ['changed', 'changed from {was} to {v}'],
    more: ['changed', '{v} now read as running both ways (A with B is B with A)'],
    fewer: ['changed', '{was} no longer read as running both ways'],
  },
  'x-formerly': {
    added: ['wording', 'records that it was called {v}'],
    removed: ['wording', 'no longer records that it was called {was}'],
    changed: ['wording', 'records that it was called {v} (was {was})'],
  },
  'x-quoteOf': {
    added: ['tightened', 'its text must now be found verbatim in the archived text of the first item of {v}'],
    removed: ['loosened', 'quotes are no longer checked'],
    changed: ['changed', 'quotes are now checked against the first item of {v} instead of {was}'],
  },
  'x-publicationDate': {
    added: ['tightened', 'it now bounds the dates of the rows that cite it (date-after-source)'],
    removed: ['loosened', 'events may now be dated after their sources were published'],
    changed: ['changed', 'changed from {was} to {v}'],
  },
  'x-nameKey': {
    added: ['tightened', 'its names are now compared to find likely duplicates'],
    removed: ['loosened', 'its names are no longer compared to find likely duplicates (possible-duplicate)'],
    changed: ['changed', 'changed from {was} to {v}'],
  },
  'x-publisher': {
    added: ['tightened', 'it now says which sources are independent of each other (too-few-publishers)'],
    removed: ['loosened', 'sources are no longer told apart by publisher'],
    changed: ['changed', 'changed from {was} to {v}'],
  },
  'x-minPublishers': {
    added: ['tightened', 'these values now need sources from several publishers: {v}'],
    removed: ['loosened', 'no value needs sources from several publishers any more'],
    changed: ['changed', 'changed from {was} to {v}'],
  },
  'x-throughLeader': {
    added: ['changed', 'relationships aimed at a leader now also reach what he leads: {v}'],
    removed: ['changed', 'relationships aimed at a leader no longer reach what he leads'],
    changed: ['changed', 'changed from {was} to {v}'],
  },
  'x-hint': {
    added: ['wording', 'its findings now give a hint'],
    removed: ['wording', 'its findings no longer give a hint'],
    changed: ['wording', 'the hint its findings give changed'],
  },
  'x-enumDescriptions': {
    added: ['wording', 'its values are now explained'],
    removed: ['wording', 'its values are no longer explained'],
    changed: ['wording', 'the meanings of its values changed'],
  },
};

/** Where each keyword's value is in the model. */
const TABLE_KEYWORDS: Partial<Record<Keyword, (table: TableModel) => unknown>> = {
  'x-file': (t) => t.file,
  'x-primaryKey': (t) => t.primaryKey,
  'x-idNamespace': (t) => (t.idNamespace === t.name ? undefined : t.idNamespace),
  'x-expectReferenced': (t) => t.expectReferenced || undefined,
  'x-archive': (t) => t.archive,
};
const COLUMN_KEYWORDS: Partial<Record<Keyword, (column: ColumnModel) => unknown>> = {
  'x-references': (c) => c.references,
  'x-notBefore': (c) => c.notBefore,
  'x-distinctFrom': (c) => c.distinctFrom,
  'x-endpoints': (c) => c.endpoints,
  'x-acyclic': (c) => c.acyclic,
  'x-symmetric': (c) => c.symmetric,
  'x-formerly': (c) => c.formerly,
  'x-quoteOf': (c) => c.quoteOf,
  'x-publicationDate': (c) => c.publicationDate || undefined,
  'x-nameKey': (c) => c.nameKey || undefined,
  'x-publisher': (c) => c.publisher || undefined,
  'x-minPublishers': (c) => c.minPublishers,
  'x-throughLeader': (c) => c.throughLeader,
  'x-hint': (c) => c.hint,
  'x-enumDescriptions': (c) => c.enumDescriptions,
};

/** At most this many values are listed in one change (an enum of thousands stays one readable line). */
const VALUES_SHOWN = 12;
/** Values longer than this are cut in the text (a pattern may be long). */
const VALUE_CHARS = 160;

const shown = (value: unknown): string => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > VALUE_CHARS ? `${text.slice(0, VALUE_CHARS)}…` : text;
};
const listed = (values: readonly unknown[]): string =>
  values.length > VALUES_SHOWN
    ? `${values.slice(0, VALUES_SHOWN).map(shown).join(', ')} and ${values.length - VALUES_SHOWN} more`
    : values.map(shown).join(', ');
const fill = (template: string, v: string, was: string): string => template.replace('{v}', v).replace('{was}', was);
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Every change between two versions of the schemas that matters to what is accepted, in words, most
 * consequential first: refusals, then what is checked less, more, differently, then wording.
 */
export function compareSchemas(before: SchemaVersion, after: SchemaVersion): SchemaChange[] {
  if ('problem' in after) return [{ file: '', effect: 'refused', text: `the schemas are refused, so nothing can be validated: ${after.problem}` }];
  if ('missing' in before || 'missing' in after) return [];
  if ('problem' in before)
    return [{ file: '', effect: 'changed', text: `the schemas at the base could not be read (${before.problem}), so their changes cannot be listed` }];
  const changes: SchemaChange[] = [];
  const old = new Map(before.model.tables.map((t) => [t.name, t]));
  for (const table of after.model.tables) {
    const was = old.get(table.name);
    const file = `${table.name}.schema.json`;
    if (!was) changes.push({ file, effect: 'changed', text: `table ${table.name} added: its rows are read from data/${table.file}` });
    else changes.push(...tableChanges(was, table, before.model, after.model));
  }
  for (const table of before.model.tables)
    if (!after.model.tables.some((t) => t.name === table.name))
      changes.push({
        file: `${table.name}.schema.json`,
        effect: 'loosened',
        text: `table ${table.name} removed: data/${table.file} is no longer read or checked`,
      });
  const order: SchemaEffect[] = ['refused', 'loosened', 'tightened', 'changed', 'wording'];
  return sameChangeTogether(changes)
    .map((change, i) => ({ change, i }))
    .sort((a, b) => order.indexOf(a.change.effect) - order.indexOf(b.change.effect) || a.i - b.i)
    .map(({ change }) => change);
}

/**
 * One change to a shared definition (the id pattern, say) reaches every column that uses it: said
 * once, naming the columns, in the shared file when they are in several.
 */
function sameChangeTogether(changes: readonly SchemaChange[]): SchemaChange[] {
  const groups = new Map<string, { change: SchemaChange; subjects: string[]; files: Set<string> }>();
  for (const change of changes) {
    const subject = /^[\w$ -]+? (?:of|from|to) ([\w-]+\.[\w-]+)[ :]/.exec(change.text)?.[1];
    const key = subject === undefined ? `\0${groups.size}` : `${change.effect}\0${change.text.replace(subject, '\0')}`;
    const group = groups.get(key) ?? { change, subjects: [], files: new Set<string>() };
    if (subject !== undefined) group.subjects.push(subject);
    group.files.add(change.file);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ change, subjects, files }) =>
    subjects.length < 2
      ? change
      : {
          file: files.size > 1 ? 'defs.schema.json' : change.file,
          effect: change.effect,
          text: change.text.replace(subjects[0]!, `${listed(subjects)} (${subjects.length} columns)`),
        },
  );
}

function tableChanges(was: TableModel, now: TableModel, before: DatasetModel, after: DatasetModel): SchemaChange[] {
  const file = `${now.name}.schema.json`;
  const changes: SchemaChange[] = [];
  const push = (effect: SchemaEffect, text: string): void => void changes.push({ file, effect, text });
  for (const [keyword, read] of Object.entries(TABLE_KEYWORDS) as [Keyword, (t: TableModel) => unknown][])
    changes.push(...keywordChanges(file, keyword, now.name, read(was), read(now)));
  if (was.title !== now.title || was.description !== now.description) push('wording', `the title or description of table ${now.name} changed`);
  const renames = columnRenames(was, now);
  const wasByName = new Map(was.columns.map((c) => [c.name, c]));
  for (const column of now.columns) {
    const formerName = [...renames].find(([, to]) => to === column.name)?.[0] ?? column.name;
    const previous = wasByName.get(formerName);
    const where = `${now.name}.${column.name}`;
    if (!previous) {
      push(column.required ? 'tightened' : 'changed', `column ${where} added${column.required ? ': every row must fill it' : ''}`);
      continue;
    }
    if (formerName !== column.name) push('changed', `column ${now.name}.${formerName} renamed to ${column.name}`);
    changes.push(...columnChanges(file, where, previous, column, before, after, was, now));
  }
  const kept = new Set([...now.columns.map((c) => c.name), ...renames.keys()]);
  for (const column of was.columns)
    if (!kept.has(column.name))
      push('changed', `column ${now.name}.${column.name} removed: its cells are no longer checked, and a table that still has it is refused (unknown-column)`);
  return changes;
}

/** Columns of a table renamed between two versions: the new one's x-formerly names the old, or one column replaced by one with the same rules at the same place. */
export function columnRenames(was: TableModel, now: TableModel): Map<string, string> {
  const renames = new Map<string, string>();
  const oldNames = new Set(was.columns.map((c) => c.name));
  const newNames = new Set(now.columns.map((c) => c.name));
  for (const column of now.columns)
    if (!oldNames.has(column.name) && column.formerly !== undefined && oldNames.has(column.formerly) && !newNames.has(column.formerly))
      renames.set(column.formerly, column.name);
  now.columns.forEach((column, i) => {
    const previous = was.columns[i];
    if (!previous || oldNames.has(column.name) || newNames.has(previous.name) || renames.has(previous.name) || [...renames.values()].includes(column.name))
      return;
    if (same(rulesOf(previous), rulesOf(column))) renames.set(previous.name, column.name);
  });
  return renames;
}

/** What a column accepts, without its name and words. */
const rulesOf = (column: ColumnModel): unknown => {
  const { name: _name, description: _description, examples: _examples, hint: _hint, formerly: _formerly, enumDescriptions: _meanings, ...rules } = column;
  return rules;
};

function keywordChanges(file: string, keyword: Keyword, where: string, was: unknown, now: unknown): SchemaChange[] {
  if (same(was, now)) return [];
  const meaning = MEANING[keyword];
  const change = ([effect, template]: Effectful, head: string, v: string, wasText: string): SchemaChange => ({
    file,
    effect,
    text: `${head}: ${fill(template, v, wasText)}`,
  });
  if (was === undefined) return [change(meaning.added, `${keyword} added to ${where}`, listedValue(now), '')];
  if (now === undefined) return [change(meaning.removed, `${keyword} removed from ${where}`, '', listedValue(was))];
  if (Array.isArray(was) && Array.isArray(now) && meaning.more && meaning.fewer) {
    const added = now.filter((v) => !was.includes(v));
    const removed = was.filter((v) => !now.includes(v));
    return [
      ...(added.length ? [change(meaning.more, `${keyword} of ${where} now also lists ${listed(added)}`, listed(added), '')] : []),
      ...(removed.length ? [change(meaning.fewer, `${keyword} of ${where} no longer lists ${listed(removed)}`, '', listed(removed))] : []),
    ];
  }
  if (keyword === 'x-endpoints')
    return endpointChanges(file, where, was as Record<string, Record<string, string[]>>, now as Record<string, Record<string, string[]>>);
  return [change(meaning.changed, `${keyword} of ${where} changed from ${shown(was)} to ${shown(now)}`, shown(now), shown(was))];
}

const listedValue = (value: unknown): string => (Array.isArray(value) ? listed(value) : shown(value));

/** x-endpoints per value and end: which tables each end of each kind of relationship may point at. */
function endpointChanges(
  file: string,
  where: string,
  was: Record<string, Record<string, string[]>>,
  now: Record<string, Record<string, string[]>>,
): SchemaChange[] {
  const changes: SchemaChange[] = [];
  for (const value of new Set([...Object.keys(was), ...Object.keys(now)])) {
    const before = was[value];
    const after = now[value];
    if (!after)
      changes.push({ file, effect: 'loosened', text: `x-endpoints of ${where} no longer lists ${value}: what its ends point at is no longer checked` });
    else if (!before) changes.push({ file, effect: 'tightened', text: `x-endpoints of ${where} now lists ${value}: what its ends point at is checked` });
    else
      for (const end of new Set([...Object.keys(before), ...Object.keys(after)])) {
        const gained = (after[end] ?? []).filter((t) => !(before[end] ?? []).includes(t));
        const lost = (before[end] ?? []).filter((t) => !(after[end] ?? []).includes(t));
        if (!after[end]) changes.push({ file, effect: 'loosened', text: `x-endpoints of ${where}: what ${end} of ${value} points at is no longer checked` });
        else if (!before[end])
          changes.push({ file, effect: 'tightened', text: `x-endpoints of ${where}: ${end} of ${value} must now point at ${listed(after[end])}` });
        else {
          if (gained.length)
            changes.push({ file, effect: 'loosened', text: `x-endpoints of ${where}: ${end} of ${value} may now also point at ${listed(gained)}` });
          if (lost.length)
            changes.push({ file, effect: 'tightened', text: `x-endpoints of ${where}: ${end} of ${value} may no longer point at ${listed(lost)}` });
        }
      }
  }
  return changes;
}

function columnChanges(
  file: string,
  where: string,
  was: ColumnModel,
  now: ColumnModel,
  before: DatasetModel,
  after: DatasetModel,
  wasTable: TableModel,
  nowTable: TableModel,
): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const push = (effect: SchemaEffect, text: string): void => void changes.push({ file, effect, text });
  const column = now.name;
  if (was.required && !now.required) push('loosened', `required no longer includes ${column} (${nowTable.name}): the cell may be left empty`);
  if (!was.required && now.required) push('tightened', `required now includes ${column} (${nowTable.name}): an empty cell is an error (missing-value)`);
  if (was.list !== now.list) push('changed', `${where} ${now.list ? 'is now a |-separated list' : 'is no longer a list'}`);
  if (was.typeTitle !== now.typeTitle) push('changed', `${where} is now of type ${now.typeTitle} (was ${was.typeTitle})`);
  changes.push(...patternChanges(file, where, was.pattern, now.pattern));
  const oldValues = was.enumValues;
  const newValues = now.enumValues;
  if (oldValues && !newValues) push('loosened', `enum removed from ${where}: any value is accepted (it was one of ${listed(oldValues)})`);
  if (!oldValues && newValues) push('tightened', `enum added to ${where}: the value must be one of ${listed(newValues)}`);
  if (oldValues && newValues) {
    const added = newValues.filter((v) => !oldValues.includes(v));
    const removed = oldValues.filter((v) => !newValues.includes(v));
    if (added.length) push('loosened', `enum of ${where} now also allows ${listed(added)}`);
    if (removed.length) push('tightened', `enum of ${where} no longer allows ${listed(removed)}`);
  }
  if (was.maxLength !== now.maxLength) {
    if (now.maxLength === undefined) push('loosened', `maxLength removed from ${where}: values of any length are accepted (the limit was ${was.maxLength})`);
    else if (was.maxLength === undefined) push('tightened', `maxLength added to ${where}: at most ${now.maxLength} characters`);
    else
      push(
        now.maxLength > was.maxLength ? 'loosened' : 'tightened',
        `maxLength of ${where} ${now.maxLength > was.maxLength ? 'raised' : 'lowered'} from ${was.maxLength} to ${now.maxLength}`,
      );
  }
  if (was.date && !now.date) push('loosened', `format edtf-date removed from ${where}: its values are no longer checked as EDTF dates`);
  if (!was.date && now.date) push('tightened', `format edtf-date added to ${where}: its values must be EDTF dates`);
  for (const [keyword, read] of Object.entries(COLUMN_KEYWORDS) as [Keyword, (c: ColumnModel) => unknown][])
    changes.push(...keywordChanges(file, keyword, where, read(was), read(now)));
  changes.push(...otherRuleChanges(file, where, columnSchema(before, wasTable, was.name), columnSchema(after, nowTable, now.name)));
  if (was.description !== now.description) push('wording', `the description of ${where} changed`);
  return changes;
}

function patternChanges(file: string, where: string, was: string | undefined, now: string | undefined): SchemaChange[] {
  if (was === now) return [];
  if (now === undefined) return [{ file, effect: 'loosened', text: `pattern removed from ${where}: its values are no longer checked against ${shown(was)}` }];
  if (was === undefined) return [{ file, effect: 'tightened', text: `pattern added to ${where}: its values must match ${shown(now)}` }];
  const relation = patternRelation(was, now);
  const head = `pattern of ${where}`;
  const from = `from ${shown(was)} to ${shown(now)}`;
  switch (relation.kind) {
    case 'same':
      return [{ file, effect: 'wording', text: `${head} rewritten ${from}: it accepts exactly the same values` }];
    case 'widened':
      return [{ file, effect: 'loosened', text: `${head} widened ${from}: it accepts every value it did, and more, e.g. ${JSON.stringify(relation.gained)}` }];
    case 'narrowed':
      return [
        {
          file,
          effect: 'tightened',
          text: `${head} narrowed ${from}: it accepts only values it did, and fewer, e.g. no longer ${JSON.stringify(relation.lost)}`,
        },
      ];
    case 'both':
      return [
        {
          file,
          effect: 'loosened',
          text: `${head} changed ${from}: it now accepts values it refused, e.g. ${JSON.stringify(relation.gained)}, and refuses some it accepted, e.g. ${JSON.stringify(relation.lost)}`,
        },
      ];
    default:
      return [{ file, effect: 'changed', text: `${head} changed ${from}` }];
  }
}

/** Keywords already compared above through the model, and words that do not change what is accepted. */
const COMPARED = new Set([
  'pattern',
  'enum',
  'maxLength',
  'format',
  'type',
  'items',
  'title',
  'description',
  'examples',
  '$comment',
  'default',
  '$ref',
  '$id',
  '$schema',
]);

/** Any other keyword of a column or its items (minLength, uniqueItems, anyOf…), so that no change to what is accepted goes unlisted. */
function otherRuleChanges(file: string, where: string, was: JsonSchema, now: JsonSchema): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const compare = (a: JsonSchema, b: JsonSchema, prefix: string): void => {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (COMPARED.has(key) || key.startsWith('x-') || same(a[key], b[key])) continue;
      const name = `${prefix}${key}`;
      if (!(key in b)) changes.push({ file, effect: looser(key, a[key], undefined), text: `${name} removed from ${where} (it was ${shown(a[key])})` });
      else if (!(key in a)) changes.push({ file, effect: looser(key, undefined, b[key]), text: `${name} added to ${where}: ${shown(b[key])}` });
      else changes.push({ file, effect: looser(key, a[key], b[key]), text: `${name} of ${where} changed from ${shown(a[key])} to ${shown(b[key])}` });
    }
  };
  compare(was, now, '');
  const items = (s: JsonSchema): JsonSchema => (s.items !== null && typeof s.items === 'object' ? (s.items as JsonSchema) : {});
  compare(items(was), items(now), 'items.');
  return changes;
}

/** Whether a change to a bound or a flag accepts more values (loosened), fewer (tightened), or cannot be said. */
function looser(key: string, was: unknown, now: unknown): SchemaEffect {
  const number = (v: unknown, absent: number): number => (typeof v === 'number' ? v : absent);
  if (/^min/.test(key)) return number(now, 0) < number(was, 0) ? 'loosened' : 'tightened';
  if (/^max/.test(key)) return number(now, Infinity) > number(was, Infinity) ? 'loosened' : 'tightened';
  if (key === 'uniqueItems') return now === true ? 'tightened' : 'loosened';
  if (was === undefined) return 'tightened';
  if (now === undefined) return 'loosened';
  return 'changed';
}

/** A column's schema with its `$ref`s followed (own keywords win, as in the model), and its items' too. */
function columnSchema(model: DatasetModel, table: TableModel, column: string): JsonSchema {
  const byId = new Map(model.schemas.map((s) => [String(s.$id), s]));
  const follow = (node: JsonSchema, baseId: string, depth = 0): { node: JsonSchema; baseId: string } => {
    if (typeof node.$ref !== 'string' || depth > 16) return { node, baseId };
    const target = refTarget(node.$ref, baseId, byId);
    if (target.node === null || typeof target.node !== 'object') return { node, baseId };
    const inner = follow(target.node as JsonSchema, target.documentId, depth + 1);
    return { node: { ...inner.node, ...node }, baseId: inner.baseId };
  };
  const properties = table.schema.properties as Record<string, JsonSchema>;
  const { node, baseId } = follow(properties[column] ?? {}, table.schemaId);
  return node.items !== null && typeof node.items === 'object' ? { ...node, items: follow(node.items as JsonSchema, baseId).node } : node;
}
