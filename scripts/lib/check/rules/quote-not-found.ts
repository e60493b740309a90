import { isBlankText, quoteFoundIn } from '../archive.ts';
import { show } from '../finding.ts';
import { normaliseWithOffsets, quoteDifference, type NormalisedWithOffsets } from '../quote-difference.ts';
import { defineRule, perTable } from '../define-rule.ts';
import { ordinal } from '../schema-errors.ts';
import { valueOf } from '../model-helpers.ts';

export default defineRule(
  {
    code: 'quote-not-found',
    severity: 'error',
    stages: ['row'],
    readsKeys: true,
    title: 'Quote is not in the archived source',
    description:
      'The quote must be a verbatim excerpt of the first source in source_ids (x-quoteOf), so a reader can find the sentence a row rests on. Only these differences are allowed: any run of spaces, tabs, line breaks and no-break spaces counts as one space (and none at the ends), typographic quotes count as straight ones (`‘’` as `\'`, `“”«»` as `"`), `…` counts as `...`, and letters with accents count the same whether typed as one character or two (Unicode NFC). Everything else must be as the source has it: letters and their case, dashes (`–` is not `-`), other punctuation, spelling. `[...]`, with its square brackets, marks text left out; a bare `...` or `…` is part of the quote. The hint shows the two texts side by side where they first differ, each in its own characters.',
    fix: 'Copy the sentence again from the archived text, or put the source that holds it first in source_ids.',
    messages: {
      inLaterSource: 'The quote is not in {path}, the first source cited, but in {otherPath}, the {position} one.',
      notFound: 'The quote is not in {path}.',
    },
    hints: {
      inLaterSource: 'The first source in {sourceColumn} must be the one quoted: put {otherId} first.',
      differsAt:
        'The quote matches the source up to {matched}, then the quote has {quoteHas} where the source has {sourceHas}: check the text there, or mark an omission with [...].',
      ellipsis:
        'The quote matches the source up to {matched}, then the quote has {quoteHas} where the source has {sourceHas}: {ellipsis} is read as part of the quote; to leave text out, write `[...]`, with its square brackets, in its place.',
      ellipsisAtEdge:
        'The quote {edge} with {ellipsis}, which is read as part of the quote and is not in the source there: delete it (a quote is an excerpt already; `[...]`, with its square brackets, marks text left out inside it).',
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
        const text = template === undefined ? undefined : context.archive.read(template, ids[i]!)?.normalised;
        if (template !== undefined && text !== undefined && quoteFoundIn(quote, text)) return { id: ids[i]!, template, position: i + 1 };
      }
      return undefined;
    };
    /** The last few sources' texts with their offsets, for the hints: a misquoted source tends to be misquoted again. */
    const offsets = new Map<string, NormalisedWithOffsets>();
    const sourceWithOffsets = (path: string, text: string): NormalisedWithOffsets => {
      let found = offsets.get(path);
      if (!found) {
        if (offsets.size >= 4) offsets.delete(offsets.keys().next().value!);
        offsets.set(path, (found = normaliseWithOffsets(text)));
      }
      return found;
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
          // A text that could not be read as it was meant (archive-encoding says why) has no quotes to find.
          const archived = context.archive.read(template, sourceId);
          const text = archived?.normalised;
          // Nor has an empty one (archive-empty says so once, not once per quote).
          if (text === undefined || isBlankText(archived!) || quoteFoundIn(quote, text)) continue;
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
          const path = context.archive.pathOf(template, sourceId);
          context.report(() => {
            const difference = quoteDifference(quote, sourceWithOffsets(path, archived!.text!));
            return {
              ...row.at(column.name),
              messageId: 'notFound',
              hintId: difference === undefined ? 'noMatch' : difference.edge ? 'ellipsisAtEdge' : difference.ellipsis ? 'ellipsis' : 'differsAt',
              data: { path, sourceId: show(sourceId), matched: '', quoteHas: '', sourceHas: '', ellipsis: '', edge: '', ...difference },
            };
          });
        }
      },
    };
  },
);
