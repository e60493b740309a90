import type { ColumnModel } from '../../model/types.ts';
import type { CheckedRow } from '../rule.ts';
import { show } from '../finding.ts';
import { defineRule } from '../define-rule.ts';
import { idAsMeant } from '../id-as-meant.ts';
import { itemLabel, MISSEPARATED, misseparatedItems, misseparatedList, reportCellErrors } from '../schema-errors.ts';

export default defineRule(
  {
    code: 'invalid-value',
    severity: 'error',
    stages: ['row'],
    readsKeys: true,
    title: "Value is not of the column's type",
    description:
      'A cell (or an item of a list cell) does not have the form its column requires: an id slug, an EDTF date that exists in the calendar, a Wikidata Q-id, a web address, a language tag.',
    fix: 'Rewrite the value in the form the message shows.',
    messages: {
      emptyItem: '{column} has an empty item ({item}).',
      notInCalendar: '{value} is not a date in the calendar.',
      notValid: '{value} is not a valid {type}.',
      notValidForeign: '{value} is not a valid {type}: it contains {characters}.',
      itemNotValid: '{value} ({item} of {column}) is not a valid {type}.',
      itemNotValidForeign: '{value} ({item} of {column}) is not a valid {type}: it contains {characters}.',
      ...MISSEPARATED.messages,
    },
    hints: {
      emptyItem: 'Remove the extra `|`, or the `|` at the start or end of the cell.',
      notInCalendar: 'Check the day and month; write only what the source supports, e.g. `2015-02` when the day is unknown.',
      fromSchema: '{hint}',
      didYouMean: 'Did you mean {guess}? Ids are written in lowercase, with `-` between words; `npm run format -- --fix` writes it so.',
      ...MISSEPARATED.hints,
    },
    appliesTo: [{ keyword: 'pattern' }, { keyword: 'format', value: 'edtf-date' }, { keyword: 'minLength' }, { keyword: 'type' }],
  },
  (context) => {
    const forms = new Map<string, RegExp>();
    const formOf = (column: ColumnModel): RegExp | undefined => {
      if (column.pattern === undefined) return undefined;
      let form = forms.get(column.pattern);
      if (!form) forms.set(column.pattern, (form = new RegExp(column.pattern, 'u')));
      return form;
    };
    /** The existing id a reference that is not in the form of an id was meant to be (`Islamic-State` for `islamic-state`), if there is one. */
    const meantId = (column: ColumnModel, value: string): string | undefined => {
      if (!column.references || column.pattern === undefined) return undefined;
      const meant = idAsMeant(value, formOf(column));
      return meant !== undefined && column.references.some((table) => context.keys.get(table, meant)) ? meant : undefined;
    };
    /** The id a primary key typed as a name stands for (`Islamic-State`), when no row before has that id (one after is the duplicate). */
    const meantKey = (column: ColumnModel, value: string, row: CheckedRow): string | undefined => {
      if (column.name !== row.file.table.primaryKey) return undefined;
      const meant = idAsMeant(value, formOf(column));
      // Keys are recorded as meant: a row before with the id is this key's first row.
      return meant !== undefined && row.keyFirstSeen === undefined ? meant : undefined;
    };
    return reportCellErrors(context, ['pattern', 'format', 'minLength', 'type'], (error, row) => {
      const { column, value } = error;
      if (value === '' && error.item !== undefined) {
        return { messageId: 'emptyItem', data: { column: column.name, item: itemLabel(error) } };
      }
      const items = misseparatedItems(column, value);
      if (items) return misseparatedList(column, value, items);
      if (error.keyword === 'format' && column.date) {
        return { messageId: 'notInCalendar', data: { value: show(value) } };
      }
      const characters = foreignCharacters(value);
      const meant = error.keyword === 'pattern' ? (meantId(column, value) ?? meantKey(column, value, row)) : undefined;
      return {
        messageId: error.item === undefined ? (characters ? 'notValidForeign' : 'notValid') : characters ? 'itemNotValidForeign' : 'itemNotValid',
        hintId: meant !== undefined ? 'didYouMean' : 'fromSchema',
        data: {
          value: show(value),
          item: itemLabel(error),
          column: column.name,
          type: column.typeTitle,
          characters,
          hint: column.hint ? capitalise(column.hint) + '.' : column.description,
          guess: meant !== undefined ? show(meant) : '',
        },
      };
    });
  },
);

/** Names characters outside ASCII (empty when there are none), which in ids and codes are usually look-alikes (Cyrillic `а` for Latin `a`) or invisible. */
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
  return `${foreign
    .slice(0, 3)
    .map((char) => `${show(char)} (U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}${script(char)})`)
    .join(', ')}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
