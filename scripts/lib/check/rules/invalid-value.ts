import { show } from '../finding.ts';
import { defineRule } from '../define-rule.ts';
import { itemLabel, misseparatedItems, misseparatedList, reportCellErrors } from '../schema-errors.ts';

export default defineRule(
  {
    code: 'invalid-value',
    severity: 'error',
    stage: 'cell',
    title: "Value is not of the column's type",
    description:
      'A cell (or an item of a list cell) does not have the form its column requires: an id slug, an EDTF date that exists in the calendar, a Wikidata Q-id, a web address, a language tag.',
    fix: 'Rewrite the value in the form the message shows.',
    appliesTo: 'pattern, format: edtf-date, minLength, type',
  },
  (context) =>
    reportCellErrors(context, ['pattern', 'format', 'minLength', 'type'], (error) => {
      const { column, value } = error;
      if (value === '' && error.item !== undefined) {
        return {
          message: `${column.name} has an empty item (${itemLabel(error)}).`,
          hint: 'Remove the extra `|`, or the `|` at the start or end of the cell.',
        };
      }
      const items = misseparatedItems(column, value);
      if (items) return misseparatedList(column, value, items);
      if (error.keyword === 'format' && column.date) {
        return {
          message: `${show(value)} is not a date in the calendar.`,
          hint: 'Check the day and month; write only what the source supports, e.g. `2015-02` when the day is unknown.',
        };
      }
      const subject = error.item === undefined ? show(value) : `${show(value)} (${itemLabel(error)} of ${column.name})`;
      return {
        message: `${subject} is not a valid ${column.typeTitle}${foreignCharacters(value)}.`,
        hint: column.hint ? capitalise(column.hint) + '.' : column.description,
      };
    }),
);

/** Names characters outside ASCII, which in ids and codes are usually look-alikes (Cyrillic `а` for Latin `a`) or invisible. */
function foreignCharacters(value: string): string {
  const foreign = [...new Set([...value].filter((char) => char.codePointAt(0)! > 0x7e || char.codePointAt(0)! < 0x20))];
  if (!foreign.length) return '';
  const script = (char: string): string =>
    /\p{Script=Cyrillic}/u.test(char)
      ? ', a Cyrillic letter'
      : /\p{Script=Greek}/u.test(char)
        ? ', a Greek letter'
        : /\p{L}/u.test(char)
          ? ''
          : ', invisible or a symbol';
  return `: it contains ${foreign
    .slice(0, 3)
    .map((char) => `${show(char)} (U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}${script(char)})`)
    .join(', ')}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
