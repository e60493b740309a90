import { defineRule } from '../define-rule.ts';

export default defineRule(
  {
    code: 'empty-table',
    severity: 'warning',
    stages: ['file'],
    title: 'Table has a header but no rows',
    description: 'A table with only its header is valid, but in this dataset it usually means the rows were lost in an edit.',
    fix: 'Restore the rows from git if they were lost.',
    messages: { noRows: '{path} has a header but no rows.' },
    hints: { noRows: 'If the rows were lost in an edit, restore them with `git checkout -- <file>`.' },
  },
  (context) => ({
    fileEnd(file, facts) {
      if (file.header.length === 0 || facts.rows !== 1) return;
      context.report({
        file: file.path,
        row: 1,
        line: 1,
        messageId: 'noRows',
        data: { path: file.path },
      });
    },
  }),
);
