import { show } from '../finding.ts';
import { defineRule } from '../define-rule.ts';
import { reportCellErrors } from '../schema-errors.ts';

export default defineRule(
  {
    code: 'duplicate-item',
    severity: 'error',
    stages: ['row'],
    title: 'List cell names an item twice',
    description: 'Items of a list cell (sources, aliases, countries) are a set: each is listed once.',
    fix: 'Remove the repeated item.',
    messages: { twice: '{item} is listed twice in {column}.' },
    hints: { twice: 'Keep one {item}.' },
    appliesTo: [{ keyword: 'uniqueItems' }],
  },
  (context) =>
    reportCellErrors(context, ['uniqueItems'], ({ column }, row) => {
      const items = row.record[column.name] as string[];
      const repeated = items.find((item, i) => items.indexOf(item) !== i) ?? '';
      return { messageId: 'twice', data: { item: show(repeated), column: column.name } };
    }),
);
