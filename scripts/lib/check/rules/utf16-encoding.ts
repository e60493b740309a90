import { defineRule } from '../define-rule.ts';

export default defineRule(
  {
    code: 'utf16-encoding',
    severity: 'error',
    stages: ['file'],
    title: 'File is UTF-16, not UTF-8',
    description:
      'Excel\'s "Unicode Text" save writes UTF-16 with a byte order mark (and tabs between cells). The validator reads it so that the other findings still apply, but other tools expect UTF-8.',
    fix: 'Run `npm run format`, which rewrites the file as UTF-8 with commas, or save again as "CSV UTF-8 (Comma delimited)".',
    messages: { utf16: '{path} is encoded as {encoding}, not UTF-8.' },
    hints: { utf16: 'Run `npm run format` to rewrite it as UTF-8, or save it again as "CSV UTF-8 (Comma delimited)".' },
    fixedByFormat: true,
  },
  (context) => ({
    file(file) {
      const encoding = file.layout?.encoding;
      if (!encoding || encoding === 'utf-8') return;
      context.report({
        file: file.path,
        row: 1,
        line: 1,
        messageId: 'utf16',
        data: { path: file.path, encoding: encoding.toUpperCase() },
      });
    },
  }),
);
