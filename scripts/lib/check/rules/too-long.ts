import { show } from '../finding.ts';
import { defineRule } from '../define-rule.ts';
import { reportCellErrors } from '../schema-errors.ts';

export default defineRule(
  {
    code: 'too-long',
    severity: 'error',
    stages: ['row'],
    title: 'Value is longer than its column allows',
    description:
      'Quotes are short excerpts, descriptions one sentence, and other columns have limits that catch text pasted into the wrong cell; each column and its limit are listed below, from the schemas.',
    fix: 'Shorten the value; for quotes, keep the clause that supports the row and mark omissions with [...].',
    messages: { tooLong: '{value} is {length} characters long; {column} allows at most {limit}.' },
    hints: { quote: 'Keep only the clause that supports the row; mark what you leave out with [...].', shorten: 'Shorten it to {limit} characters or fewer.' },
    appliesTo: [{ keyword: 'maxLength' }],
  },
  (context) =>
    reportCellErrors(context, ['maxLength'], ({ column, value, params }) => ({
      messageId: 'tooLong',
      hintId: column.quoteOf ? 'quote' : 'shorten',
      data: { value: show(value, 40), length: [...value].length, column: column.name, limit: String(params.limit) },
    })),
);
