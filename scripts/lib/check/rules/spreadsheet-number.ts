import { defineRule } from '../define-rule.ts';
import { reportDiagnoses } from '../spreadsheet-rules.ts';
import { KEEP_AS_TEXT } from '../spreadsheet-damage.ts';

export default defineRule(
  {
    code: 'spreadsheet-number',
    severity: 'error',
    stages: ['cell'],
    title: 'Value turned into a number by a spreadsheet',
    description:
      'Spreadsheets read digit strings as numbers: they drop leading zeros, drop the Q of a Wikidata id pasted as digits, and write long numbers in scientific notation (`1.23457E+15`), losing digits.',
    fix: 'Restore the value from git, and import columns as Text next time.',
    messages: {
      scientific: '{value} is a number in scientific notation: a spreadsheet turned a long value into a number and dropped digits.',
      lostQ: '{value} has lost its Q: it was probably {probable}.',
      numberForId: '{value} is a number where an id belongs; ids start with a lowercase letter.',
    },
    hints: {
      scientific: `Restore the value from git (\`git diff\` shows it). ${KEEP_AS_TEXT}`,
      lostQ: `Wikidata item ids start with a capital Q. ${KEEP_AS_TEXT}`,
      numberForId: `If a spreadsheet turned the id into a number (it drops leading zeros and reads \`1e5\` as 100000), restore it from git. ${KEEP_AS_TEXT}`,
    },
  },
  (context) => reportDiagnoses(context, 'spreadsheet-number'),
);
