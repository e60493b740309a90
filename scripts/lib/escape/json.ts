/**
 * The JSON channel: `--format json` and the check page's report download. Values are exact: what
 * `JSON.parse` gives back is what went in. JSON.stringify already writes C0 controls as `\u00XX`;
 * here the characters it leaves raw that a terminal or a CI log would act on are written the same
 * way (DEL, C1 controls, bidirectional controls, U+2028 and U+2029), and so is the `#` that would make
 * `##[` a legacy workflow command. None of them can stand outside a string in JSON text.
 */
export function json(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent).replace(ACTS, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const ACTS = /[\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]|#(?=#\[)/g;
