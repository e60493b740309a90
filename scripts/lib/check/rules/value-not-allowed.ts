import { show } from '../finding.ts';
import { closest } from '../../text/suggest.ts';
import { defineRule } from '../define-rule.ts';
import { itemLabel, misseparatedItems, misseparatedList, reportCellErrors } from '../schema-errors.ts';

/** Lists longer than this are not spelled out in a hint. */
const LISTED_VALUES = 20;

export default defineRule(
  {
    code: 'value-not-allowed',
    severity: 'error',
    stage: 'cell',
    title: 'Value is not one of the allowed values',
    description: 'Columns with a fixed vocabulary (allegiance kind, certainty, group kind, country codes) accept only the listed values, spelled exactly.',
    fix: 'Use one of the allowed values; see the data dictionary.',
    appliesTo: 'enum',
  },
  (context) =>
    reportCellErrors(context, ['enum'], (error) => {
      const { column, value } = error;
      const items = misseparatedItems(column, value);
      if (items) return misseparatedList(column, value, items);
      const allowed = column.enumValues ?? [];
      const guess = closest(value, allowed);
      const where = error.item === undefined ? '' : ` (${itemLabel(error)})`;
      const choices = allowed.length <= LISTED_VALUES ? `Allowed: ${allowed.join(', ')}.` : (column.hint ?? '');
      return {
        message: `${show(value)}${where} is not an allowed ${column.name}.`,
        hint: guess ? `Did you mean ${show(guess)}? ${choices}` : choices,
      };
    }),
);
