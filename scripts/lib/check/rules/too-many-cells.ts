import { columnLetters, show } from '../finding.ts';
import { defineRule } from './define.ts';

export default defineRule(
  {
    code: 'too-many-cells',
    severity: 'error',
    stage: 'row',
    title: 'Row has more cells than the header',
    description:
      'Text beyond the last column belongs to no column and would be lost. It usually comes from an unquoted comma inside a cell, which shifts every cell after it to the right.',
    fix: 'Put cells that contain commas in double quotes, or move the stray text into the right column.',
  },
  (context) => ({
    rawRow(raw, file) {
      const width = file.header.length;
      if (width === 0 || raw.cells.length <= width || raw.quoteProblem) return;
      const extra = raw.cells.slice(width);
      // Empty trailing cells (a trailing comma) lose nothing.
      const firstFilled = extra.findIndex((cell) => cell !== '');
      if (firstFilled < 0) return;
      context.report({
        file: file.path,
        row: raw.row,
        line: raw.line,
        cell: `${columnLetters(width + firstFilled)}${raw.row}`,
        value: extra[firstFilled]!,
        message: `Row has ${raw.cells.length} cells but the header has ${width}; ${show(extra[firstFilled]!)} is outside every column.`,
        hint: 'A comma inside a cell splits it in two unless the cell is in double quotes; check the cells of this row for commas.',
      });
    },
  }),
);
