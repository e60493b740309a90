import { show } from '../finding.ts';
import { asTyped } from '../../model/cell-validator.ts';
import { defineRule } from '../define-rule.ts';
import { reportCellErrors } from '../schema-errors.ts';

export default defineRule(
  {
    code: 'missing-value',
    severity: 'error',
    stages: ['row'],
    title: 'Required cell is empty',
    description:
      'Some columns must always have a value: ids, the kind and ends of a relationship, the sources of every row, and the quote that supports an allegiance.',
    fix: 'Fill in the cell.',
    messages: { empty: '{column} is required but the cell is empty.' },
    hints: { describe: '{description}', example: '{description} For example {example}.', oneOf: '{description} One of: {values}.' },
    appliesTo: [{ keyword: 'required' }],
  },
  (context) =>
    reportCellErrors(context, ['required'], ({ column }) => ({
      messageId: 'empty',
      hintId: column.examples.length ? 'example' : column.enumValues ? 'oneOf' : 'describe',
      data: {
        column: column.name,
        description: column.description,
        example: column.examples.length ? show(asTyped(column.examples[0])) : '',
        values: column.enumValues?.join(', ') ?? '',
      },
    })),
);
