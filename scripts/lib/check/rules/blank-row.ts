import { isBlank } from '../../read/records.ts';
import { defineRule } from '../define-rule.ts';

export default defineRule(
  {
    code: 'blank-row',
    severity: 'error',
    stages: ['raw row'],
    title: 'Blank row',
    description: 'A row with no values (an empty line, or only commas) has no id and loads as an empty record in every tool.',
    fix: 'Delete the row, or run `npm run format`, which removes blank rows.',
    messages: { blank: 'Row is blank.' },
    hints: { blank: 'Delete the empty row, or run `npm run format`, which removes blank rows (a second empty line at the end of the file is one too).' },
    fixedByFormat: true,
  },
  (context) => ({
    rawRow(raw, file) {
      if (!isBlank(raw.cells)) return;
      context.report({ file: file.path, row: raw.row, line: raw.line, messageId: 'blank' });
    },
  }),
);
