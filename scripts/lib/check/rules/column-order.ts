import { defineRule } from '../define-rule.ts';

export default defineRule(
  {
    code: 'column-order',
    severity: 'warning',
    stages: ['file'],
    title: 'Columns are not in schema order',
    description: 'Columns in the order of the schema keep diffs small and files comparable. The data is still read correctly.',
    fix: 'Move the columns into the order shown in the hint.',
    messages: { order: 'Columns are in the order {actual}.' },
    hints: { order: 'Use the schema order: {schema}.' },
    fixedByFormat: true,
  },
  (context) => ({
    file(file) {
      const present = file.table.columns.map((c) => c.name).filter((name) => file.columnIndex.has(name));
      const actual = [...present].sort((a, b) => file.columnIndex.get(a)! - file.columnIndex.get(b)!);
      if (present.every((name, i) => actual[i] === name)) return;
      context.report({
        file: file.path,
        row: 1,
        line: 1,
        messageId: 'order',
        data: { actual: actual.join(', '), schema: present.join(', ') },
      });
    },
  }),
);
