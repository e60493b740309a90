import { show } from '../finding.ts';
import { defineRule } from './define.ts';
import { fileOf, filesOf, valueOf } from './model-helpers.ts';

export default defineRule(
  {
    code: 'endpoint-type',
    severity: 'error',
    usesKeys: true,
    stage: 'dataset',
    title: 'Relationship kind does not fit what its ends point at',
    description:
      'Each allegiance kind allows certain types at each end (x-endpoints), e.g. member_of goes from an actor to a group, part_of from a group to a group.',
    fix: 'Use a kind that fits, or swap subject and target if the row is written the wrong way round.',
    appliesTo: 'x-endpoints',
  },
  (context) => ({
    row(row) {
      const { table } = row.file;
      for (const column of table.columns) {
        const kind = column.endpoints && valueOf(row.record, column.name);
        const ends = kind ? column.endpoints![kind] : undefined;
        if (!ends) continue;
        for (const end in ends) {
          const allowed = ends[end]!;
          const id = valueOf(row.record, end);
          const foundIn = row.resolved(end)[0];
          if (id === undefined || !foundIn || allowed.includes(foundIn)) continue;
          const found = context.keys.get(foundIn, id)!;
          const rule = Object.entries(ends)
            .map(([name, tables]) => `${name} in ${filesOf(context.model, tables)}`)
            .join(', ');
          context.report({
            ...row.at(end, id),
            message: `${kind} needs ${end} to be a row of ${filesOf(context.model, allowed)}, but ${show(id!)} is in ${fileOf(context.model, found.table)} (row ${found.row}).`,
            hint: `For ${kind}: ${rule}. Check the kind, or whether subject and target are swapped.`,
          });
        }
      }
    },
  }),
);
