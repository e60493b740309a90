import { show } from '../finding.ts';
import { defineRule } from '../define-rule.ts';
import { valueOf } from '../model-helpers.ts';

export default defineRule(
  {
    code: 'self-relation',
    severity: 'error',
    stages: ['row'],
    title: 'Row relates an entity to itself',
    description: 'An allegiance links two different entities (x-distinctFrom); the same id at both ends is a copy-paste slip.',
    fix: 'Correct the subject or the target.',
    messages: { same: '{column} {value} is the same as {other}; a row cannot relate {value} to itself.' },
    hints: { same: 'Correct {column} or {other}.' },
    appliesTo: [{ keyword: 'x-distinctFrom' }],
  },
  (context) => ({
    row(row) {
      for (const column of row.file.table.columns) {
        if (!column.distinctFrom) continue;
        const value = valueOf(row.record, column.name);
        if (value === undefined || value !== valueOf(row.record, column.distinctFrom)) continue;
        context.report({
          ...row.at(column.name),
          messageId: 'same',
          data: { column: column.name, value: show(value), other: column.distinctFrom },
        });
      }
    },
  }),
);
