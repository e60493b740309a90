import { defineRule } from '../define-rule.ts';

export default defineRule(
  {
    code: 'header-missing',
    severity: 'error',
    stages: ['file'],
    title: 'No header row',
    description: 'Row 1 must name the columns. An empty file, or a file whose first row holds data instead of column names, cannot be checked further.',
    fix: 'Put the header row back as row 1.',
    messages: {
      notAHeader: 'Row 1 is not a header: none of its cells is a column name of {table}.',
      empty: '{path} is empty; it needs at least the header row.',
    },
    hints: { header: 'Row 1 must be: {header}' },
  },
  (context) => ({
    file(file) {
      if (file.missing || file.link || file.header.length > 0 || file.layout?.binary) return;
      const expected = file.table.columns.map((c) => c.name).join(',');
      context.report({
        file: file.path,
        row: 1,
        line: 1,
        ...(file.headerUnrecognised ? { cell: 'A1' } : {}),
        messageId: file.headerUnrecognised ? 'notAHeader' : 'empty',
        hintId: 'header',
        data: { table: file.table.name, path: file.path, header: expected },
      });
    },
  }),
);
