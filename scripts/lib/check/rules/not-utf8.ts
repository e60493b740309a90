import { columnLetters, show } from '../finding.ts';
import { defineRule } from './define.ts';

/** Windows-1252's 0x80-0x9F, where it differs from Latin-1 (Node's TextDecoder treats the two as one). */
const WINDOWS_1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';
const windows1252 = (bytes: Uint8Array): string => String.fromCharCode(...bytes).replace(/[\u0080-\u009F]/g, (c) => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80]!);
const macRoman = new TextDecoder('macintosh');

const LEGACY = [
  ['Windows-1252', windows1252],
  ['Mac Roman', (bytes: Uint8Array) => macRoman.decode(bytes)],
] as const;

const hex = (byte: number): string => `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;

/** What the bytes would have meant in the encodings spreadsheets write by default. */
export function legacyReadings(bytes: readonly number[]): string {
  return LEGACY.map(([name, decode]) => `in ${name} ${show(decode(Uint8Array.from(bytes)))}`).join(', ');
}

export default defineRule(
  {
    code: 'not-utf8',
    severity: 'error',
    stage: 'row',
    title: 'Bytes that are not UTF-8',
    description:
      'Tables must be UTF-8. Excel\'s plain "CSV" save writes Windows-1252 (Windows) or Mac Roman (Mac), which garbles names in other scripts and replaces what it cannot encode.',
    fix: 'Re-save as UTF-8: Excel "CSV UTF-8 (Comma delimited)"; LibreOffice Text CSV with character set "Unicode (UTF-8)"; Numbers Export To CSV with text encoding "Unicode (UTF-8)"; Google Sheets always downloads UTF-8.',
  },
  (context) => ({
    rawRow(raw, file) {
      if (!raw.invalidBytes) return;
      let next = 0;
      raw.cells.forEach((cell, index) => {
        const count = cell.split('\uFFFD').length - 1;
        if (count === 0) return;
        const bytes = raw.invalidBytes!.slice(next, next + count);
        next += count;
        context.report({
          file: file.path,
          row: raw.row,
          line: raw.line,
          ...(file.header[index] !== undefined ? { column: file.header[index] } : {}),
          cell: `${columnLetters(index)}${raw.row}`,
          value: cell,
          message: `${show(cell)} contains ${bytes.length === 1 ? 'a byte' : 'bytes'} that ${bytes.length === 1 ? 'is' : 'are'} not UTF-8: ${bytes.map(hex).join(' ')} (${legacyReadings(bytes)}).`,
          hint: 'The file was saved in a legacy encoding. Save it again as UTF-8 — Excel: Save As › "CSV UTF-8 (Comma delimited)"; LibreOffice: Save As › Text CSV, tick "Edit filter settings", Character set "Unicode (UTF-8)"; Numbers: Export To › CSV, Text Encoding "Unicode (UTF-8)"; Google Sheets: Download › CSV (always UTF-8) — then retype any character that became ? or _.',
        });
      });
    },
  }),
);
