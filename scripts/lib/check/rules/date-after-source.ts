import { dateBounds, isoDay } from '../../edtf.ts';
import { show } from '../finding.ts';
import { defineRule } from './define.ts';
import { valueOf, valuesOf } from './model-helpers.ts';

export default defineRule(
  {
    code: 'date-after-source',
    severity: 'error',
    stage: 'dataset',
    title: 'Event dated after its sources were published',
    description: 'A source cannot report what happened after it was published: every date of a row must be on or before the latest publication date (x-publicationDate) among the sources it cites.',
    fix: 'Check the date against the source; relative dates ("last week") are counted back from the publication date.',
    appliesTo: 'x-publicationDate',
  },
  (context) => {
    /** Latest possible publication instant of each source with a known date, per table. */
    const published = new Map<string, Map<string, number>>();
    return {
      row(row) {
        const { table } = row.file;
        for (const column of table.columns) {
          if (!column.publicationDate) continue;
          const bounds = dateBounds(valueOf(row.record, column.name) ?? '');
          const key = valueOf(row.record, table.primaryKey);
          if (!bounds || key === undefined) continue;
          if (!published.has(table.name)) published.set(table.name, new Map());
          published.get(table.name)!.set(key, bounds.latest);
        }
        const latest = latestPublication(row.file.table.columns, row.record, published);
        if (latest === undefined) return;
        for (const column of table.columns) {
          if (!column.date || column.publicationDate) continue;
          const value = valueOf(row.record, column.name);
          const bounds = value === undefined ? undefined : dateBounds(value);
          // A date in the future gets date-in-future, which says more.
          if (!bounds || bounds.earliest <= latest.instant || bounds.earliest > context.today) continue;
          context.report({
            ...row.at(column.name),
            message: `${show(value!)} is after ${latest.source} was published (${isoDay(latest.instant)} at the latest).`,
            hint: 'A source cannot report a later event: check the date, and count relative dates back from the publication date.',
          });
        }
      },
    };
  },
);

/** The latest publication among the row's cited sources, when every one of them has a known date. */
function latestPublication(
  columns: readonly { name: string; references?: readonly string[] }[],
  record: Parameters<typeof valuesOf>[0],
  published: ReadonlyMap<string, ReadonlyMap<string, number>>,
): { instant: number; source: string } | undefined {
  let latest: { instant: number; source: string } | undefined;
  for (const column of columns) {
    const dated = column.references?.map((t) => published.get(t)).filter((m) => m !== undefined);
    if (!dated?.length) continue;
    for (const id of valuesOf(record, column.name)) {
      const instant = dated.map((m) => m.get(id)).find((v) => v !== undefined);
      if (instant === undefined) return undefined;
      if (!latest || instant > latest.instant) latest = { instant, source: `\`${id}\`` };
    }
  }
  return latest;
}
