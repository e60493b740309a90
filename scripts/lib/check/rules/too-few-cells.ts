import { defineRule } from './define.ts';

export default defineRule(
  {
    code: 'too-few-cells',
    severity: 'error',
    stage: 'row',
    title: 'Row has fewer cells than the header',
    description: 'Each row must have one cell per column. A short row usually means a cell was deleted and the following cells moved left.',
    fix: 'Add the missing cells (empty where unknown) so each value sits under its column.',
  },
  (context) => ({
    rawRow(raw, file) {
      const width = file.header.length;
      if (width === 0 || raw.cells.length >= width || raw.quoteProblem || raw.cells.every((c) => c === '')) return;
      const missing = file.header.slice(raw.cells.length);
      context.report({
        file: file.path,
        row: raw.row,
        line: raw.line,
        message: `Row has ${raw.cells.length} cells but the header has ${width}; nothing is under ${missing.join(', ')}.`,
        hint: 'Check that each value sits under its column; add commas for the empty cells at the end.',
      });
    },
  }),
);
