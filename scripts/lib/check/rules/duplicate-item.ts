import { show } from '../finding.ts';
import { defineRule } from '../define-rule.ts';
import { reportCellErrors } from '../schema-errors.ts';

export default defineRule(
  {
    code: 'duplicate-item',
    severity: 'error',
    stage: 'cell',
    title: 'List cell names an item twice',
    description: 'Items of a list cell (sources, aliases, countries) are a set: each is listed once.',
    fix: 'Remove the repeated item.',
    appliesTo: 'uniqueItems',
  },
  (context) =>
    reportCellErrors(context, ['uniqueItems'], ({ column }, row) => {
      const items = row.record[column.name] as string[];
      const repeated = items.find((item, i) => items.indexOf(item) !== i) ?? '';
      return { message: `${show(repeated)} is listed twice in ${column.name}.`, hint: `Keep one ${show(repeated)}.` };
    }),
);
