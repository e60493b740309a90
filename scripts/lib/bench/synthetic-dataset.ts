import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { labelColumn, relationshipTable } from '../model/relationships.ts';
import { csvLine } from '../write/canonical-csv.ts';
import type { ColumnModel, DatasetModel, TableModel } from '../model/types.ts';

/** Rows per table of a synthetic dataset, by table name. */
export type BenchSizes = Readonly<Record<string, number>>;

/** The tables a synthetic dataset gives a part to: the relationships, the entities they join, the archived sources, the rest. */
function roles(model: DatasetModel): { relationships: TableModel | undefined; entities: readonly TableModel[]; sources: TableModel | undefined } {
  const relationships = relationshipTable(model);
  const ends = new Set([...(relationships?.from.references ?? []), ...(relationships?.to.references ?? [])]);
  return { relationships: relationships?.table, entities: model.tables.filter((t) => ends.has(t.name)), sources: model.tables.find((t) => t.archive) };
}

/**
 * Rows per table of a synthetic dataset shaped like the real one, scaled from the number of
 * relationships: a tenth as many of the first kind of entity (people), a fiftieth of each other
 * (groups), a thousandth as many sources (3 to 1000), a hundredth of any other table.
 */
export function benchSizes(model: DatasetModel, relationships: number): BenchSizes {
  const { relationships: table, entities, sources } = roles(model);
  return Object.fromEntries(
    model.tables.map((t) => [
      t.name,
      t === table
        ? relationships
        : t === sources
          ? Math.max(3, Math.min(1000, Math.round(relationships / 1000)))
          : t === entities[0]
            ? Math.max(10, Math.round(relationships / 10))
            : entities.includes(t)
              ? Math.max(5, Math.round(relationships / 50))
              : Math.max(5, Math.round(relationships / 100)),
    ]),
  );
}

/** The sizes as a reader counts them: `3,000 allegiances, 300 actors, …`, largest first. */
export const sizesText = (sizes: BenchSizes): string =>
  Object.entries(sizes)
    .sort((a, b) => b[1] - a[1])
    .map(([table, rows]) => `${rows.toLocaleString('en')} ${table}`)
    .join(', ');

/** The same sizes with `entities` rows of entities, a fifth of them in the tables after the first. */
export function withEntities(model: DatasetModel, sizes: BenchSizes, entities: number): BenchSizes {
  const tables = roles(model).entities;
  const others = tables.length > 1 ? Math.max(1, Math.round(entities / 5 / (tables.length - 1))) : 0;
  return { ...sizes, ...Object.fromEntries(tables.map((t, i) => [t.name, i === 0 ? entities - others * (tables.length - 1) : others])) };
}

/** mulberry32: small, fast and the same everywhere, so the same seed always writes the same bytes. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'the',
  'group',
  'commander',
  'pledged',
  'allegiance',
  'to',
  'militants',
  'in',
  'Dagestan',
  'Chechnya',
  'said',
  'according',
  'reported',
  'amir',
  'faction',
  'Syria',
  'Raqqa',
  'leader',
  'video',
  'statement',
  'Кавказ',
  'имарат',
  'مجاهدين',
  'ولاية',
  'Qafqaz',
  'jamaat',
  'front',
  'sector',
];
const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const pick = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)]!;

/**
 * The text without what makes a CSV cell need quotes (a double quote, a comma, a line break), for the
 * quote-free variant of the dataset: the reader's worst case, where no quote ends a search early.
 */
export const withoutQuoting = (text: string): string => text.replace(/[",]/g, '').replace(/\n/g, ' ');

/** Writes rows through a buffer, a few hundred kilobytes at a time. */
function tableWriter(path: string, table: TableModel, clean: (text: string) => string): { row(values: Record<string, string>): void; close(): void } {
  const fd = openSync(path, 'w');
  let buffer: string[] = [csvLine(table.columns.map((c) => c.name))];
  let size = 0;
  const flush = (): void => {
    writeSync(fd, `${buffer.join('\n')}\n`);
    buffer = [];
    size = 0;
  };
  return {
    row(values) {
      const line = csvLine(table.columns.map((c) => clean(values[c.name] ?? '')));
      buffer.push(line);
      size += line.length;
      if (size > 1 << 18) flush();
    },
    close() {
      if (buffer.length) flush();
      closeSync(fd);
    },
  };
}

/** Article text for an archive: sentences with commas, quoted speech and line breaks. */
function articleText(next: () => number, index: number): string {
  const paragraphs: string[] = [];
  for (let p = 0; p < 6; p++) {
    const sentences: string[] = [];
    for (let s = 0; s < 5; s++) {
      const words = Array.from({ length: 8 + Math.floor(next() * 10) }, () => pick(next, WORDS));
      const sentence = words.join(' ');
      sentences.push(
        next() < 0.3 ? `"${sentence}," the source ${index} said.` : `${sentence[0]!.toUpperCase()}${sentence.slice(1)}, ${pick(next, WORDS)} ${p}${s}.`,
      );
    }
    paragraphs.push(sentences.join(' '));
  }
  return paragraphs.join('\n\n');
}

export interface SyntheticOptions {
  readonly seed?: number;
  /** No cell (and no archived text) holds a double quote, a comma or a line break: no quoted cell anywhere. */
  readonly quoteFree?: boolean;
}

/** What every row of a synthetic dataset draws on: the random numbers, and what the tables written so far hold. */
interface Context {
  readonly next: () => number;
  readonly clean: (text: string) => string;
  /** Each table's keys, once it is written. */
  readonly keys: Map<string, readonly string[]>;
  /** An archived source's text and publisher, by its key. */
  readonly texts: Map<string, string>;
  readonly publishers: Map<string, string>;
  /** A number for each entity, unique across tables, for names and aliases that never collide. */
  serial: number;
}

const SURNAMES = ['Shishani', 'Dagestani', 'al-Azeri', 'Kebekov', 'Jamaat', 'Front', 'Sector', 'Brigade'];

/** Words joined into a sentence, now and then with a comma or a "quoted" word, cut to fit the column. */
function words(ctx: Context, count: number, maxLength = Infinity): string {
  const parts = Array.from({ length: count }, () => pick(ctx.next, WORDS));
  if (ctx.next() < 0.3) parts[1] = `"${parts[1]}",`;
  return parts.join(' ').slice(0, maxLength);
}

/** A date of `year` to the month, sometimes with a qualifier. */
const monthIn = (ctx: Context, year: number): string => `${year}-${pad(1 + Math.floor(ctx.next() * 12), 2)}${pick(ctx.next, ['', '', '~', '?', '%'])}`;

/** Cited sources: one to three distinct keys of the table. */
function cite(ctx: Context, table: string): string {
  const keys = ctx.keys.get(table) ?? [];
  const count = 1 + Math.floor(ctx.next() * 3);
  return [...new Set(Array.from({ length: count }, () => pick(ctx.next, keys)))].join('|');
}

/**
 * A cell of a column no part of the dataset needs a particular value in, from what the schema says:
 * its allowed values, its examples, the rows it refers to, a date, or words. An optional one is
 * often left empty.
 */
function plainCell(ctx: Context, column: ColumnModel, index: number, row: Readonly<Record<string, string>>): string {
  // The first row fills every column, so that each is read somewhere.
  if (!column.required && index > 0 && ctx.next() < 0.4) return '';
  if (column.references) {
    const keys = column.references.flatMap((t) => ctx.keys.get(t) ?? []);
    return column.list ? cite({ ...ctx, keys: new Map([['', keys]]) }, '') : pick(ctx.next, keys);
  }
  if (column.enumValues) return pick(ctx.next, column.enumValues);
  if (column.date) {
    const start = column.notBefore ? Number.parseInt(row[column.notBefore] ?? '', 10) : NaN;
    return Number.isNaN(start) ? `${1960 + (index % 50)}${pick(ctx.next, ['', '~', '?'])}` : `${Math.min(2014, start + 1 + (index % 3))}`;
  }
  if (column.examples.length > 0) {
    const example = pick(ctx.next, column.examples);
    return Array.isArray(example) ? example.join('|') : String(example);
  }
  if (column.pattern) {
    if (column.required) throw new Error(`the synthetic dataset cannot make up a value of ${column.name}: give it examples in its schema`);
    return '';
  }
  const long = (column.maxLength ?? Infinity) > 300;
  const text = long ? `Reported as a "commander", ${words(ctx, 6)} in ${pick(ctx.next, ['Syria', 'Dagestan'])}.` : words(ctx, 2);
  return (long && ctx.next() < 0.05 ? `Spelling varies:\n${text}` : text).slice(0, column.maxLength);
}

/** A row of a table other than the relationships: names, aliases, a source's publisher and date where the checks need them. */
function entityRow(ctx: Context, table: TableModel, key: string, index: number): Record<string, string> {
  const row: Record<string, string> = {};
  const name = labelColumn(table);
  const archived = table.archive !== undefined;
  const serial = ++ctx.serial;
  for (const column of table.columns) {
    row[column.name] =
      column.name === table.primaryKey
        ? key
        : archived && column === name
          ? `Article ${index + 1}: "${pick(ctx.next, WORDS)}", ${pick(ctx.next, WORDS)}`
          : column === name
            ? `${table.title} ${serial} ${pick(ctx.next, SURNAMES)}`
            : column.nameKey && column.list
              ? ctx.next() < 0.6
                ? `Абу ${serial}|أبو ${serial}|Abu ${serial}`
                : ''
              : column.publisher
                ? pick(ctx.next, ['Trend', 'RFE/RL', 'Kavkaz Uzel'])
                : column.publicationDate
                  ? `2015-${pad(1 + (index % 12), 2)}-${pad(1 + (index % 28), 2)}`
                  : archived && column.references
                    ? ''
                    : plainCell(ctx, column, index, row);
  }
  return row;
}

/** Relationship rows: every kind, each end in a table its kind allows, no containment cycle, quotes from the cited source. */
function relationshipRows(ctx: Context, model: DatasetModel, count: number, write: (row: Record<string, string>) => void): void {
  const { table, kind, from, to } = relationshipTable(model)!;
  const kinds = kind.enumValues ?? [];
  const tables = roles(model).entities.map((t) => ({ table: t.name, keys: ctx.keys.get(t.name) ?? [] }));
  const entities = tables.flatMap(({ table, keys }) => keys.map((key) => ({ table, key })));
  // Every entity has a place in one order (table by table); a containment only points down it, so it never closes a circle.
  const offsets = new Map<string, number>();
  tables.reduce((offset, { table, keys }) => (offsets.set(table, offset), offset + keys.length), 0);
  const acyclic = new Set(kind.acyclic ?? []);
  const allowed = (k: string, end: ColumnModel, table: string): boolean => kind.endpoints?.[k]?.[end.name]?.includes(table) ?? true;
  /** A random target for kind `k` from `subject` (at `order`): in a table the kind allows, below it for a containment, never itself. */
  const targetFor = (k: string, subject: string, order: number): string | undefined => {
    const pools = tables
      .filter(({ table }) => allowed(k, to, table))
      .map(({ table, keys }) => ({ keys, size: acyclic.has(k) ? Math.max(0, Math.min(keys.length, order - offsets.get(table)!)) : keys.length }))
      .filter((pool) => pool.size > 0);
    const total = pools.reduce((sum, pool) => sum + pool.size, 0);
    for (let attempt = 0; attempt < 3 && total > 0; attempt++) {
      let at = Math.floor(ctx.next() * total);
      const pool = pools.find((p) => (at < p.size ? true : ((at -= p.size), false)))!;
      if (pool.keys[at] !== subject) return pool.keys[at];
    }
    return undefined;
  };
  const certainty = table.columns.find((c) => c.minPublishers);
  const citations = table.columns.find((c) => c.quoteOf)?.quoteOf;
  const quote = table.columns.find((c) => c.quoteOf);
  const key = (i: number): string => `${table.title.toLowerCase()}-${pad(i + 1, 8)}`;
  for (let i = 0; i < count; i++) {
    // The first rows walk every entity once, and every kind in turn, so none is left out; later ones are random.
    const walking = i < entities.length;
    let chosen: { kind: string; subject: string; target: string } | undefined;
    for (let attempt = 0; attempt < kinds.length * 4 && !chosen; attempt++) {
      const k = kinds[(i + attempt) % kinds.length]!;
      const index = walking && attempt < kinds.length ? i : Math.floor(ctx.next() * entities.length);
      const subject = entities[index]!;
      if (!allowed(k, from, subject.table)) continue;
      const target = targetFor(k, subject.key, index);
      if (target !== undefined) chosen = { kind: k, subject: subject.key, target };
    }
    if (!chosen) throw new Error('the synthetic dataset cannot pair its entities for any kind of relationship');
    const row: Record<string, string> = { [table.primaryKey]: key(i), [kind.name]: chosen.kind, [from.name]: chosen.subject, [to.name]: chosen.target };
    for (const column of table.columns) {
      if (column.name in row) continue;
      if (column.name === citations) row[column.name] = cite(ctx, column.references![0]!);
      else if (column === quote) continue;
      else if (column === certainty) continue;
      else if (column.date && !column.notBefore) row[column.name] = column.required || ctx.next() < 0.7 ? monthIn(ctx, 2013 + Math.floor(ctx.next() * 2)) : '';
      else if (column.date) row[column.name] = ctx.next() < 0.1 && row[column.notBefore!] ? `${Number.parseInt(row[column.notBefore!]!, 10) + 1}` : '';
      else row[column.name] = plainCell(ctx, column, i, row);
    }
    const cited = (row[citations ?? ''] ?? '').split('|');
    if (quote) {
      const text = ctx.texts.get(cited[0]!) ?? '';
      const start = Math.floor(ctx.next() * Math.max(1, text.length - 200));
      row[quote.name] = text
        .slice(start, start + 30 + Math.floor(ctx.next() * 60))
        .trim()
        .replace(/^[=+\-@\s]+/, '');
    }
    if (certainty) {
      // A value that needs more publishers than the cited sources have gives way to one that needs none.
      const publishers = new Set(cited.map((id) => ctx.publishers.get(id))).size;
      const wanted = pick(ctx.next, certainty.enumValues ?? []);
      const fallback = (certainty.enumValues ?? []).find((v) => !certainty.minPublishers?.[v]) ?? wanted;
      row[certainty.name] = publishers >= (certainty.minPublishers?.[wanted] ?? 0) ? wanted : fallback;
    }
    write(row);
  }
}

/**
 * Writes a deterministic synthetic dataset in `dir`, laid out like data/, with a file for every table
 * of the model: realistic values where a check needs them (quotes found in the archived text of the
 * cited source, every kind of relationship between the tables it allows, certainty backed by enough
 * publishers) and where reading is hard (quotes with commas, doubled quotes and line breaks,
 * non-Latin aliases, list cells, EDTF dates with qualifiers); anything else from the schema. Valid
 * except for what a real dataset has too (a few rows nothing refers to). Streams as it goes.
 */
export function writeSyntheticDataset(model: DatasetModel, dir: string, sizes: BenchSizes, options: SyntheticOptions = {}): void {
  const clean = options.quoteFree ? withoutQuoting : (text: string): string => text;
  const ctx: Context = { next: random(options.seed ?? 20150202), clean, keys: new Map(), texts: new Map(), publishers: new Map(), serial: 0 };
  const relationships = relationshipTable(model)?.table;
  mkdirSync(dir, { recursive: true });
  for (const table of model.tables) {
    const count = sizes[table.name] ?? 0;
    const writer = tableWriter(join(dir, table.file), table, clean);
    if (table === relationships) relationshipRows(ctx, model, count, writer.row);
    else {
      const keys = Array.from({ length: count }, (_, i) => `${table.title.toLowerCase()}-${pad(i + 1, 7)}`);
      ctx.keys.set(table.name, keys);
      keys.forEach((key, i) => {
        const row = entityRow(ctx, table, key, i);
        if (table.archive) {
          const text = clean(articleText(ctx.next, i));
          ctx.texts.set(key, text);
          ctx.publishers.set(key, row[table.columns.find((c) => c.publisher)?.name ?? ''] ?? '');
          const path = join(dir, table.archive.split('{id}').join(key));
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, text);
        }
        writer.row(row);
      });
    }
    writer.close();
  }
}
