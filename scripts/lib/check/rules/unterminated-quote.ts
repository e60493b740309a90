import { defineRule } from '../define-rule.ts';

export default defineRule(
  {
    code: 'unterminated-quote',
    severity: 'error',
    stages: ['raw row'],
    title: 'A quoted cell is never closed',
    description:
      'A cell that opens with a double quote runs until the matching closing quote. Without one, the rest of the file is swallowed into a single cell, so nothing after this row can be checked.',
    fix: 'Add the closing double quote at the end of the cell; write a double quote inside a quoted cell as two ("").',
    messages: {
      unterminated: 'A cell in this row opens a double quote that is never closed; everything up to the end of the file was read as one cell.',
    },
    hints: { unterminated: 'Close the quote at the end of the cell. A quote character inside a quoted cell must be doubled ("").' },
  },
  (context) => ({
    rawRow(raw, file) {
      if (raw.quoteProblem !== 'unterminated') return;
      context.report({
        file: file.path,
        row: raw.row,
        line: raw.line,
        messageId: 'unterminated',
      });
    },
  }),
);
