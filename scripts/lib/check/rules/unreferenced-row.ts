import type { Location } from '../finding.ts';
import { detach } from '../../text/detach.ts';
import { defineRule, forEachValue } from './define.ts';
import { valueOf } from './model-helpers.ts';

export default defineRule(
  {
    code: 'unreferenced-row',
    severity: 'warning',
    stage: 'dataset',
    title: 'Nothing refers to this row',
    description: 'Sources should be cited, and actors and groups should take part in at least one allegiance (x-expectReferenced); an unreferenced row is often left over after an edit or has a misspelt id.',
    fix: 'Cite the source or add the allegiance that involves the entity; or delete the row if it is not needed.',
    appliesTo: 'x-expectReferenced',
  },
  (context) => {
    const expected = context.model.tables.filter((t) => t.expectReferenced);
    const rows = new Map(expected.map((t) => [t.name, new Map<string, Location>()]));
    const referenced = new Map(expected.map((t) => [t.name, new Set<string>()]));
    /** Per table: each column that refers to an expected table, with the set its ids go into. */
    const referring = new Map(
      context.model.tables.map((table) => [
        table.name,
        table.columns.flatMap((column) => (column.references ?? []).flatMap((target) => (referenced.has(target) ? [{ column: column.name, seen: referenced.get(target)! }] : []))),
      ]),
    );
    return {
      row(row) {
        const { table } = row.file;
        const mine = rows.get(table.name);
        if (mine) {
          const key = valueOf(row.record, table.primaryKey);
          if (key !== undefined && !mine.has(key)) mine.set(detach(key), { ...row.at(table.primaryKey), value: detach(key) });
        }
        for (const { column, seen } of referring.get(table.name)!) forEachValue(row.record[column], (id) => void (seen.has(id) || seen.add(detach(id))));
      },
      end() {
        for (const table of expected) {
          const referrers = context.model.tables.flatMap((t) =>
            t.columns.filter((c) => c.references?.includes(table.name)).map((c) => `${t.name}.${c.name}`),
          );
          for (const [key, location] of rows.get(table.name)!) {
            if (referenced.get(table.name)!.has(key)) continue;
            context.report({
              ...location,
              message: `\`${key}\` is not referenced anywhere: no ${referrers.join(' or ')} names it.`,
              hint: `Add the row that refers to it, or delete it if it is not needed.`,
            });
          }
        }
      },
    };
  },
);
