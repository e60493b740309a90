import { defineRule } from '../define-rule.ts';

export default defineRule(
  {
    code: 'header-missing',
    severity: 'error',
    stage: 'file',
    title: 'No header row',
    description: 'Row 1 must name the columns. An empty file, or a file whose first row holds data instead of column names, cannot be checked further.',
    fix: 'Put the header row back as row 1.',
  },
  (context) => ({
    file(file) {
      if (file.missing || file.header.length > 0 || file.layout?.binary) return;
      const expected = file.table.columns.map((c) => c.name).join(',');
      context.report({
        file: file.path,
        row: 1,
        line: 1,
        ...(file.headerUnrecognised ? { cell: 'A1' } : {}),
        message: file.headerUnrecognised
          ? `Row 1 is not a header: none of its cells is a column name of ${file.table.name}.`
          : `${file.path} is empty; it needs at least the header row.`,
        hint: `Row 1 must be: ${expected}`,
      });
    },
  }),
);
