import { diffWordsWithSpace } from 'diff';
import { normaliseForQuote, quoteRanges } from '../check/archive.ts';
import type { TextPiece } from './word-diff.ts';

/** A stretch of an archived text that changed, with a few words of context on each side. */
export interface Passage {
  readonly pieces: readonly TextPiece[];
  /** The changed characters' span in the old and the new text (normalised), context excluded. */
  readonly before: readonly [number, number];
  readonly after: readonly [number, number];
}

const CONTEXT_WORDS = 8;

/**
 * The passages where two versions of a text differ, compared as the validator compares quotes
 * (whitespace runs and typographic quotes folded), so re-wrapping a paragraph is no change.
 */
export function changedPassages(oldText: string, newText: string): Passage[] {
  const changes = diffWordsWithSpace(normaliseForQuote(oldText), normaliseForQuote(newText));
  const passages: Passage[] = [];
  let oldAt = 0;
  let newAt = 0;
  let leadingContext = '';
  let current: { pieces: TextPiece[]; before: [number, number]; after: [number, number] } | undefined;
  for (const [i, change] of changes.entries()) {
    const length = change.value.length;
    if (!change.added && !change.removed) {
      const words = change.value.split(/(?<=\s)(?=\S)/);
      if (current && (words.length > 2 * CONTEXT_WORDS || i === changes.length - 1)) {
        // This unchanged stretch is long enough to end the passage before the next change.
        current.pieces.push({ kind: 'same', text: words.slice(0, CONTEXT_WORDS).join('').trimEnd() });
        passages.push(current);
        current = undefined;
      } else if (current) {
        current.pieces.push({ kind: 'same', text: change.value });
      }
      if (!current) leadingContext = words.slice(-CONTEXT_WORDS).join('').trimStart();
      oldAt += length;
      newAt += length;
      continue;
    }
    current ??= { pieces: leadingContext ? [{ kind: 'same', text: leadingContext }] : [], before: [oldAt, oldAt], after: [newAt, newAt] };
    current.pieces.push({ kind: change.added ? 'added' : 'removed', text: change.value });
    if (change.removed) oldAt += length;
    else newAt += length;
    current.before[1] = oldAt;
    current.after[1] = newAt;
  }
  if (current) passages.push(current);
  return passages;
}

/** Whether a quote stands, even in part, in a changed stretch of a normalised text. */
export function quoteTouches(quote: string, text: string, spans: readonly (readonly [number, number])[]): boolean {
  const ranges = quoteRanges(quote, text);
  if (!ranges) return false;
  return ranges.some(([start, end]) => spans.some(([from, to]) => start < Math.max(to, from + 1) && end > from));
}
