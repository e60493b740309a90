import { show } from './finding.ts';

/**
 * Where a quote first differs from its source, shown in the characters each has there (not in the
 * normalised form they are compared in), so that a contributor sees `...` against `leads the` or a
 * straight quote against a typographic one only where that is the difference.
 */

/** A text normalised as `normaliseForQuote` does, with the position in the text (after NFC) each character of the result comes from. */
export interface NormalisedWithOffsets {
  /** The text in NFC, which positions refer to. */
  readonly original: string;
  /** Equal to `normaliseForQuote(original)` (archive.ts; a test holds them to it). */
  readonly text: string;
  /** For each character of `text`, its position in `original`; one more entry, for the end. */
  readonly from: Int32Array;
}

const SINGLE = new Set('\u2018\u2019\u201A\u201B\u2032\u02BC');
const DOUBLE = new Set('\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB');
const BLANK = /\s/;

export function normaliseWithOffsets(text: string): NormalisedWithOffsets {
  const original = text.normalize('NFC');
  const out: string[] = [];
  const from = new Int32Array(original.length * 3 + 1);
  let length = 0;
  const put = (char: string, at: number): void => {
    out.push(char);
    from[length++] = at;
  };
  for (let i = 0; i < original.length;) {
    const char = original[i]!;
    if (BLANK.test(char)) {
      let end = i;
      while (end < original.length && BLANK.test(original[end]!)) end++;
      // A run of blanks is one space, and none at either end.
      if (length > 0 && end < original.length) put(' ', i);
      i = end;
      continue;
    }
    if (SINGLE.has(char)) put("'", i);
    else if (DOUBLE.has(char)) put('"', i);
    else if (char === '\u2026') for (let dot = 0; dot < 3; dot++) put('.', i);
    else put(char, i);
    i++;
  }
  // The end: after the last character kept (trailing blanks are no part of the text).
  from[length] = length === 0 ? 0 : from[length - 1]! + 1;
  return { original, text: out.join(''), from: from.subarray(0, length + 1) };
}

/** The parts of a normalised quote between `[...]` omission marks, with where each starts. */
function partsOf(normalised: string): { text: string; start: number }[] {
  const parts: { text: string; start: number }[] = [];
  const mark = /\s*\[\.\.\.\]\s*/g;
  let start = 0;
  for (let found = mark.exec(normalised); ; found = mark.exec(normalised)) {
    const end = found ? found.index : normalised.length;
    if (end > start) parts.push({ text: normalised.slice(start, end), start });
    if (!found) break;
    start = found.index + found[0].length;
  }
  return parts;
}

/** How long the longest start of `part` is that occurs in `text` at or after `from`. */
function longestStartIn(part: string, text: string, from: number): number {
  let low = 0;
  let high = part.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (text.indexOf(part.slice(0, middle), from) >= 0) low = middle;
    else high = middle - 1;
  }
  return low;
}

export interface QuoteDifference {
  /** The end of what matched, in the quote's characters, as a code span. */
  readonly matched: string;
  /** What the quote has from the first difference on, and the source, each in its own characters. */
  readonly quoteHas: string;
  readonly sourceHas: string;
  /** `...` or `…`, when that is where the quote differs: an omission written without its brackets. */
  readonly ellipsis?: string;
  /** `starts` or `ends` when that ellipsis begins or ends the quote, where nothing needs marking: a quote is an excerpt already. */
  readonly edge?: 'starts' | 'ends';
}

/** Characters of context shown on each side. */
const BEFORE = 40;
const AFTER = 30;

/**
 * The first place where a quote that is not in its source differs from it; undefined when nothing of
 * the start of the quote is in the source.
 */
export function quoteDifference(quote: string, s: NormalisedWithOffsets): QuoteDifference | undefined {
  const q = normaliseWithOffsets(quote);
  let from = 0;
  const parts = partsOf(q.text);
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k]!;
    const at = s.text.indexOf(part.text, from);
    if (at >= 0) {
      from = at + part.text.length;
      continue;
    }
    const length = longestStartIn(part.text, s.text, from);
    // An ellipsis that starts the quote is its difference, whether or not the source has a dot.
    if (length === 0 && k === 0 && !q.text.startsWith('...')) return undefined;
    const sourceAt = length > 0 ? s.text.indexOf(part.text.slice(0, length), from) : from;
    return shown(q, part.start + length, s, sourceAt + length);
  }
  return undefined;
}

/**
 * Where a run of three dots or more (a `…` is three) around `at` starts and ends, when `at` is in
 * one or just after its start: the difference is then the whole ellipsis, not its second dot.
 */
function ellipsisAround(text: string, at: number): { start: number; end: number } | undefined {
  let start = at;
  while (start > 0 && text[start - 1] === '.') start--;
  let end = at;
  while (text[end] === '.') end++;
  return end - start >= 3 && end > at ? { start, end } : undefined;
}

function shown(q: NormalisedWithOffsets, differsAt: number, s: NormalisedWithOffsets, sourceDiffersAt: number): QuoteDifference {
  const run = ellipsisAround(q.text, differsAt);
  const quoteAt = run ? run.start : differsAt;
  const sourceAt = Math.max(0, sourceDiffersAt - (differsAt - quoteAt));
  const edge = run && (run.start === 0 ? 'starts' : run.end === q.text.length ? 'ends' : undefined);
  const quoteFrom = q.from[quoteAt]!;
  const sourceFrom = s.from[sourceAt]!;
  const matchedFrom = q.from[Math.max(0, quoteAt - BEFORE)]!;
  const matched = `${matchedFrom > 0 ? '…' : ''}${q.original.slice(matchedFrom, quoteFrom)}`;
  const rest = (text: string, at: number): string => `${text.slice(at, at + AFTER)}${text.length > at + AFTER ? '…' : ''}`;
  const quoteHas = rest(q.original, quoteFrom);
  const ellipsis = run ? q.original.slice(quoteFrom, q.from[run.end - 1]! + 1) : undefined;
  return {
    matched: show(matched, BEFORE + 2),
    quoteHas: show(quoteHas, AFTER + 2),
    sourceHas: sourceFrom >= s.original.length ? 'nothing more (the text ends there)' : show(rest(s.original, sourceFrom), AFTER + 2),
    ...(ellipsis ? { ellipsis: show(ellipsis) } : {}),
    ...(edge ? { edge } : {}),
  };
}
