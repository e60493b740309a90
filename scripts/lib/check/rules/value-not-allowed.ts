import { show } from '../finding.ts';
import { closest } from '../../text/suggest.ts';
import { defineRule } from '../define-rule.ts';
import { itemLabel, MISSEPARATED, misseparatedItems, misseparatedList, reportCellErrors } from '../schema-errors.ts';

/** Lists longer than this are not spelled out in a hint. */
const LISTED_VALUES = 20;

export default defineRule(
  {
    code: 'value-not-allowed',
    severity: 'error',
    stages: ['row'],
    title: 'Value is not one of the allowed values',
    description: 'Columns with a fixed vocabulary (allegiance kind, certainty, group kind, country codes) accept only the listed values, spelled exactly.',
    fix: 'Use one of the allowed values; see the data dictionary.',
    messages: { notAllowed: '{value} is not an allowed {column}.', itemNotAllowed: '{value} ({item}) is not an allowed {column}.', ...MISSEPARATED.messages },
    hints: {
      listed: 'Allowed: {allowed}.',
      guessListed: 'Did you mean {guess}? Allowed: {allowed}.',
      fromSchema: '{hint}',
      guessFromSchema: 'Did you mean {guess}? {hint}',
      ...MISSEPARATED.hints,
    },
    appliesTo: [{ keyword: 'enum' }],
  },
  (context) =>
    reportCellErrors(context, ['enum'], (error) => {
      const { column, value } = error;
      const items = misseparatedItems(column, value);
      if (items) return misseparatedList(column, value, items);
      const allowed = column.enumValues ?? [];
      const guess = closest(value, allowed);
      const listed = allowed.length <= LISTED_VALUES;
      return {
        messageId: error.item === undefined ? 'notAllowed' : 'itemNotAllowed',
        hintId: guess ? (listed ? 'guessListed' : 'guessFromSchema') : listed ? 'listed' : 'fromSchema',
        data: {
          value: show(value),
          item: itemLabel(error),
          column: column.name,
          guess: guess ? show(guess) : '',
          allowed: allowed.join(', '),
          hint: column.hint ?? '',
        },
      };
    }),
);
