import { isBlank } from '../../read/records.ts';
import { defineRule } from '../define-rule.ts';

export default defineRule(
  {
    code: 'blank-row',
    severity: 'error',
    title: 'Blank row',
    description: 'A row with no values (an empty line, or only commas) has no id and loads as an empty record in every tool.',
    fix: 'Delete the row.',
    messages: { blank: 'Row is blank.' },
    hints: { blank: 'Delete the empty row.' },
    fixedByFormat: true,
  },
  (context) => ({
    rawRow(raw, file) {
      if (!isBlank(raw.cells)) return;
      context.report({ file: file.path, row: raw.row, line: raw.line, messageId: 'blank' });
    },
  }),
);
