import { defineRule } from '../define-rule.ts';

export default defineRule(
  {
    code: 'file-missing',
    severity: 'error',
    stage: 'file',
    title: 'Table file is missing',
    description: 'Every table declared in schemas/ must exist as a CSV file in the data directory, even when it has no rows yet.',
    fix: 'Restore the file from git, or create it with just the header row.',
  },
  (context) => ({
    file(file) {
      if (!file.missing) return;
      context.report({
        file: file.path,
        message: `${file.path} does not exist; the dataset needs a ${file.table.name} table.`,
        hint: `Create it with this header row: ${file.table.columns.map((c) => c.name).join(',')}`,
      });
    },
  }),
);
