import { dateBounds } from '../../edtf.ts';
import { show } from '../finding.ts';
import { defineRule } from '../define-rule.ts';
import { valueOf } from '../model-helpers.ts';

export default defineRule(
  {
    code: 'date-order',
    severity: 'error',
    stages: ['row'],
    title: 'End date before start date',
    description:
      'An end (died, dissolved, ended) cannot come before its start (born, founded, started). Uncertain dates are compared by their widest range, so overlapping ranges pass.',
    fix: 'Correct one of the two dates, or swap them.',
    messages: { endBeforeStart: '{column} {end} is before {startColumn} {start}.' },
    hints: { endBeforeStart: 'Correct one of the two dates; {column} cannot be earlier than {startColumn}.' },
    appliesTo: [{ keyword: 'x-notBefore' }],
  },
  (context) => ({
    row(row) {
      for (const column of row.file.table.columns) {
        if (!column.notBefore) continue;
        const end = valueOf(row.record, column.name);
        const start = valueOf(row.record, column.notBefore);
        const endBounds = end === undefined ? undefined : dateBounds(end);
        const startBounds = start === undefined ? undefined : dateBounds(start);
        if (!endBounds || !startBounds || endBounds.latest >= startBounds.earliest) continue;
        context.report({
          ...row.at(column.name),
          messageId: 'endBeforeStart',
          data: { column: column.name, end: show(end!), startColumn: column.notBefore, start: show(start!) },
        });
      }
    },
  }),
);
