import { normaliseForQuote, quoteFoundIn, quoteParts } from '../archive.ts';
import { show } from '../finding.ts';
import { defineRule, perTable } from '../define-rule.ts';
import { ordinal } from '../schema-errors.ts';
import { valueOf } from '../model-helpers.ts';

export default defineRule(
  {
    code: 'quote-not-found',
    severity: 'error',
    title: 'Quote is not in the archived source',
    description:
      'The quote must be a verbatim excerpt of the first source in source_ids (x-quoteOf), so a reader can find the sentence a row rests on. Runs of whitespace and typographic quotes are treated as equal; `[...]` marks an omission.',
    fix: 'Copy the sentence again from the archived text, or put the source that holds it first in source_ids.',
    messages: {
      inLaterSource: 'The quote is not in {path}, the first source cited, but in {otherPath}, the {position} one.',
      notFound: 'The quote is not in {path}.',
    },
    hints: {
      inLaterSource: 'The first source in {sourceColumn} must be the one quoted: put {otherId} first.',
      differsAfter: 'The quote matches the source up to {matched} and differs after that: check the text there, or mark an omission with [...].',
      noMatch: 'No part of the start of the quote is in the source; is {sourceId} the right first source?',
    },
    appliesTo: [{ keyword: 'x-quoteOf' }],
  },
  (context) => {
    /** Per table: each quote column, the list column whose first item names its source, and the tables with archives that item may point into. */
    const plan = perTable((table) =>
      table.columns.flatMap((column) => {
        if (!column.quoteOf) return [];
        const references = table.columns.find((c) => c.name === column.quoteOf)?.references ?? [];
        const archives = new Map(context.model.tables.filter((t) => references.includes(t.name) && t.archive).map((t) => [t.name, t.archive!]));
        return [{ column, sourceColumn: column.quoteOf, archives }];
      }),
    );
    /** A later cited source whose archived text has the quote: where it is, and its place in the list. */
    const otherSourceWith = (
      quote: string,
      sources: string | string[] | undefined,
      foundIn: readonly (string | undefined)[],
      archives: ReadonlyMap<string, string>,
    ): { id: string; template: string; position: number } | undefined => {
      const ids = typeof sources === 'string' ? [sources] : (sources ?? []);
      for (let i = 1; i < ids.length; i++) {
        const template = foundIn[i] === undefined ? undefined : archives.get(foundIn[i]!);
        const text = template === undefined ? undefined : context.archive.normalisedText(template, ids[i]!);
        if (template !== undefined && text !== undefined && quoteFoundIn(quote, text)) return { id: ids[i]!, template, position: i + 1 };
      }
      return undefined;
    };
    return {
      row(row) {
        for (const { column, sourceColumn, archives } of plan(row.file.table)) {
          const quote = valueOf(row.record, column.name);
          const sources = row.record[sourceColumn];
          const sourceId = typeof sources === 'string' ? sources : sources?.[0];
          const foundIn = row.resolved(sourceColumn)[0];
          const template = foundIn === undefined ? undefined : archives.get(foundIn);
          if (quote === undefined || sourceId === undefined || template === undefined) continue;
          const text = context.archive.normalisedText(template, sourceId);
          if (text === undefined || quoteFoundIn(quote, text)) continue;
          const other = otherSourceWith(quote, row.record[sourceColumn], row.resolved(sourceColumn), archives);
          if (other) {
            context.report({
              ...row.at(column.name),
              messageId: 'inLaterSource',
              data: {
                path: context.archive.pathOf(template, sourceId),
                otherPath: context.archive.pathOf(other.template, other.id),
                position: ordinal(other.position),
                sourceColumn,
                otherId: show(other.id),
              },
            });
            continue;
          }
          const matched = longestMatchingPrefix(quoteParts(quote).join(' '), text);
          context.report({
            ...row.at(column.name),
            messageId: 'notFound',
            hintId: matched.length > 0 ? 'differsAfter' : 'noMatch',
            data: {
              path: context.archive.pathOf(template, sourceId),
              matched: show(matched.length > 40 ? `…${matched.slice(-40)}` : matched),
              sourceId: show(sourceId),
            },
          });
        }
      },
    };
  },
);

/** The longest start of `quote` that occurs in `text`, to show where a misquote begins. */
function longestMatchingPrefix(quote: string, text: string): string {
  const normalised = normaliseForQuote(quote);
  let low = 0;
  let high = normalised.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (text.includes(normalised.slice(0, middle))) low = middle;
    else high = middle - 1;
  }
  return normalised.slice(0, low);
}
