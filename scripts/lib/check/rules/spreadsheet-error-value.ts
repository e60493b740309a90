import { defineRule } from '../define-rule.ts';
import { reportDiagnoses } from '../spreadsheet-rules.ts';
import { KEEP_AS_TEXT } from '../spreadsheet-damage.ts';

export default defineRule(
  {
    code: 'spreadsheet-error-value',
    severity: 'error',
    stages: ['cell'],
    title: 'Spreadsheet error value in a cell',
    description:
      "A cell holds `#NAME?`, `#REF!`, `#VALUE!`, `#N/A` or LibreOffice's `Err:502`: the spreadsheet read the cell as a formula, the formula failed, and the error replaced the text.",
    fix: 'Restore the text from git, and keep cells from starting with =, +, - or @.',
    messages: { errorValue: "{value} is an error value that a spreadsheet wrote in place of the cell's text." },
    hints: {
      errorValue: `The cell was read as a formula (it started with =, +, - or @), and the formula failed. Restore the text from git (\`git diff\` shows it). ${KEEP_AS_TEXT}`,
    },
  },
  (context) => reportDiagnoses(context, 'spreadsheet-error-value'),
);
