import { dateBounds, isoDay } from '../../edtf.ts';
import { show } from '../finding.ts';
import { defineRule } from '../define-rule.ts';

export default defineRule(
  {
    code: 'date-in-future',
    severity: 'error',
    stage: 'cell',
    title: 'Date in the future',
    description: 'The dataset records what has been reported, so no date can be later than today. A future date is usually a typo in the year.',
    fix: 'Correct the year.',
    appliesTo: 'format: edtf-date',
  },
  (context) => ({
    cell(row, column, cell) {
      if (!column.date || column.list) return;
      const bounds = dateBounds(cell);
      if (!bounds || bounds.earliest <= context.today) return;
      context.report({
        ...row.at(column.name),
        message: `${show(cell)} is in the future (today is ${isoDay(context.today)}).`,
        hint: 'Check the year.',
      });
    },
  }),
);
