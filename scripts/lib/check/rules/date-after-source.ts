import { dateBounds, isoDay } from '../../edtf.ts';
import { show } from '../finding.ts';
import { defineRule, perTable } from '../define-rule.ts';
import { valueOf } from '../model-helpers.ts';
import type { RowRecord } from '../../model/cell-validator.ts';

export default defineRule(
  {
    code: 'date-after-source',
    severity: 'error',
    stages: ['row'],
    title: 'Event dated after its sources were published',
    description:
      'A source cannot report what happened after it was published: every date of a row must be on or before the latest publication date (x-publicationDate) among the sources it cites.',
    fix: 'Check the date against the source; relative dates ("last week") are counted back from the publication date.',
    messages: { afterSource: '{value} is after `{source}` was published ({published} at the latest).' },
    hints: { afterSource: 'A source cannot report a later event: check the date, and count relative dates back from the publication date.' },
    appliesTo: [{ keyword: 'x-publicationDate' }],
  },
  (context) => {
    /** Latest possible publication instant of each source with a known date, per table of sources. */
    const published = new Map(context.model.tables.filter((t) => t.columns.some((c) => c.publicationDate)).map((t) => [t.name, new Map<string, number>()]));
    const latest: LatestPublication = { instant: -Infinity, source: '' };
    const plan = perTable((table) => ({
      publicationColumns: table.columns.filter((c) => c.publicationDate),
      /** Columns citing dated tables, with the dates of the rows they may point at. */
      citations: table.columns.flatMap((c) => {
        const maps = (c.references ?? []).flatMap((t) => (published.has(t) ? [published.get(t)!] : []));
        return maps.length ? [{ column: c.name, maps }] : [];
      }),
      eventDates: table.columns.filter((c) => c.date && !c.publicationDate),
    }));
    return {
      row(row) {
        const { table } = row.file;
        const { publicationColumns, citations, eventDates } = plan(table);
        for (const column of publicationColumns) {
          const bounds = dateBounds(valueOf(row.record, column.name) ?? '');
          const key = valueOf(row.record, table.primaryKey);
          if (bounds && key !== undefined) published.get(table.name)!.set(key, bounds.latest);
        }
        if (!citations.length || !hasAnyValue(row.record, eventDates)) return;
        if (!findLatestPublication(citations, row.record, latest)) return;
        for (const column of eventDates) {
          const value = valueOf(row.record, column.name);
          const bounds = value === undefined ? undefined : dateBounds(value);
          // A date in the future gets date-in-future, which says more.
          if (!bounds || bounds.earliest <= latest.instant || bounds.earliest > context.today) continue;
          context.report({
            ...row.at(column.name),
            messageId: 'afterSource',
            data: { value: show(value!), source: latest.source, published: isoDay(latest.instant) },
          });
        }
      },
    };
  },
);

/** The latest publication among a row's cited sources; filled in place, as this runs for every row. */
interface LatestPublication {
  instant: number;
  source: string;
}

/** Fills `latest` and returns true when every cited source has a known date (and there is at least one). */
function findLatestPublication(
  citations: readonly { column: string; maps: readonly ReadonlyMap<string, number>[] }[],
  record: RowRecord,
  latest: LatestPublication,
): boolean {
  latest.instant = -Infinity;
  latest.source = '';
  for (const { column, maps } of citations) {
    const value = record[column];
    if (value === undefined) continue;
    if (typeof value === 'string') {
      if (!takeLater(maps, value, latest)) return false;
    } else {
      for (const id of value) if (!takeLater(maps, id, latest)) return false;
    }
  }
  return latest.source !== '';
}

/** Takes `id`'s publication into `latest` when it is later; false when `id` has no known date. */
function takeLater(maps: readonly ReadonlyMap<string, number>[], id: string, latest: LatestPublication): boolean {
  let found: number | undefined;
  for (const map of maps) if ((found = map.get(id)) !== undefined) break;
  if (found === undefined) return false;
  if (found > latest.instant) {
    latest.instant = found;
    latest.source = id;
  }
  return true;
}

function hasAnyValue(record: RowRecord, columns: readonly { readonly name: string }[]): boolean {
  for (const column of columns) if (record[column.name] !== undefined) return true;
  return false;
}
