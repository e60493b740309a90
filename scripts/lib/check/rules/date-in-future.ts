import { dateBounds, isoDay } from '../../edtf.ts';
import { show } from '../finding.ts';
import { defineRule } from '../define-rule.ts';

export default defineRule(
  {
    code: 'date-in-future',
    severity: 'error',
    stages: ['cell'],
    title: 'Date in the future',
    description: 'The dataset records what has been reported, so no date can be later than today. A future date is usually a typo in the year.',
    fix: 'Correct the year.',
    messages: { future: '{value} is in the future (today is {today}).' },
    hints: { future: 'Check the year.' },
    appliesTo: [{ keyword: 'format', value: 'edtf-date' }],
  },
  (context) => ({
    cell(underCheck) {
      const { column, text: cell } = underCheck;
      if (!column.date || column.list) return;
      const bounds = dateBounds(cell);
      if (!bounds || bounds.earliest <= context.today) return;
      context.report({
        ...underCheck.at(),
        messageId: 'future',
        data: { value: show(cell), today: isoDay(context.today) },
      });
    },
  }),
);
