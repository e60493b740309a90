import { columnLetters } from '../finding.ts';
import type { TableFile } from '../rule.ts';
import { defineRule } from '../define-rule.ts';

export default defineRule(
  {
    code: 'unreferenced-row',
    severity: 'warning',
    stages: ['file', 'dataset'],
    readsKeys: true,
    title: 'Nothing refers to this row',
    description:
      'Sources should be cited, and actors and groups should take part in at least one allegiance (x-expectReferenced); an unreferenced row is often left over after an edit or has a misspelt id.',
    fix: 'Cite the source or add the allegiance that involves the entity; or delete the row if it is not needed.',
    messages: { unreferenced: '`{id}` is not referenced anywhere: no {referrers} names it.' },
    hints: { unreferenced: 'Add the row that refers to it, or delete it if it is not needed.' },
    appliesTo: [{ keyword: 'x-expectReferenced' }],
  },
  (context) => {
    const expected = context.model.tables.filter((t) => t.expectReferenced);
    /** Where each expected table's key column sits, to point at the unreferenced row's id cell. */
    const files = new Map<string, TableFile>();
    return {
      file(file) {
        if (file.table.expectReferenced) files.set(file.table.name, file);
      },
      end() {
        for (const table of expected) {
          const file = files.get(table.name);
          if (!file) continue;
          const referrers = context.model.tables.flatMap((t) => t.columns.filter((c) => c.references?.includes(table.name)).map((c) => `${t.name}.${c.name}`));
          const index = file.columnIndex.get(table.primaryKey);
          for (const [key, row] of context.keys.unreferenced(table.name)) {
            context.report({
              file: file.path,
              row,
              line: context.keys.lineOf(table.name, row),
              column: table.primaryKey,
              ...(index === undefined ? {} : { cell: `${columnLetters(index)}${row}` }),
              value: key,
              messageId: 'unreferenced',
              data: { id: key, referrers: referrers.join(' or ') },
            });
          }
        }
      },
    };
  },
);
