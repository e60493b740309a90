import { validSequenceLength } from '../read/utf8-decoder.ts';
import { decodeLegacy, encodeLegacy, HIGH_CHARACTERS, LEGACY_ENCODINGS, LIBREOFFICE_UNDEFINED, type LegacyEncoding } from './legacy-encodings.ts';

/**
 * Mojibake: UTF-8 text whose bytes were read in a single-byte encoding (a CSV double-clicked into
 * Excel, or opened in LibreOffice with the character set left at Windows-1252) and saved again, so
 * `é` became `Ã©` and `’` became `â€™`. The approach is ftfy's (re-encode the text in the encoding it
 * was misread in; if that gives well-formed UTF-8 and the result reads more plausibly, it was
 * mojibake), narrowed to the encodings spreadsheets use and to whole cells.
 */

/** What a garbled text probably was, and the misreadings that garbled it in the order they are undone (the last one first). */
export interface Ungarbled {
  readonly original: string;
  readonly encodings: readonly LegacyEncoding[];
  /** Another reading was as plausible: the text is garbled, but which original it had is not certain. */
  readonly ambiguous: boolean;
}

/** How many misreadings on top of each other are undone (a file opened wrongly twice). */
const MAX_LAYERS = 3;

/** Characters that legitimately stand next to letters: apostrophes, quotes, dashes, ellipsis, bullets. */
const TYPOGRAPHIC = new Set('’‘“”„‚–—…«»‹›•·¡¿');
/** Letters that, in Windows-1252, come only from bytes 0x80-0x9F; after another non-ASCII letter they are mojibake's mark. */
const CONTINUATION_LETTERS = new Set('ŠŒŽšœžŸƒ');
/** Mac Roman's mathematical symbols, which it reads UTF-8's lead bytes as; names and quotes do not have them. */
const MATH = new Set('√∆≈∞≠≤≥∂∑∏∫◊¬ƒ');
/** What Mac Roman reads lead bytes as, and that writing never puts straight before an accented letter. */
const LEADING_PUNCTUATION = new Set('‚–—·•…‹›⁄ÿŸﬁﬂ');
/** Punctuation that opens or stands between words, never straight after a letter. */
const OPENING = new Set('‘“„‚«‹¡¿·');
/** Closing punctuation, which may follow an ellipsis or a dash. */
const CLOSING = new Set('’”»›');
/**
 * The blocks names, quotes and notes are written in: Latin (not the rarer letters of Latin
 * Extended-B and IPA that two-byte mojibake decodes to, but Azerbaijani Ə ə and Romanian Ș ș Ț ț),
 * the transliteration apostrophes ʹ-ˁ, Greek, Cyrillic (not its archaic letters), Armenian, Hebrew,
 * Arabic, Devanagari, Georgian, punctuation, currency, letterlike and number forms, arrows and
 * mathematical operators, box drawing and dingbats, CJK, Hangul and emoji. A character outside
 * them is a sign of mojibake.
 */
const COMMON =
  /[\u0000-\u017F\u018F\u0192\u0259\u01E6\u01E7\u0218-\u021B\u02B9-\u02C1\u02C6\u02C7\u02D8-\u02DD\u0300-\u036F\u0370-\u03E1\u03F0-\u03FF\u0400-\u045F\u048A-\u052F\u0531-\u058F\u0590-\u05FF\u0600-\u06FF\u0750-\u077F\u0900-\u097F\u10A0-\u10FF\u1C90-\u1CBF\u1E00-\u1EFF\u2000-\u206F\u20A0-\u20CF\u2100-\u21FF\u2200-\u22FF\u2460-\u24FF\u2500-\u27BF\u3000-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF8FF\uFB01\uFB02\uFE0F\u{1F000}-\u{1FAFF}]/u;
/** Letters, except the ordinal indicators ª º and the modifiers ˆ ˜ of Windows-1252, which behave as symbols. */
const LETTER = /(?![ªºˆ˜])\p{L}/u;
const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;
const MARK = /\p{M}/u;
/** Blanks, except the no-break space, which is Windows-1252's reading of the continuation byte 0xA0. */
const SPACE = /(?!\u00A0)\s/u;
const UNWANTED = /[\u0000-\u0008\u000B-\u001F\u007F\uFFFD\p{Cn}\p{Co}]/u;
/**
 * C1 controls and the private-use characters LibreOffice reads Windows-1252's undefined bytes as, and
 * Mac Roman's Apple logo (U+F8FF): allowed in a layer that is itself garbled (they stand for bytes
 * Windows-1252 leaves undefined and for Mac Roman's 0xF0), never in a result.
 */
const LAYER_ONLY = /[\u0080-\u009F\uF181\uF18D\uF18F\uF190\uF19D\uF8FF]/;
const LAYER_ONLY_ALL = new RegExp(LAYER_ONLY.source, 'g');
const SCRIPTS = ['Latin', 'Cyrillic', 'Greek', 'Arabic', 'Hebrew', 'Georgian', 'Armenian', 'Han', 'Hiragana', 'Katakana', 'Hangul', 'Thai', 'Devanagari'].map(
  (name) => [name, new RegExp(`\\p{Script=${name}}`, 'u')] as const,
);

function scriptOf(char: string): string {
  for (const [name, pattern] of SCRIPTS) if (pattern.test(char)) return name;
  return 'Other';
}

const isAscii = (char: string): boolean => char.charCodeAt(0) < 0x80;

/**
 * How many places in the text look like mojibake rather than writing: a letter followed by a
 * symbol (`Ã©`), a symbol followed by another non-ASCII character (`€™`), letters of two scripts
 * side by side, a lowercase letter followed by an accented capital, quotes or dashes wedged between
 * accented letters (`Ð’Ð»`), control characters. Real names in any script score 0 or close to it.
 */
export function weirdness(text: string): number {
  const chars = [...text];
  let score = 0;
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    if (isAscii(char)) continue;
    const code = char.codePointAt(0)!;
    if (code <= 0x9f) score += 1;
    const before = chars[i - 1];
    const after = chars[i + 1];
    const letter = LETTER.test(char);
    // A mark belongs after a letter; the Latin diacritics of U+0300-U+036F not at all, in text kept in NFC.
    if (MARK.test(char) && (before === undefined || !LETTER.test(before) || code < 0x370)) score += 1;
    if (MATH.has(char)) score += 2;
    // Low quotes open a quotation; straight after a letter they are a misread byte (`State‚Äôs`).
    if ((char === '‚' || char === '„') && before !== undefined && LETTER.test(before)) score += 1;
    // `‚Ä`, `‚Ñ`, `—Ñ`, `·É`: Mac Roman's readings of UTF-8's lead bytes E2, D0, D1, E1 before a continuation byte.
    if (LEADING_PUNCTUATION.has(char) && after !== undefined && !isAscii(after) && !SPACE.test(after) && !CLOSING.has(after)) score += 1;
    if (!COMMON.test(char)) score += 1;
    if (after !== undefined && !isAscii(after) && !SPACE.test(after)) {
      const afterLetter = LETTER.test(after);
      if (letter && !afterLetter && !TYPOGRAPHIC.has(after) && !MARK.test(after)) score += 1;
      if (!letter && !TYPOGRAPHIC.has(char) && !SPACE.test(char)) score += 1;
      if (letter && CONTINUATION_LETTERS.has(after)) score += 1;
      // Â and Ã lead the two-byte UTF-8 of Latin-1's symbols and letters; before a symbol or quote they are mojibake.
      if ((char === 'Â' || char === 'Ã') && !afterLetter) score += 1;
      // Capitals Â-ß are the lead bytes of two-byte UTF-8, Windows-1252's quotes and dashes continuation bytes:
      // `Å“`, `Å’a`, `lÅ’` are mojibake; a closing quote or an ellipsis after a capitalised word (`ÄRGÄ…`) is not.
      else if (code >= 0xc2 && code <= 0xdf && TYPOGRAPHIC.has(after)) {
        if (OPENING.has(after) || LETTER.test(chars[i + 2] ?? '') || !(before && UPPER.test(before))) score += 1;
      }
    }
    if (letter && after !== undefined && isAscii(after) && LETTER.test(after) && scriptOf(char) !== 'Latin') score += 1;
    if (before !== undefined && letter && LETTER.test(before)) {
      if (scriptOf(before) !== scriptOf(char)) score += 1;
      if (LOWER.test(before) && UPPER.test(char)) score += 1;
    }
    if (TYPOGRAPHIC.has(char) && before && after && !isAscii(before) && !isAscii(after) && LETTER.test(before) && LETTER.test(after)) score += 1;
  }
  return score;
}

/** The UTF-8 text these bytes spell, when they are well-formed UTF-8 with at least one multi-byte character. */
function asUtf8(bytes: Uint8Array): string | undefined {
  let multiByte = false;
  for (let i = 0; i < bytes.length;) {
    const length = validSequenceLength(bytes, i);
    if (length === 0) return undefined;
    if (length > 1) multiByte = true;
    i += length;
  }
  return multiByte ? new TextDecoder().decode(bytes) : undefined;
}

interface Candidate {
  readonly text: string;
  readonly encoding: LegacyEncoding;
  readonly score: number;
}

/** Every reading of the text as UTF-8 misread once, with how weird each looks. */
function readings(text: string): Candidate[] {
  const candidates: Candidate[] = [];
  for (const encoding of LEGACY_ENCODINGS) {
    const bytes = encodeLegacy(text, encoding);
    const decoded = bytes && asUtf8(bytes);
    if (decoded === undefined || UNWANTED.test(decoded.replace(LAYER_ONLY_ALL, ''))) continue;
    // Characters that only a garbled layer has are judged when that layer is undone, not here.
    if (!candidates.some((c) => c.text === decoded)) candidates.push({ text: decoded, encoding, score: weirdness(decoded.replace(LAYER_ONLY_ALL, '')) });
  }
  return candidates;
}

/**
 * Undoes one misreading, if one makes the text more plausible, or if undoing a second one does
 * (the middle layer of text garbled twice can look as odd as the outer one).
 */
function peel(text: string): { text: string; encoding: LegacyEncoding; ambiguous: boolean } | undefined {
  const candidates = readings(text);
  if (candidates.length === 0) return undefined;
  const before = weirdness(text);
  const better = candidates.filter((c) => c.score < before).sort((a, b) => a.score - b.score);
  const [best, next] = better;
  if (best) return { text: best.text, encoding: best.encoding, ambiguous: next !== undefined && next.score === best.score };
  const twice = candidates.find((c) => readings(c.text).some((inner) => inner.score < before));
  return twice && { text: twice.text, encoding: twice.encoding, ambiguous: false };
}

/** A quick test that rules out most text: mojibake always has a character that one of the encodings writes as a byte 0x80-0xFF. */
const MAYBE_GARBLED = new RegExp(`[${[...HIGH_CHARACTERS].map((char) => `\\u{${char.codePointAt(0)!.toString(16)}}`).join('')}]`, 'u');

/** What the text was before it was garbled, or undefined when it does not look garbled. */
export function ungarble(text: string): Ungarbled | undefined {
  if (!MAYBE_GARBLED.test(text)) return undefined;
  const layers: { text: string; encoding: LegacyEncoding; ambiguous: boolean }[] = [];
  for (let step = peel(text); step && layers.length < MAX_LAYERS; step = peel(step.text)) layers.push(step);
  // A layer that leaves characters only a garbled layer has was not a misreading of real text.
  while (layers.length && LAYER_ONLY.test(layers[layers.length - 1]!.text)) layers.pop();
  if (!layers.length) return undefined;
  return { original: layers[layers.length - 1]!.text, encodings: layers.map((l) => l.encoding), ambiguous: layers.some((l) => l.ambiguous) };
}

/** Garbles text as a program does that reads UTF-8 in each of these encodings in turn and saves it as UTF-8. */
export function garble(text: string, encodings: readonly LegacyEncoding[]): string {
  let current = text;
  for (const encoding of [...encodings].reverse()) current = decodeLegacy(new TextEncoder().encode(current), encoding);
  return current;
}

/** Windows-1252's undefined bytes as LibreOffice writes them (U+F181…), read as the C1 controls the tables use. */
const asC1 = (text: string): string => text.replace(LIBREOFFICE_AS_C1, (c) => String.fromCharCode(c.charCodeAt(0) - 0xf100));
const LIBREOFFICE_AS_C1 = new RegExp(`[${LIBREOFFICE_UNDEFINED}]`, 'g');

/**
 * Whether the text can be put back with certainty: one original only, and garbling that original
 * again gives back this very text.
 */
export function restoresExactly(text: string, found: Ungarbled): boolean {
  return !found.ambiguous && garble(found.original, found.encodings) === asC1(text);
}

/** `read as Windows-1252`, `read as Windows-1252 twice`, `read as Mac Roman, then as Windows-1252`. */
export function describeMisreadings({ encodings }: Ungarbled): string {
  const inOrder = [...encodings].reverse();
  if (inOrder.every((encoding) => encoding === inOrder[0])) {
    return `read as ${inOrder[0]}${inOrder.length === 2 ? ' twice' : inOrder.length > 2 ? ` ${inOrder.length} times` : ''}`;
  }
  return `read as ${inOrder.join(', then as ')}`;
}
