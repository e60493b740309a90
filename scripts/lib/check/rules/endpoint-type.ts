import { show } from '../finding.ts';
import { defineRule, perTable } from '../define-rule.ts';
import { fileOf, filesOf, valueOf } from '../model-helpers.ts';

export default defineRule(
  {
    code: 'endpoint-type',
    severity: 'error',
    stages: ['row'],
    readsKeys: true,
    title: 'Relationship kind does not fit what its ends point at',
    description:
      'Each allegiance kind allows certain types at each end (x-endpoints), e.g. member_of goes from an actor to a group, part_of from a group to a group.',
    fix: 'Use a kind that fits, or swap subject and target if the row is written the wrong way round.',
    messages: { wrongEnd: '{kind} needs {end} to be a row of {allowed}, but {id} is in {foundIn} (row {foundRow}).' },
    hints: { wrongEnd: 'For {kind}: {ends}. Check the kind, or whether subject and target are swapped.' },
    appliesTo: [{ keyword: 'x-endpoints' }],
  },
  (context) => {
    /** Per table: each column with x-endpoints, and per kind the ends it constrains with the tables allowed there. */
    const plan = perTable((table) =>
      table.columns.flatMap((column) =>
        column.endpoints ? [{ column: column.name, kinds: new Map(Object.entries(column.endpoints).map(([kind, ends]) => [kind, Object.entries(ends)])) }] : [],
      ),
    );
    return {
      row(row) {
        for (const { column, kinds } of plan(row.file.table)) {
          const kind = valueOf(row.record, column);
          const ends = kind === undefined ? undefined : kinds.get(kind);
          if (!ends) continue;
          for (const [end, allowed] of ends) {
            const id = valueOf(row.record, end);
            const foundIn = row.resolved(end)[0];
            if (id === undefined || !foundIn || allowed.includes(foundIn)) continue;
            const found = context.keys.get(foundIn, id)!;
            const rule = ends.map(([name, tables]) => `${name} in ${filesOf(context.model, tables)}`).join(', ');
            context.report({
              ...row.at(end, id),
              messageId: 'wrongEnd',
              data: {
                kind: kind!,
                end,
                allowed: filesOf(context.model, allowed),
                id: show(id),
                foundIn: fileOf(context.model, found.table),
                foundRow: found.row,
                ends: rule,
              },
            });
          }
        }
      },
    };
  },
);
