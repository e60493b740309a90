import { dateBounds, isoDay } from '../../edtf.ts';
import { show } from '../finding.ts';
import { defineRule } from './define.ts';
import { valueOf } from './model-helpers.ts';

export default defineRule(
  {
    code: 'date-in-future',
    severity: 'error',
    stage: 'dataset',
    title: 'Date in the future',
    description: 'The dataset records what has been reported, so no date can be later than today. A future date is usually a typo in the year.',
    fix: 'Correct the year.',
    appliesTo: 'format: edtf-date',
  },
  (context) => ({
    row(row) {
      for (const column of row.file.table.columns) {
        if (!column.date) continue;
        const value = valueOf(row.record, column.name);
        const bounds = value === undefined ? undefined : dateBounds(value);
        if (!bounds || bounds.earliest <= context.today) continue;
        context.report({
          ...row.at(column.name),
          message: `${show(value!)} is in the future (today is ${isoDay(context.today)}).`,
          hint: 'Check the year.',
        });
      }
    },
  }),
);
