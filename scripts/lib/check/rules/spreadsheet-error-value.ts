import { defineRule } from '../define-rule.ts';
import { reportDiagnoses } from '../spreadsheet-rules.ts';

export default defineRule(
  {
    code: 'spreadsheet-error-value',
    severity: 'error',
    stage: 'cell',
    title: 'Spreadsheet error value in a cell',
    description:
      "A cell holds `#NAME?`, `#REF!`, `#VALUE!`, `#N/A` or LibreOffice's `Err:502`: the spreadsheet read the cell as a formula, the formula failed, and the error replaced the text.",
    fix: 'Restore the text from git, and keep cells from starting with =, +, - or @.',
  },
  (context) => reportDiagnoses(context, 'spreadsheet-error-value'),
);
