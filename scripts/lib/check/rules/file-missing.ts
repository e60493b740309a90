import { defineRule } from '../define-rule.ts';

export default defineRule(
  {
    code: 'file-missing',
    severity: 'error',
    stages: ['file'],
    title: 'Table file is missing',
    description: 'Every table declared in schemas/ must exist as a CSV file in the data directory, even when it has no rows yet.',
    fix: 'Restore the file from git, or create it with just the header row.',
    messages: { missing: '{path} does not exist; the dataset needs a {table} table.' },
    hints: { missing: 'Create it with this header row: {header}' },
  },
  (context) => ({
    file(file) {
      if (!file.missing) return;
      context.report({
        file: file.path,
        messageId: 'missing',
        data: { path: file.path, table: file.table.name, header: file.table.columns.map((c) => c.name).join(',') },
      });
    },
  }),
);
