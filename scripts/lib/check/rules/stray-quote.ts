import { columnLetters } from '../finding.ts';
import { defineRule } from '../define-rule.ts';

export default defineRule(
  {
    code: 'stray-quote',
    severity: 'error',
    stages: ['raw row'],
    title: 'Double quote inside an unquoted cell',
    description:
      'In CSV a cell that contains a double quote must itself be in double quotes, with the inner quote doubled. A bare quote in the middle of a cell (`a,b"c,d`) often means a quoted cell lost its opening quote, and other tools read such rows differently.',
    fix: 'Put the cell in double quotes and double the quote inside it: `"b""c"`.',
    messages: {
      strayInCell: '{cell} has a double quote but is not itself in double quotes.',
      strayInColumn: '{cell} ({column}) has a double quote but is not itself in double quotes.',
      strayInRow: 'A cell in this row has a double quote but is not itself in double quotes.',
    },
    hints: {
      quote: 'Write the cell in double quotes and double each quote inside it, e.g. "He said ""no""". `npm run format` cannot do this safely for you.',
    },
  },
  (context) => ({
    rawRow(raw, file) {
      if (raw.quoteProblem !== 'stray') return;
      const index = raw.cells.findIndex((cell) => cell.includes('"'));
      const column = file.header[index];
      const cell = index < 0 ? undefined : `${columnLetters(index)}${raw.row}`;
      context.report({
        file: file.path,
        row: raw.row,
        line: raw.line,
        ...(column !== undefined ? { column } : {}),
        ...(cell ? { cell } : {}),
        value: raw.cells[index] ?? '',
        messageId: !cell ? 'strayInRow' : column !== undefined ? 'strayInColumn' : 'strayInCell',
        hintId: 'quote',
        data: { cell: cell ?? '', column: column ?? '' },
      });
    },
  }),
);
