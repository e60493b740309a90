import { sniff } from '../read/sniff.ts';
import { Utf8StreamDecoder } from '../read/utf8-decoder.ts';
import { decodeLegacy, encodeUtf8, hex } from './legacy-encodings.ts';
import { addScores, chooseEncoding, invalidBytesByCell, scoreReadings, type FileEncoding, type ReadingScores } from './legacy-file.ts';
import { restoresExactly, ungarble, type Ungarbled } from './mojibake.ts';

/**
 * An archived text (`data/archive/<id>.txt`) read as carefully as a table: Notepad's "Unicode" is
 * UTF-16, Notepad's and Word's "ANSI" is Windows-1252, TextEdit's "Western (Mac OS Roman)" is Mac
 * Roman, and a text opened in the wrong character set and saved again is garbled. Each is told apart
 * from its bytes, read the way it was meant when that is certain, and converted to UTF-8 by
 * `format --fix`. Pure: no Node APIs, so the check page reads chosen texts the same way.
 */

/** What is wrong with how an archived text is encoded. */
export type ArchiveProblem =
  | { readonly kind: 'utf16'; readonly encoding: 'UTF-16LE' | 'UTF-16BE'; readonly bom: boolean }
  /** UTF-16 that does not decode: cut short in the middle of a character (an odd number of bytes), or a half of a surrogate pair alone. */
  | { readonly kind: 'utf16-damaged'; readonly encoding: 'UTF-16LE' | 'UTF-16BE'; readonly bom: boolean; readonly cutShort: boolean; readonly line: number }
  /** Entirely in one legacy encoding, which its bytes read clearly better as. */
  | {
      readonly kind: 'legacy';
      readonly encoding: FileEncoding;
      readonly bytes: number;
      readonly lines: number;
      readonly firstLine: number;
      readonly readAs: string;
    }
  /** Entirely in a legacy encoding, but which one cannot be told. */
  | {
      readonly kind: 'legacy-ambiguous';
      readonly bytes: number;
      readonly lines: number;
      readonly firstLine: number;
      readonly windows1252: string;
      readonly macRoman: string;
    }
  /** UTF-8 with a few bytes that are not (text pasted from elsewhere). */
  | { readonly kind: 'stray-bytes'; readonly bytes: number; readonly lines: number; readonly firstLine: number; readonly shown: string }
  /** UTF-8 that was read in a legacy encoding and saved again: `â€™` for `’`. */
  | {
      readonly kind: 'garbled';
      readonly certain: boolean;
      readonly lines: number;
      readonly firstLine: number;
      readonly found: Ungarbled;
      readonly garbled: string;
    }
  | { readonly kind: 'binary'; readonly what: string };

export interface DecodedArchive {
  /** The text as it was meant to be read (a byte order mark left off), or undefined when that cannot be told: quotes are not checked against it then. */
  readonly text: string | undefined;
  readonly problem?: ArchiveProblem;
  /** The file starts with UTF-8's byte order mark. */
  readonly bom: boolean;
  /** What `format --fix` writes instead, when the problem (or the byte order mark) can be put right with certainty: UTF-8, no mark. */
  readonly repaired?: Uint8Array;
}

/** How much of a file tells UTF-16 without a byte order mark from other bytes. */
const SNIFF_BYTES = 8192;
/** The longest line judged for garbling. */
const MAX_JUDGED_LINE = 100_000;
/** What the blank characters a legacy byte can be are called. */
const SPACE_NAMES: Readonly<Record<string, string>> = { '\u00A0': 'a no-break space', '\u2007': 'a figure space', '\u202F': 'a narrow no-break space' };

/** Lines named in a message. */
const LINES_SHOWN = 3;

export function decodeArchiveText(bytes: Uint8Array): DecodedArchive {
  const sniffed = sniff(bytes);
  if (sniffed.encoding !== 'utf-8') return utf16(bytes, sniffed.encoding === 'utf-16le' ? 'UTF-16LE' : 'UTF-16BE', true);
  if (sniffed.binary) {
    const without = utf16WithoutBom(bytes);
    return without ? utf16(bytes, without, false) : { text: undefined, bom: false, problem: { kind: 'binary', what: sniffed.binary } };
  }
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  const decoder = new Utf8StreamDecoder();
  const first = decoder.decode(body);
  const rest = decoder.end();
  const text = first.text + rest.text;
  const invalid = [...first.invalid, ...rest.invalid];
  if (invalid.length > 0) return notUtf8(body, text, invalid, first.multiByte || rest.multiByte, bom);
  const garbled = garbledLines(text);
  if (garbled) {
    return {
      text: garbled.certain ? garbled.restored : undefined,
      bom,
      problem: garbled.problem,
      ...(garbled.certain ? { repaired: encodeUtf8(garbled.restored) } : {}),
    };
  }
  return { text, bom, ...(bom ? { repaired: body.slice() } : {}) };
}

function utf16(bytes: Uint8Array, encoding: 'UTF-16LE' | 'UTF-16BE', bom: boolean): DecodedArchive {
  const label = encoding === 'UTF-16LE' ? 'utf-16le' : 'utf-16be';
  try {
    const text = new TextDecoder(label, { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
    return { text, bom: false, problem: { kind: 'utf16', encoding, bom }, repaired: encodeUtf8(text) };
  } catch {
    // Not certain what the text says: no quote is checked against it, and `--fix` writes nothing.
    const read = new TextDecoder(label).decode(bytes);
    const before = read.slice(0, read.indexOf('\uFFFD'));
    const line = before.split('\n').length;
    return { text: undefined, bom: false, problem: { kind: 'utf16-damaged', encoding, bom, cutShort: bytes.length % 2 === 1, line } };
  }
}

/**
 * UTF-16 without a byte order mark, when the bytes leave no doubt: text mostly in Latin letters has a
 * NUL in every other byte (the odd ones in little-endian, the even ones in big-endian) and almost none
 * in the others, and reads as well-formed UTF-16 with no control characters but tabs and line breaks.
 */
function utf16WithoutBom(bytes: Uint8Array): 'UTF-16LE' | 'UTF-16BE' | undefined {
  if (bytes.length < 4 || bytes.length % 2 !== 0) return undefined;
  const head = bytes.subarray(0, SNIFF_BYTES);
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < head.length; i++) if (head[i] === 0) i % 2 === 0 ? evenNuls++ : oddNuls++;
  const pairs = head.length / 2;
  const encoding = oddNuls > pairs * 0.4 && evenNuls === 0 ? 'UTF-16LE' : evenNuls > pairs * 0.4 && oddNuls === 0 ? 'UTF-16BE' : undefined;
  if (!encoding) return undefined;
  try {
    const text = new TextDecoder(encoding === 'UTF-16LE' ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(bytes);
    return /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(text) ? undefined : encoding;
  } catch {
    return undefined;
  }
}

/** A text with bytes that are not UTF-8: all in one legacy encoding (converted when it is clear which), or UTF-8 with a few stray bytes. */
function notUtf8(body: Uint8Array, text: string, invalid: readonly number[], multiByte: boolean, bom: boolean): DecodedArchive {
  const lines = text.split('\n');
  const damaged = invalidBytesByCell(lines, invalid);
  const where = { bytes: invalid.length, lines: damaged.length, firstLine: damaged[0]!.index + 1 };
  // (The byte order mark is left off before: with it, a file all in a legacy encoding is still one.)
  if (multiByte) {
    const shown = damaged
      .slice(0, LINES_SHOWN)
      .map(({ index, bytes }) => `line ${index + 1}: ${bytes.map(hex).join(' ')}`)
      .join('; ');
    return { text: undefined, bom, problem: { kind: 'stray-bytes', ...where, shown } };
  }
  const scores: ReadingScores = { 'Windows-1252': 0, 'Mac Roman': 0 };
  for (const { cell, bytes } of damaged) addScores(scores, scoreReadings(cell, bytes));
  const encoding = chooseEncoding(scores);
  const readAs = (name: FileEncoding): string => {
    const chars = [...new Set(invalid)].slice(0, 6).map((byte) => decodeLegacy([byte], name));
    // A no-break space (0xA0 in Windows-1252, 0xCA in Mac Roman) would show as nothing between the backquotes.
    const seen = chars.filter((char) => !/^\s$/u.test(char));
    const named = chars
      .filter((char) => /^\s$/u.test(char))
      .map((char) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} (${SPACE_NAMES[char] ?? 'a space'})`);
    return [...(seen.length ? [`\`${seen.join(' ')}\``] : []), ...named].join(' and ');
  };
  if (!encoding) {
    return { text: undefined, bom, problem: { kind: 'legacy-ambiguous', ...where, windows1252: readAs('Windows-1252'), macRoman: readAs('Mac Roman') } };
  }
  const decoded = decodeLegacy(body, encoding);
  return { text: decoded, bom, problem: { kind: 'legacy', encoding, ...where, readAs: readAs(encoding) }, repaired: encodeUtf8(decoded) };
}

/**
 * Lines of a UTF-8 text that are garbled, and the text restored: certain when every garbled line
 * comes back exactly, each the same way, and no line reads as two originals.
 */
function garbledLines(text: string): { problem: ArchiveProblem & { kind: 'garbled' }; certain: boolean; restored: string } | undefined {
  const lines = text.split('\n');
  let first: { index: number; found: Ungarbled; line: string } | undefined;
  let count = 0;
  let certain = true;
  const restored = lines.map((whole, index) => {
    // A line break of Windows stays as it is, and is no part of what is judged.
    const line = whole.endsWith('\r') ? whole.slice(0, -1) : whole;
    // A paragraph is a few thousand characters; judging a line of millions would take seconds and gigabytes.
    const found = line.length > MAX_JUDGED_LINE ? undefined : ungarble(line);
    if (!found) return whole;
    count += 1;
    first ??= { index, found, line };
    if (!restoresExactly(line, found) || found.encodings.join() !== first.found.encodings.join()) certain = false;
    return `${found.original}${whole.slice(line.length)}`;
  });
  if (!first) return undefined;
  const { index, found, line } = first;
  return {
    problem: { kind: 'garbled', certain, lines: count, firstLine: index + 1, found, garbled: line },
    certain,
    restored: certain ? restored.join('\n') : text,
  };
}
