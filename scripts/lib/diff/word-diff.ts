import { diffWordsWithSpace } from 'diff';

/** One piece of a word-level comparison: text both versions share, or text only the old or the new one has. */
export interface TextPiece {
  readonly kind: 'same' | 'removed' | 'added';
  readonly text: string;
}

/** How many words of unchanged text to keep on each side of a change. */
const CONTEXT_WORDS = 6;

/**
 * The word-level change from `before` to `after`, with unchanged stretches longer than a little
 * context cut down to their ends (`…`), so a few changed words in a long cell read as such.
 */
export function wordChange(before: string, after: string, context = CONTEXT_WORDS): TextPiece[] {
  const pieces = coalesced(
    diffWordsWithSpace(before, after).map((c): TextPiece => ({ kind: c.added ? 'added' : c.removed ? 'removed' : 'same', text: c.value })),
  );
  if (pieces.every((p) => p.kind === 'same')) return pieces;
  return pieces.map((piece, i) => {
    if (piece.kind !== 'same') return piece;
    const words = piece.text.split(/(?<=\s)(?=\S)/);
    const keepBefore = i > 0 ? context : 0;
    const keepAfter = i < pieces.length - 1 ? context : 0;
    if (words.length <= keepBefore + keepAfter + 1) return piece;
    const head = words.slice(0, keepBefore).join('').trimEnd();
    const tail = keepAfter ? words.slice(-keepAfter).join('').trimStart() : '';
    return { kind: 'same', text: `${head}${head ? ' ' : ''}…${tail ? ' ' : ''}${tail}` };
  });
}

/**
 * Runs of changes separated only by white space read as one removed and one added stretch
 * (`[-the overall leader-]{+a member+}`), not word by word.
 */
function coalesced(pieces: readonly TextPiece[]): TextPiece[] {
  const out: TextPiece[] = [];
  let removed = '';
  let added = '';
  const flush = (): void => {
    if (removed) out.push({ kind: 'removed', text: removed });
    if (added) out.push({ kind: 'added', text: added });
    removed = added = '';
  };
  pieces.forEach((piece, i) => {
    const between = piece.kind === 'same' && /^\s+$/.test(piece.text) && (removed || added) && i < pieces.length - 1 && pieces[i + 1]!.kind !== 'same';
    if (piece.kind === 'removed' || between) removed += piece.text;
    if (piece.kind === 'added' || between) added += piece.text;
    if (piece.kind === 'same' && !between) {
      flush();
      out.push(piece);
    }
  });
  flush();
  return out;
}

/** As git's --word-diff shows it: `[-old-]{+new+}`. */
export function wordChangeText(pieces: readonly TextPiece[]): string {
  return pieces.map((p) => (p.kind === 'same' ? p.text : p.kind === 'removed' ? `[-${p.text}-]` : `{+${p.text}+}`)).join('');
}
