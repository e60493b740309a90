import { show } from '../finding.ts';
import { closest } from '../../text/suggest.ts';
import { defineRule, perTable } from '../define-rule.ts';
import { filesOf, valuesOf } from '../model-helpers.ts';

/** Distinct misspelt ids per run that get a "did you mean". */
export const MAX_SUGGESTED = 100;

export default defineRule(
  {
    code: 'reference-not-found',
    severity: 'error',
    stages: ['row'],
    readsKeys: true,
    title: 'Reference to an id that does not exist',
    description: 'Every subject_id, target_id and source_ids item must be the id of a row in the table it points into (x-references).',
    fix: 'Correct the id, or add the missing row to the referenced table.',
    messages: { notFound: '{id} in {column} is not the id of any row in {files}.' },
    hints: { didYouMean: 'Did you mean {guess}?', checkSpelling: 'Check the spelling, or add a row with this id to {files}.' },
    appliesTo: [{ keyword: 'x-references' }],
  },
  (context) => {
    const plan = perTable((table) =>
      table.columns
        .filter((c) => c.references)
        .map((column) => ({ column, targets: column.references!, form: column.pattern === undefined ? undefined : new RegExp(column.pattern, 'u') })),
    );
    /**
     * The suggestion for each misspelt id, with the key lists it was chosen from: a search compares
     * the id with every id of the tables referred to, and a misspelling tends to repeat. Still valid while the index
     * hands out the same lists (it makes new ones once a key is added). Only the first
     * MAX_SUGGESTED distinct ids get a search, so that a file of broken references still validates
     * in seconds; the rest are told to check the spelling.
     */
    const suggestions = new Map<string, { lists: readonly (readonly string[])[]; guess: string | undefined }>();
    const suggest = (id: string, targets: readonly string[]): string | undefined => {
      const lists = targets.map((t) => context.keys.keys(t));
      const memoKey = `${targets.join('|')}\u0000${id}`;
      const known = suggestions.get(memoKey);
      if (known && known.lists.length === lists.length && known.lists.every((list, i) => list === lists[i])) return known.guess;
      if (!known && suggestions.size >= MAX_SUGGESTED) return undefined;
      const guess = closest(id, lists.flat());
      suggestions.set(memoKey, { lists, guess });
      return guess;
    };
    return {
      row(row) {
        for (const { column, targets, form } of plan(row.file.table)) {
          const found = row.resolved(column.name);
          if (!found.includes(undefined)) continue;
          valuesOf(row.record, column.name).forEach((id, index) => {
            // Empty items and values that are not ids at all (`Kebekov`, `a, b`) already have their own, clearer finding.
            if (found[index] !== undefined || id === '' || (form && !form.test(id))) return;
            context.report(() => {
              const guess = suggest(id, targets);
              return {
                ...row.at(column.name, id),
                messageId: 'notFound',
                hintId: guess ? 'didYouMean' : 'checkSpelling',
                data: { id: show(id), column: column.name, files: filesOf(context.model, targets), guess: guess ? show(guess) : '' },
              };
            });
          });
        }
      },
    };
  },
);
