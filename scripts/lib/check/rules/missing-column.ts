import { defineRule } from '../define-rule.ts';

export default defineRule(
  {
    code: 'missing-column',
    severity: 'error',
    stages: ['file'],
    title: 'A schema column is missing from the header',
    description: 'Every column of the schema must be present, even when all its cells are empty, so that every copy of the table has the same shape.',
    fix: 'Add the column to the header, in schema order, with empty cells where nothing is known.',
    messages: { missing: 'The header has no {column} column.', missingRequired: 'The header has no {column} column, which is required.' },
    hints: { add: 'Add a column named {column} ({description})' },
    fixedByFormat: true,
  },
  (context) => ({
    file(file) {
      if (file.header.length === 0) return;
      for (const column of file.table.columns) {
        if (file.columnIndex.has(column.name)) continue;
        context.report({
          file: file.path,
          row: 1,
          line: 1,
          column: column.name,
          messageId: column.required ? 'missingRequired' : 'missing',
          hintId: 'add',
          data: { column: column.name, description: column.description },
        });
      }
    },
  }),
);
