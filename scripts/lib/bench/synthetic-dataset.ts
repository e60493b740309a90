import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { csvLine } from '../write/canonical-csv.ts';
import type { DatasetModel, TableModel } from '../model/types.ts';

/** Rows per table of a synthetic dataset shaped like the real one, scaled from the number of allegiances. */
export interface BenchSizes {
  readonly allegiances: number;
  readonly actors: number;
  readonly groups: number;
  readonly sources: number;
}

export function benchSizes(allegiances: number): BenchSizes {
  return {
    allegiances,
    actors: Math.max(10, Math.round(allegiances / 10)),
    groups: Math.max(5, Math.round(allegiances / 50)),
    sources: Math.max(3, Math.min(1000, Math.round(allegiances / 1000))),
  };
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
const KIND_ENDS: readonly [string, 'actor' | 'group', 'actor' | 'group'][] = [
  ['pledged_allegiance', 'actor', 'actor'],
  ['pledged_allegiance', 'group', 'group'],
  ['withdrew_allegiance', 'actor', 'group'],
  ['member_of', 'actor', 'group'],
  ['member_of', 'actor', 'group'],
  ['leader_of', 'actor', 'group'],
  ['affiliate_of', 'group', 'group'],
  ['part_of', 'group', 'group'],
  ['allied_with', 'group', 'group'],
  ['rival_of', 'actor', 'actor'],
  ['supporter_of', 'actor', 'group'],
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

/**
 * Writes a deterministic synthetic dataset in `dir`, laid out like data/: realistic values (quotes with
 * commas, doubled quotes and line breaks, non-Latin aliases, list cells, EDTF dates with qualifiers),
 * valid except for what a real dataset has too (a few rows nothing refers to). Streams as it goes.
 */
export function writeSyntheticDataset(model: DatasetModel, dir: string, sizes: BenchSizes, options: SyntheticOptions = {}): void {
  const next = random(options.seed ?? 20150202);
  const clean = options.quoteFree ? withoutQuoting : (text: string): string => text;
  const table = (name: string): TableModel => model.tables.find((t) => t.name === name)!;
  mkdirSync(join(dir, 'archive'), { recursive: true });

  const sourceIds = Array.from({ length: sizes.sources }, (_, i) => `src-${pad(i + 1, 5)}`);
  const texts: string[] = [];
  const publishers: string[] = [];
  const sources = tableWriter(join(dir, 'sources.csv'), table('sources'), clean);
  sourceIds.forEach((id, i) => {
    const text = clean(articleText(next, i));
    texts.push(text);
    writeFileSync(join(dir, 'archive', `${id}.txt`), text);
    const title = `Article ${i + 1}: "${pick(next, WORDS)}", ${pick(next, WORDS)}`;
    publishers.push(pick(next, ['Trend', 'RFE/RL', 'Kavkaz Uzel']));
    sources.row({
      id,
      title,
      publisher: publishers[i]!,
      author: `Author ${i % 37}`,
      published: `2015-${pad(1 + (i % 12), 2)}-${pad(1 + (i % 28), 2)}`,
      url: `https://example.org/articles/${i + 1}`,
      language: pick(next, ['en', 'ru', 'az-Latn']),
      notes: i % 5 === 0 ? 'Date from the dateline.' : '',
    });
  });
  sources.close();

  /** `confirmed` only where the cited sources have two publishers, as too-few-publishers requires; else `reported`. */
  const publisherOf = new Map(sourceIds.map((id, i) => [id, publishers[i]]));
  const certaintyOf = (certainty: string, cited: string): string =>
    certainty !== 'confirmed' || new Set(cited.split('|').map((id) => publisherOf.get(id))).size >= 2 ? certainty : 'reported';
  const cite = (): string => {
    const count = 1 + Math.floor(next() * 3);
    return [...new Set(Array.from({ length: count }, () => pick(next, sourceIds)))].join('|');
  };
  const actorIds = Array.from({ length: sizes.actors }, (_, i) => `actor-${pad(i + 1, 7)}`);
  const actors = tableWriter(join(dir, 'actors.csv'), table('actors'), clean);
  actorIds.forEach((id, i) => {
    actors.row({
      id,
      name: `Person ${i + 1} ${pick(next, ['Shishani', 'Dagestani', 'al-Azeri', 'Kebekov'])}`,
      aliases: next() < 0.6 ? `Абу ${i + 1}|أبو ${i + 1}|Abu ${i + 1}` : '',
      nationality: next() < 0.5 ? pick(next, ['RU', 'GE', 'AZ', 'RU|GE']) : '',
      origin: next() < 0.5 ? pick(next, ['Chechen', 'Dagestan', 'Pankisi Gorge, Georgia']) : '',
      born: next() < 0.2 ? `19${60 + (i % 30)}${pick(next, ['', '~', '?'])}` : '',
      description: `Reported as a "commander", ${pick(next, WORDS)} in ${pick(next, ['Syria', 'Dagestan'])}.`,
      wikidata: next() < 0.1 ? `Q${100000 + i}` : '',
      source_ids: cite(),
      notes: next() < 0.05 ? `Spelling varies:\n"${pick(next, WORDS)}" or "${pick(next, WORDS)}".` : '',
    });
  });
  actors.close();

  const groupIds = Array.from({ length: sizes.groups }, (_, i) => `group-${pad(i + 1, 6)}`);
  const groups = tableWriter(join(dir, 'groups.csv'), table('groups'), clean);
  groupIds.forEach((id, i) => {
    groups.row({
      id,
      name: `Group ${i + 1} ${pick(next, ['Jamaat', 'Front', 'Sector', 'Brigade'])}`,
      aliases: next() < 0.5 ? `Джамаат ${i + 1}|جماعة ${i + 1}` : '',
      kind: pick(next, ['organization', 'faction', 'province', 'cell', 'collective']),
      area: pick(next, ['Syria', 'Dagestan', 'Chechnya', 'Raqqa, Syria']),
      countries: pick(next, ['SY', 'RU', 'SY|IQ']),
      founded: next() < 0.3 ? `201${i % 5}${pick(next, ['', '~'])}` : '',
      description: `Reported as a group, with ${i % 100} members.`,
      source_ids: cite(),
      notes: '',
    });
  });
  groups.close();

  const allegiances = tableWriter(join(dir, 'allegiances.csv'), table('allegiances'), clean);
  const entity = (type: 'actor' | 'group', n: number): string => (type === 'actor' ? actorIds[n % actorIds.length]! : groupIds[n % groupIds.length]!);
  for (let i = 0; i < sizes.allegiances; i++) {
    const [kind, from, to] = pick(next, KIND_ENDS);
    // The first rows walk every entity once, so none is left unreferenced; later ones are random.
    const subjectIndex = i < sizes.actors + sizes.groups ? i : Math.floor(next() * 1e9);
    let subject = entity(from, subjectIndex);
    let target = entity(to, Math.floor(next() * 1e9));
    if (kind === 'part_of' || kind === 'affiliate_of') {
      // Containment only points to lower-numbered groups, so it never forms a cycle.
      const a = subjectIndex % groupIds.length;
      const b = Math.floor(next() * Math.max(1, a));
      [subject, target] = [groupIds[Math.max(a, 1)]!, groupIds[Math.min(b, Math.max(a, 1) - 1)]!];
    }
    if (subject === target) target = entity(to, subjectIndex + 1);
    const sourceIdsCell = cite();
    const text = texts[sourceIds.indexOf(sourceIdsCell.split('|')[0]!)]!;
    const start = Math.floor(next() * (text.length - 200));
    const quote = text.slice(start, start + 30 + Math.floor(next() * 60)).trim();
    const year = 2013 + Math.floor(next() * 2);
    allegiances.row({
      id: `al-${pad(i + 1, 8)}`,
      subject_id: subject,
      kind,
      target_id: target,
      role: kind === 'leader_of' ? pick(next, ['amir', 'commander', 'military commander', 'governor']) : '',
      started: next() < 0.7 ? `${year}-${pad(1 + Math.floor(next() * 12), 2)}${pick(next, ['', '', '~', '?', '%'])}` : '',
      ended: next() < 0.1 ? `${year + 1}` : '',
      certainty: certaintyOf(pick(next, ['claimed', 'reported', 'reported', 'confirmed', 'disputed']), sourceIdsCell),
      source_ids: sourceIdsCell,
      quote: quote.replace(/^[=+\-@\s]+/, ''),
      notes: next() < 0.05 ? `Dated from "last week", counted back from the source.` : '',
    });
  }
  allegiances.close();
}
