import { show } from '../finding.ts';
import { defineRule } from '../define-rule.ts';
import { reportCellErrors } from '../schema-errors.ts';

export default defineRule(
  {
    code: 'too-long',
    severity: 'error',
    stage: 'cell',
    title: 'Value is longer than its column allows',
    description:
      'Quotes are excerpts of at most 500 characters, descriptions one sentence, and other columns have limits that catch text pasted into the wrong cell.',
    fix: 'Shorten the value; for quotes, keep the clause that supports the row and mark omissions with [...].',
    appliesTo: 'maxLength',
  },
  (context) =>
    reportCellErrors(context, ['maxLength'], ({ column, value, params }) => ({
      message: `${show(value, 40)} is ${[...value].length} characters long; ${column.name} allows at most ${String(params.limit)}.`,
      hint: column.quoteOf
        ? 'Keep only the clause that supports the row; mark what you leave out with [...].'
        : `Shorten it to ${String(params.limit)} characters or fewer.`,
    })),
);
