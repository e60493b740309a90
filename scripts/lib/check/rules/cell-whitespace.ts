import { show } from '../finding.ts';
import { defineRule } from '../define-rule.ts';

const BLANK = /\s/;

const describeEdge = (text: string): string => (/^[ \u00A0]+$/.test(text) ? 'a space' : /^[\r\n]+$/.test(text) ? 'a line break' : 'blank characters');

export default defineRule(
  {
    code: 'cell-whitespace',
    severity: 'warning',
    stage: 'cell',
    title: 'Spaces at the start or end of a cell',
    description:
      'Leading or trailing spaces are invisible in a spreadsheet, make values differ that look the same, and are trimmed by some programs (Google Sheets) but not others, which makes noisy diffs.',
    fix: 'Delete the spaces or line breaks at the start and end of the cell (and around `|` in list cells).',
    fixedByFormat: true,
  },
  (context) => ({
    cell(row, column, cell) {
      // Cheap test first: a cell with no blank at either end, and no blank beside a `|`, is fine.
      // The two end characters only: `^\s|\s$` would try every position of a long cell.
      const blankEnd = BLANK.test(cell.charAt(0)) || BLANK.test(cell.charAt(cell.length - 1));
      if (!blankEnd && !(column.list && /\s\||\|\s/.test(cell))) return;
      const values = column.list ? cell.split('|') : [cell];
      const untrimmed = values.find((value) => value !== value.trim());
      if (untrimmed === undefined) return;
      const lead = untrimmed.match(/^\s+/)?.[0];
      const trail = untrimmed.match(/\s+$/)?.[0];
      const where = [lead ? `starts with ${describeEdge(lead)}` : '', trail ? `ends with ${describeEdge(trail)}` : ''].filter(Boolean).join(' and ');
      context.report({
        ...row.at(column.name, untrimmed),
        message: `${show(untrimmed)} ${where}${column.list && values.length > 1 ? ` (items of ${column.name} are separated by a bare |)` : ''}.`,
        hint: 'Delete the blank characters at the start and end of the cell.',
      });
    },
  }),
);
