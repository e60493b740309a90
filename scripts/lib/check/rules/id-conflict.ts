import { show } from '../finding.ts';
import { defineRule } from '../define-rule.ts';
import { fileOf, valueOf } from '../model-helpers.ts';

export default defineRule(
  {
    code: 'id-conflict',
    severity: 'error',
    stages: ['row'],
    readsKeys: true,
    title: 'Id used in two tables that share one id space',
    description: 'Actors and groups share one id space (x-idNamespace), because an allegiance can point at either; an id used in both would be ambiguous.',
    fix: "Rename one of the two ids, e.g. add `-group` to the group's.",
    messages: { conflict: '{id} is already the id of row {row} of {file}.' },
    hints: { conflict: '{tables} share one set of ids; rename one of them.' },
    appliesTo: [{ keyword: 'x-idNamespace' }],
  },
  (context) => ({
    row(row) {
      const { table } = row.file;
      const key = valueOf(row.record, table.primaryKey);
      if (key === undefined) return;
      for (const other of context.model.tables) {
        if (other === table || other.idNamespace !== table.idNamespace) continue;
        const found = context.keys.get(other.name, key);
        if (!found) continue;
        const space = context.model.tables.filter((t) => t.idNamespace === table.idNamespace).map((t) => t.name);
        context.report({
          ...row.at(table.primaryKey),
          messageId: 'conflict',
          data: { id: show(key), row: found.row, file: fileOf(context.model, other.name), tables: space.join(' and ') },
        });
      }
    },
  }),
);
