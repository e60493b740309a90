import { show } from '../finding.ts';
import { defineRule } from '../define-rule.ts';

/** Characters that make Excel, LibreOffice or Google Sheets treat a cell as a formula (OWASP CSV injection). */
export const FORMULA_START = /^[=+\-@\t\r]/;

export default defineRule(
  {
    code: 'formula-injection',
    severity: 'error',
    stages: ['cell'],
    title: 'Cell starts like a spreadsheet formula',
    description:
      'A cell starting with =, +, -, @, a tab or a carriage return is run as a formula when the released CSV is opened in a spreadsheet, which can change the value or, with crafted text, run commands (CSV injection).',
    fix: 'Reword the cell so it starts with another character, e.g. drop a leading dash from a quote.',
    messages: { formula: '{value} starts with {first}, so spreadsheets would run it as a formula.' },
    hints: { formula: 'Reword the cell so it does not start with =, +, -, @, a tab or a line break.' },
  },
  (context) => ({
    cell(underCheck) {
      const { text: cell } = underCheck;
      if (!FORMULA_START.test(cell)) return;
      context.report({
        ...underCheck.at(cell),
        messageId: 'formula',
        data: { value: show(cell), first: show(cell.charAt(0)) },
      });
    },
  }),
);
