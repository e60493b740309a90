import { defineRule } from '../define-rule.ts';

const NAMES = { ';': 'semicolons', '\t': 'tabs', ',': 'commas' } as const;

export default defineRule(
  {
    code: 'wrong-delimiter',
    severity: 'error',
    stages: ['file'],
    title: 'Cells separated by semicolons or tabs',
    description:
      'The tables are comma-separated. Excel saves "CSV" with the system list separator, which is `;` in many European locales, and "Unicode text" with tabs. The validator reads such a file anyway, so the other findings still apply, but every other tool would read one column.',
    fix: 'Run `npm run format` to rewrite the file with commas, or save again choosing comma as the field separator.',
    messages: { delimiter: 'Cells are separated by {separators}, not commas.' },
    hints: {
      delimiter:
        'Run `npm run format` to rewrite the file with commas. In Excel, "CSV UTF-8 (Comma delimited)" uses commas whatever the system list separator; in LibreOffice choose Field delimiter `,`.',
    },
    fixedByFormat: true,
  },
  (context) => ({
    file(file) {
      const delimiter = file.layout?.delimiter;
      if (!delimiter || delimiter === ',' || file.header.length === 0) return;
      context.report({
        file: file.path,
        row: 1,
        line: 1,
        messageId: 'delimiter',
        data: { separators: NAMES[delimiter] },
      });
    },
  }),
);
