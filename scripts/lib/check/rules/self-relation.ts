import { show } from '../finding.ts';
import { defineRule } from '../define-rule.ts';
import { valueOf } from '../model-helpers.ts';

export default defineRule(
  {
    code: 'self-relation',
    severity: 'error',
    stage: 'dataset',
    title: 'Row relates an entity to itself',
    description: 'An allegiance links two different entities (x-distinctFrom); the same id at both ends is a copy-paste slip.',
    fix: 'Correct the subject or the target.',
    appliesTo: 'x-distinctFrom',
  },
  (context) => ({
    row(row) {
      for (const column of row.file.table.columns) {
        if (!column.distinctFrom) continue;
        const value = valueOf(row.record, column.name);
        if (value === undefined || value !== valueOf(row.record, column.distinctFrom)) continue;
        context.report({
          ...row.at(column.name),
          message: `${column.name} ${show(value)} is the same as ${column.distinctFrom}; a row cannot relate ${show(value)} to itself.`,
          hint: `Correct ${column.name} or ${column.distinctFrom}.`,
        });
      }
    },
  }),
);
