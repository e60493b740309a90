import { show } from '../finding.ts';
import { defineRule } from '../define-rule.ts';
import { valueOf } from '../model-helpers.ts';

export default defineRule(
  {
    code: 'duplicate-id',
    severity: 'error',
    stages: ['row'],
    readsKeys: true,
    title: 'Two rows of a table share an id',
    description: 'The primary key identifies a row everywhere else in the dataset; two rows with one id make every reference to it ambiguous.',
    fix: 'Give one of the rows another id, or merge the two rows if they describe the same thing.',
    messages: { duplicate: '{id} is already the id of row {first}.' },
    hints: { duplicate: 'Ids must be unique: merge the two rows if they are the same entity, or give this one a different id.' },
    appliesTo: [{ keyword: 'x-primaryKey' }],
  },
  (context) => ({
    row(row) {
      const { table } = row.file;
      const first = row.keyFirstSeen;
      if (first === undefined) return;
      context.report({
        ...row.at(table.primaryKey),
        messageId: 'duplicate',
        data: { id: show(valueOf(row.record, table.primaryKey)!), first },
      });
    },
  }),
);
