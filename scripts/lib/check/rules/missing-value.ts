import { show } from '../finding.ts';
import { asTyped } from '../../model/cell-validator.ts';
import { defineRule } from '../define-rule.ts';
import { reportCellErrors } from '../schema-errors.ts';

export default defineRule(
  {
    code: 'missing-value',
    severity: 'error',
    stage: 'cell',
    title: 'Required cell is empty',
    description:
      'Some columns must always have a value: ids, the kind and ends of a relationship, the sources of every row, and the quote that supports an allegiance.',
    fix: 'Fill in the cell.',
    appliesTo: 'required',
  },
  (context) =>
    reportCellErrors(context, ['required'], ({ column }) => ({
      message: `${column.name} is required but the cell is empty.`,
      hint: `${column.description}${column.examples.length ? ` For example ${show(asTyped(column.examples[0]))}.` : column.enumValues ? ` One of: ${column.enumValues.join(', ')}.` : ''}`,
    })),
);
