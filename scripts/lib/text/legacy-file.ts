import { decodeLegacy, type LegacyEncoding } from './legacy-encodings.ts';

/**
 * Which legacy encoding a file that is not UTF-8 was written in. Any bytes are valid Mac Roman, and
 * almost any are valid Windows-1252, so the choice rests on what the bytes become in each, in their
 * place in the text: Windows-1252 makes Excel's typographic quotes of 0x92-0x94 and Latin letters of
 * 0xC0-0xFF; Mac Roman its quotes of 0xD2-0xD5 and letters of 0x80-0x9F. A reading whose characters
 * fit where they stand scores higher; a tie is not decided.
 */
export type FileEncoding = Extract<LegacyEncoding, 'Windows-1252' | 'Mac Roman'>;
export const FILE_ENCODINGS: readonly FileEncoding[] = ['Windows-1252', 'Mac Roman'];

export type ReadingScores = Record<FileEncoding, number>;

const LETTER = /\p{L}/u;
const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;
const TYPOGRAPHIC = new Set('’‘“”„‚–—…«»‹›•·');
/** Windows-1252's undefined bytes, read as C1 controls: a file with one is not Windows-1252. */
const UNDEFINED = /[\u0080-\u009F]/;

/** How well one character read from a byte fits between its neighbours; -Infinity when it cannot be text. */
function fit(char: string, before: string | undefined, after: string | undefined): number {
  if (UNDEFINED.test(char)) return -Infinity;
  if (TYPOGRAPHIC.has(char)) return 2;
  const letterBefore = before !== undefined && LETTER.test(before);
  const letterAfter = after !== undefined && LETTER.test(after);
  if (LOWER.test(char)) return letterBefore || letterAfter ? 1 : 0;
  if (UPPER.test(char)) {
    if (before !== undefined && LOWER.test(before)) return -1;
    return !letterBefore && after !== undefined && LOWER.test(after) ? 1 : 0;
  }
  return -1;
}

/**
 * Scores each reading of a cell whose invalid bytes show as U+FFFD, the bytes given in order.
 * Summed over a file's cells, the higher total is the file's encoding.
 */
export function scoreReadings(cell: string, bytes: readonly number[]): ReadingScores {
  const scores = { 'Windows-1252': 0, 'Mac Roman': 0 };
  const chars = [...cell];
  const positions: number[] = [];
  chars.forEach((char, i) => void (char === '\uFFFD' && positions.length < bytes.length && positions.push(i)));
  for (const encoding of FILE_ENCODINGS) {
    const read = [...chars];
    positions.forEach((at, n) => (read[at] = decodeLegacy([bytes[n]!], encoding)));
    for (const at of positions) scores[encoding] += fit(read[at]!, read[at - 1], read[at + 1]);
  }
  return scores;
}

export function addScores(total: ReadingScores, scores: ReadingScores): void {
  for (const encoding of FILE_ENCODINGS) total[encoding] += scores[encoding];
}

/** The encoding whose reading fits clearly better, or undefined when neither does. */
export function chooseEncoding(scores: ReadingScores): FileEncoding | undefined {
  const [first, second] = [...FILE_ENCODINGS].sort((a, b) => scores[b] - scores[a]);
  return scores[first!] > 0 && scores[first!] > scores[second!] ? first : undefined;
}

/** The cells of a row that hold bytes that are not UTF-8 (each shown as U+FFFD), with those bytes in order. */
export function invalidBytesByCell(cells: readonly string[], invalidBytes: readonly number[]): { index: number; cell: string; bytes: number[] }[] {
  const found: { index: number; cell: string; bytes: number[] }[] = [];
  let next = 0;
  cells.forEach((cell, index) => {
    const count = cell.split('\uFFFD').length - 1;
    if (count === 0) return;
    found.push({ index, cell, bytes: invalidBytes.slice(next, next + count) });
    next += count;
  });
  return found;
}
