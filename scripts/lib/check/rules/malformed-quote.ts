import { defineRule } from '../define-rule.ts';

export default defineRule(
  {
    code: 'malformed-quote',
    severity: 'error',
    stages: ['raw row'],
    title: 'Text after a closing quote',
    description:
      'In CSV a quoted cell must end right after its closing quote. Text between the closing quote and the next comma means a quote inside the cell was not doubled.',
    fix: 'Double every quote character inside a quoted cell ("").',
    messages: { textAfterQuote: 'A quoted cell in this row has text after its closing quote, so the row cannot be split into cells reliably.' },
    hints: { textAfterQuote: 'Inside a quoted cell write each " as "", e.g. "He said ""no""".' },
  },
  (context) => ({
    rawRow(raw, file) {
      if (raw.quoteProblem !== 'malformed') return;
      context.report({ file: file.path, row: raw.row, line: raw.line, messageId: 'textAfterQuote' });
    },
  }),
);
