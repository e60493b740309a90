import { defineRule } from '../define-rule.ts';
import { reportDiagnoses } from '../spreadsheet-rules.ts';

export default defineRule(
  {
    code: 'spreadsheet-number',
    severity: 'error',
    stage: 'cell',
    title: 'Value turned into a number by a spreadsheet',
    description:
      'Spreadsheets read digit strings as numbers: they drop leading zeros, drop the Q of a Wikidata id pasted as digits, and write long numbers in scientific notation (`1.23457E+15`), losing digits.',
    fix: 'Restore the value from git, and import columns as Text next time.',
  },
  (context) => reportDiagnoses(context, 'spreadsheet-number'),
);
