import { isBlank } from '../../read/records.ts';
import { defineRule } from '../define-rule.ts';

export default defineRule(
  {
    code: 'too-few-cells',
    severity: 'info',
    stages: ['raw row'],
    title: 'Row has fewer cells than the header',
    description:
      "Excel leaves off the commas of empty cells at the end of a row. The missing cells are read as empty; if cells were instead deleted in the middle of the row, the values that moved left fail their own columns' checks.",
    fix: 'Nothing is lost; `npm run format` writes the empty cells back.',
    messages: { tooFew: 'Row has {cells} cells but the header has {width}; {missing} {are} read as empty.' },
    hints: {
      tooFew:
        'Spreadsheets leave off empty cells at the end of a row; `npm run format` writes them back. If a value moved into the wrong column, move it back.',
    },
    fixedByFormat: true,
  },
  (context) => ({
    rawRow(raw, file) {
      const width = file.header.length;
      if (width === 0 || raw.cells.length >= width || raw.quoteProblem || isBlank(raw.cells)) return;
      const missing = file.header.slice(raw.cells.length);
      context.report({
        file: file.path,
        row: raw.row,
        line: raw.line,
        messageId: 'tooFew',
        data: { cells: raw.cells.length, width, missing: missing.join(', '), are: missing.length === 1 ? 'is' : 'are' },
      });
    },
  }),
);
