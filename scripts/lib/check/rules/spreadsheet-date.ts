import { defineRule } from '../define-rule.ts';
import { reportDiagnoses } from '../spreadsheet-rules.ts';
import { KEEP_AS_TEXT } from '../spreadsheet-damage.ts';

export default defineRule(
  {
    code: 'spreadsheet-date',
    severity: 'error',
    stages: ['cell'],
    title: 'Date rewritten by a spreadsheet',
    description:
      'Spreadsheets turn EDTF dates into their own formats when they open a CSV: `2015-02` becomes `2/1/2015`, `Feb-15` or the day number `42036` (Excel, LibreOffice, Google Sheets), `2014-11-24` becomes `24/11/2014`, and Gnumeric writes `2014/11/24` and `2013/12/01` for `2013-12`. The message says which EDTF value it probably was; `npm run format -- --fix` writes back the ones that can mean only one day.',
    fix: 'Write the EDTF value back, and import columns as Text next time.',
    messages: {
      inWords: '{value} is a date in words; as EDTF it is {probable}.',
      rewritten: '{value} looks like a date rewritten by a spreadsheet; it was probably {probable}.',
      rewrittenYearFirst: '{value} looks like a date rewritten by a spreadsheet (Gnumeric writes dates so); it was probably {probable}.',
    },
    hints: {
      inWords:
        'Dates are written as EDTF: year, month and day as far as the source gives them, e.g. `2013-12` or `2013-12-05`. `npm run format -- --fix` rewrites a month in words.',
      repairable: `\`npm run format -- --fix\` writes it back as {repaired}. ${KEEP_AS_TEXT}`,
      writeBack: `Write the EDTF value back, at the precision the source gives. ${KEEP_AS_TEXT}`,
    },
    appliesTo: [{ keyword: 'format', value: 'edtf-date' }],
  },
  (context) => reportDiagnoses(context, 'spreadsheet-date'),
);
