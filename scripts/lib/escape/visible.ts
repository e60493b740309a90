/**
 * How a character that cannot be seen, or that acts instead of being shown, is written wherever a
 * person reads a value: in a message, at a terminal, in a CI log, in a job summary. One form for every
 * channel, so a contributor sees the same `↵` in the terminal, the annotation and the summary.
 *
 * - a line break of any kind (CR LF, LF, a lone CR, NEL, U+2028, U+2029) → `↵`
 * - a tab → `⇥`
 * - any other C0 control and DEL → its Unicode control picture (ESC → `␛`, BEL → `␇`, NUL → `␀`)
 * - a C1 control, and a bidirectional control or mark that reorders what is displayed → `⟨U+202E⟩`
 *
 * The result holds none of these characters, and showing it again changes nothing.
 */
export function visible(text: string): string {
  return INVISIBLE.test(text) ? text.replace(LINE_BREAK, '↵').replace(CONTROL, picture) : text;
}

/** Whether `visible` would change the text. */
export const hasInvisible = (text: string): boolean => INVISIBLE.test(text);

/** Every character `visible` replaces (a test checks this list against the two below). */
export const INVISIBLE_CHARACTERS = '\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200E\\u200F\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069';

const INVISIBLE = new RegExp(`[${INVISIBLE_CHARACTERS}]`);
const LINE_BREAK = /\r\n|[\n\r\u0085\u2028\u2029]/g;
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

function picture(char: string): string {
  const code = char.charCodeAt(0);
  if (code === 0x09) return '⇥';
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '␡';
  return `⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}
