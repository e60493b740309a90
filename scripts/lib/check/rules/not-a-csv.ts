import { defineRule } from '../define-rule.ts';

export default defineRule(
  {
    code: 'not-a-csv',
    severity: 'error',
    stages: ['file'],
    title: 'File is not text',
    description:
      'The file starts like an image, a PDF, a ZIP archive or a workbook (.xlsx and .ods are ZIP archives), or holds NUL bytes that no text has. It is not read further.',
    fix: 'Save the table as CSV (UTF-8) under this name; keep workbooks elsewhere.',
    messages: { binary: '{path} is {kind}, not a CSV file.' },
    hints: {
      binary: 'If you saved a workbook over the table, export it again as "CSV UTF-8 (Comma delimited)" (Excel) or Text CSV with UTF-8 (LibreOffice).',
    },
  },
  (context) => ({
    file(file) {
      if (!file.layout?.binary) return;
      context.report({
        file: file.path,
        messageId: 'binary',
        data: { path: file.path, kind: file.layout.binary },
      });
    },
  }),
);
