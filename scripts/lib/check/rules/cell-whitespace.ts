import { show } from '../finding.ts';
import { defineRule } from '../define-rule.ts';

const BLANK = /\s/;

const describeEdge = (text: string): string => (/^[ \u00A0]+$/.test(text) ? 'a space' : /^[\r\n]+$/.test(text) ? 'a line break' : 'blank characters');

export default defineRule(
  {
    code: 'cell-whitespace',
    severity: 'warning',
    stages: ['cell'],
    title: 'Spaces at the start or end of a cell',
    description:
      'Leading or trailing spaces are invisible in a spreadsheet, make values differ that look the same, and are trimmed by some programs (Google Sheets) but not others, which makes noisy diffs.',
    fix: 'Delete the spaces or line breaks at the start and end of the cell (and around `|` in list cells).',
    messages: {
      starts: '{value} starts with {lead}.',
      ends: '{value} ends with {trail}.',
      startsAndEnds: '{value} starts with {lead} and ends with {trail}.',
      itemStarts: '{value} starts with {lead} (items of {column} are separated by a bare |).',
      itemEnds: '{value} ends with {trail} (items of {column} are separated by a bare |).',
      itemStartsAndEnds: '{value} starts with {lead} and ends with {trail} (items of {column} are separated by a bare |).',
    },
    hints: { trim: 'Delete the blank characters at the start and end of the cell.' },
    fixedByFormat: true,
  },
  (context) => ({
    cell(underCheck) {
      const { column, text: cell } = underCheck;
      // Cheap test first: a cell with no blank at either end, and no blank beside a `|`, is fine.
      // The two end characters only: `^\s|\s$` would try every position of a long cell.
      const blankEnd = BLANK.test(cell.charAt(0)) || BLANK.test(cell.charAt(cell.length - 1));
      if (!blankEnd && !(column.list && /\s\||\|\s/.test(cell))) return;
      const values = column.list ? cell.split('|') : [cell];
      const untrimmed = values.find((value) => value !== value.trim());
      if (untrimmed === undefined) return;
      const lead = untrimmed.match(/^\s+/)?.[0];
      const trail = untrimmed.match(/\s+$/)?.[0];
      const inList = column.list && values.length > 1;
      context.report({
        ...underCheck.at(untrimmed),
        messageId: lead && trail ? (inList ? 'itemStartsAndEnds' : 'startsAndEnds') : lead ? (inList ? 'itemStarts' : 'starts') : inList ? 'itemEnds' : 'ends',
        hintId: 'trim',
        data: { value: show(untrimmed), lead: lead ? describeEdge(lead) : '', trail: trail ? describeEdge(trail) : '', column: column.name },
      });
    },
  }),
);
