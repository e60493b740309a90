import { relationshipTable } from '../model/relationships.ts';
import type { ColumnModel, TableModel } from '../model/types.ts';
import type { CodebookBlock, CodebookInput } from './codebook.ts';
import { ENTITY_NAME_COLUMN, dateParts, valueText, type ReleaseTable, type ReleaseValue } from './release-tables.ts';
import { throughLeadersView } from './sqlite-export.ts';

/**
 * The codebook's sections on what a release covers, counted from its own data: the span of its
 * events and of its sources' publication, the sources' languages, publishers and dates (and so their
 * limits), pledges to persons and to organisations with the query that joins them, and how often each
 * certainty is used. The prose rules they apply are in schemas/coding-rules.md; nothing here names a
 * table or column but through the schemas' keywords.
 */
export function scopeBlocks(input: CodebookInput): CodebookBlock[] {
  return [...spanBlocks(input), ...sourceLimitBlocks(input), ...pledgeBlocks(input), ...certaintyBlocks(input)];
}

type Row = Readonly<Record<string, ReleaseValue>>;
const text = (row: Row, column: string): string => valueText(row[column] ?? null);
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const code = (value: string): string => `\`${value}\``;

const released = (input: CodebookInput, table: TableModel | undefined): ReleaseTable | undefined =>
  table ? input.tables.find((t) => t.table === table) : undefined;

/** The first and last day a date column's rows cover, and how many rows have none. */
function span(rows: readonly Row[], column: string): { from?: string; to?: string; undated: number } {
  let from: string | undefined;
  let to: string | undefined;
  let undated = 0;
  for (const row of rows) {
    const parts = dateParts(text(row, column));
    if (!parts) {
      undated++;
      continue;
    }
    if (!from || parts.earliest < from) from = parts.earliest;
    if (!to || parts.latest > to) to = parts.latest;
  }
  return { ...(from ? { from } : {}), ...(to ? { to } : {}), undated };
}

const sourcesTable = (input: CodebookInput): TableModel | undefined => input.model.tables.find((t) => t.archive);

function spanBlocks(input: CodebookInput): CodebookBlock[] {
  const relationships = relationshipTable(input.model);
  const events = released(input, relationships?.table);
  const sources = released(input, sourcesTable(input));
  const published = sources?.table?.columns.find((c) => c.publicationDate);
  const lines: string[] = [];
  if (events && relationships?.start) {
    const { from, to, undated } = span(events.rows, relationships.start.name);
    lines.push(
      `**Events**: the ${plural(events.rows.length, 'row')} of \`${events.name}\` are dated (\`${relationships.start.name}\`) from ${from ?? '—'} to ${to ?? '—'}${undated ? `; ${plural(undated, 'row has', 'rows have')} no date` : ''}. These are the dates of the events, not of their reporting.`,
    );
  }
  if (sources && published) {
    const { from, to, undated } = span(sources.rows, published.name);
    lines.push(
      `**Publication**: the ${plural(sources.rows.length, 'source')} were published (\`${published.name}\`) from ${from ?? '—'} to ${to ?? '—'}${undated ? `; ${plural(undated, 'has', 'have')} no date at all` : ''}. A source reports events before it, sometimes long before.`,
    );
  }
  return lines.length
    ? [
        { kind: 'heading', level: 2, text: 'Scope of this release' },
        { kind: 'list', items: lines },
      ]
    : [];
}

/** English names of language tags (`en` → English), as Intl knows them. */
function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** Values of a column with the number of rows holding each, most frequent first. */
function tally(rows: readonly Row[], column: string): [string, number][] {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const value = text(row, column);
    if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

const precisionOf = (edtf: string): string | undefined => dateParts(edtf)?.precision;

function sourceLimitBlocks(input: CodebookInput): CodebookBlock[] {
  const sourceTable = sourcesTable(input);
  const sources = released(input, sourceTable);
  if (!sources || !sourceTable) return [];
  const rows = sources.rows;
  const key = sourceTable.primaryKey;
  const ids = (list: readonly Row[]): string => list.map((r) => code(text(r, key))).join(', ');
  const items: string[] = [];
  const language = sourceTable.columns.find((c) => /language/i.test(c.typeTitle));
  if (language) {
    const languages = tally(rows, language.name);
    items.push(
      languages.length === 1
        ? `**Languages**: all ${plural(rows.length, 'source is', 'sources are')} in ${languageName(languages[0]![0])} (\`${languages[0]![0]}\`): what was reported only in other languages (Russian, Chechen, Arabic, Azerbaijani…) is not here.`
        : `**Languages**: ${languages.map(([tag, n]) => `${n} in ${languageName(tag)} (\`${tag}\`)`).join(', ')}.`,
    );
  }
  const publisher = sourceTable.columns.find((c) => c.publisher);
  if (publisher) {
    const named = tally(rows, publisher.name);
    const none = rows.filter((r) => !text(r, publisher.name));
    const shared = named.filter(([, n]) => n > 1);
    items.push(
      `**Publishers**: ${named.map(([name, n]) => `${name} (${n})`).join('; ') || 'none named'}${none.length ? `; ${plural(none.length, 'source names', 'sources name')} no publisher (${ids(none)})` : ''}. ${
        shared.length
          ? `Sources of one publisher are not independent of each other (${shared.map(([name]) => name).join('; ')}), and`
          : 'Sources of one publisher would not be independent of each other, and'
      } a source with no publisher named cannot be shown to be independent of any: this is why \`confirmed\` needs two named publishers.`,
    );
  }
  const published = sourceTable.columns.find((c) => c.publicationDate);
  if (published) {
    const byPrecision = (p: string): Row[] => rows.filter((r) => precisionOf(text(r, published.name)) === p);
    const qualified = rows.filter((r) => /[?~%]$/.test(text(r, published.name)));
    const undated = rows.filter((r) => !text(r, published.name));
    items.push(
      `**Dates of the sources**: ${[
        `${byPrecision('day').length} dated to the day`,
        `${byPrecision('month').length} to the month`,
        `${byPrecision('year').length} to the year only`,
        `${undated.length} not at all`,
      ].join(
        ', ',
      )}; ${qualified.length ? `${plural(qualified.length, 'date is', 'dates are')} derived rather than printed, hence uncertain or approximate (${ids(qualified)}): each source's notes, below, say how` : 'every date is printed in the source'}. Relative dates in a text are resolved against these, so they are no more precise.`,
    );
  }
  items.push(
    '**Selection**: these are the articles the dataset was built from, not a sample of the press or of the events: the data holds what they report and nothing else. A relationship they do not mention is no evidence that it did not exist, and the number of rows about an actor or group says how much these articles report on it, not how important it was.',
  );
  return [
    { kind: 'heading', level: 2, text: 'Sources and their limits' },
    { kind: 'list', items },
  ];
}

function pledgeBlocks(input: CodebookInput): CodebookBlock[] {
  const relationships = relationshipTable(input.model);
  const through = relationships?.kind.throughLeader;
  const edges = released(input, relationships?.table);
  if (!relationships || !through || !edges) return [];
  const { kind, from, to, table } = relationships;
  const typeOf = new Map<string, { type: string; name: string }>();
  for (const entities of input.tables.filter((t) => !t.table))
    for (const row of entities.rows) typeOf.set(text(row, entities.primaryKey), { type: text(row, 'type'), name: text(row, ENTITY_NAME_COLUMN) });
  const nameOf = (id: string): string => typeOf.get(id)?.name || id;
  const blocks: CodebookBlock[] = [{ kind: 'heading', level: 2, text: 'Pledges to persons and to organisations, counted' }];
  let example: { kind: string; group: string } | undefined;
  for (const [reaching, leads] of Object.entries(through)) {
    const rows = edges.rows.filter((r) => text(r, kind.name) === reaching);
    if (!rows.length) continue;
    const byType = tally(
      rows.map((r) => ({ type: typeOf.get(text(r, to.name))?.type ?? 'unknown' })),
      'type',
    );
    const ledBy = (leader: string): string[] =>
      edges.rows.filter((r) => text(r, kind.name) === leads && text(r, from.name) === leader).map((r) => text(r, to.name));
    const reached = new Map<string, { stated: number; through: number }>();
    for (const row of rows) {
      const target = text(row, to.name);
      const entry = reached.get(target) ?? { stated: 0, through: 0 };
      entry.stated++;
      reached.set(target, entry);
      for (const group of ledBy(target)) {
        const led = reached.get(group) ?? { stated: 0, through: 0 };
        led.through++;
        reached.set(group, led);
      }
    }
    const ranked = [...reached].sort((a, b) => b[1].stated + b[1].through - (a[1].stated + a[1].through) || (a[0] < b[0] ? -1 : 1));
    const top = ranked.find(([, counts]) => counts.through > 0);
    if (top && !example) example = { kind: reaching, group: top[0] };
    blocks.push({
      kind: 'paragraph',
      text: `${plural(rows.length, `\`${reaching}\` row`)}: ${byType.map(([type, n], i) => `${n} ${i ? '' : 'aimed '}at ${type}s`).join(', ')}. Counting those aimed at a leader (\`${leads}\`) also for what he leads, they reach: ${ranked
        .slice(0, 8)
        .map(
          ([id, counts]) =>
            `${nameOf(id)} ${counts.stated + counts.through} (${[counts.stated ? `${counts.stated} as stated` : '', counts.through ? `${counts.through} through its leader` : ''].filter(Boolean).join(', ')})`,
        )
        .join('; ')}${ranked.length > 8 ? '; …' : ''}.`,
    });
  }
  const view = throughLeadersView(table);
  blocks.push({
    kind: 'paragraph',
    text: `The SQLite view \`${view}\` has each such row once as stated (\`through_leader_id\` empty) and once more for every group its target leads (\`reached_id\` that group, \`through_leader_id\` the leader); the leadership is taken as the sources report it, whatever its dates. ${
      example ? `The ${code(example.kind)} rows that reach ${nameOf(example.group)}, either way:` : 'For example:'
    }`,
  });
  const group = example?.group ?? '<id>';
  blocks.push({
    kind: 'code',
    language: 'sql',
    text: `SELECT DISTINCT id, ${from.name}, ${to.name}, through_leader_id FROM ${view}\nWHERE ${kind.name} = '${example?.kind ?? Object.keys(through)[0]}' AND reached_id = '${group}';\n-- only those the sources state as made to the group itself: add AND through_leader_id IS NULL`,
  });
  return blocks;
}

function certaintyBlocks(input: CodebookInput): CodebookBlock[] {
  const relationships = relationshipTable(input.model);
  const column: ColumnModel | undefined = relationships?.table.columns.find((c) => c.minPublishers);
  const edges = released(input, relationships?.table);
  if (!column || !edges) return [];
  const counts = new Map(tally(edges.rows, column.name));
  return [
    { kind: 'heading', level: 2, text: `\`${column.name}\`: one definition per value` },
    {
      kind: 'table',
      header: ['Value', 'Definition', 'Rows', 'Checked by'],
      rows: (column.enumValues ?? []).map((value) => [
        code(value),
        column.enumDescriptions?.[value] ?? '',
        String(counts.get(value) ?? 0),
        column.minPublishers?.[value]
          ? `the validator (\`too-few-publishers\`): sources from at least ${column.minPublishers[value]} named publishers`
          : 'the coder, from the quote and the source',
      ]),
    },
  ];
}
