import { defineRule } from '../define-rule.ts';
import { reportDiagnoses } from '../spreadsheet-rules.ts';

export default defineRule(
  {
    code: 'spreadsheet-date',
    severity: 'error',
    stage: 'cell',
    title: 'Date rewritten by a spreadsheet',
    description:
      'Spreadsheets turn EDTF dates into their own formats when they open a CSV: `2015-02` becomes `2/1/2015`, `Feb-15` or the day number `42036`, and `2014-11-24` becomes `24/11/2014`. The message says which EDTF value it probably was.',
    fix: 'Write the EDTF value back, and import columns as Text next time.',
    appliesTo: 'format: edtf-date',
  },
  (context) => reportDiagnoses(context, 'spreadsheet-date'),
);
