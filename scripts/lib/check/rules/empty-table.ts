import { defineRule } from '../define-rule.ts';

export default defineRule(
  {
    code: 'empty-table',
    severity: 'warning',
    stage: 'file',
    title: 'Table has a header but no rows',
    description: 'A table with only its header is valid, but in this dataset it usually means the rows were lost in an edit.',
    fix: 'Restore the rows from git if they were lost.',
  },
  (context) => ({
    fileEnd(file, facts) {
      if (file.header.length === 0 || facts.rows !== 1) return;
      context.report({
        file: file.path,
        row: 1,
        line: 1,
        message: `${file.path} has a header but no rows.`,
        hint: 'If the rows were lost in an edit, restore them with `git checkout -- <file>`.',
      });
    },
  }),
);
