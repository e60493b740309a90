/**
 * What a cell's number format says about its number: a date (and to what precision it shows it), a
 * time, or a plain number. A spreadsheet keeps a date as a day count ("serial") and shows it through
 * its format, so the format is the only way to know that `42037` is 2 February 2015.
 */

/** `day`, `month` or `year`: what the format shows of a date; `time` for a time of day or a duration; undefined for a plain number. */
export type NumberFormatKind = 'day' | 'month' | 'year' | 'time' | undefined;

/** ECMA-376 Part 1, 18.8.30: the built-in formats that show dates or times (the locale-specific ones 27–36 and 50–58 are East Asian dates). */
const BUILT_IN: Readonly<Record<number, NumberFormatKind>> = {
  14: 'day',
  15: 'day',
  16: 'day',
  17: 'month',
  18: 'time',
  19: 'time',
  20: 'time',
  21: 'time',
  22: 'day',
  45: 'time',
  46: 'time',
  47: 'time',
  ...Object.fromEntries([...range(27, 36), ...range(50, 58)].map((id) => [id, 'day'])),
};

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** The kind of a number format, from its built-in id or its format code. */
export function numberFormatKind(id: number, code: string | undefined): NumberFormatKind {
  if (code === undefined) return BUILT_IN[id];
  // The first section is the one for positive numbers; quoted text, escaped characters, padding and fill say nothing of dates.
  const section = (code.split(';')[0] ?? '').replace(/"[^"]*"|\\.|_.|\*./g, '');
  if (/\[(h+|m+|s+)\]/i.test(section)) return 'time';
  // Colours, conditions and locales in brackets, the General keyword and scientific notation's E+ hold letters that are not dates.
  const tokens = section
    .replace(/\[[^\]]*\]/g, '')
    .replace(/general/gi, '')
    .replace(/e[+-]/gi, '')
    .toLowerCase();
  const hasTime = /[hs]|am\/pm|a\/p/.test(tokens);
  const letters = tokens.replace(/am\/pm|a\/p/g, '');
  // `m` is a month, unless it stands after an hour or before a second, where it is minutes.
  const months = letters.replace(/h+[^a-z]*m+|m+(?=[^a-z]*s)/g, '').includes('m');
  if (letters.includes('d')) return 'day';
  if (months) return 'month';
  if (/[ye]|bb/.test(letters)) return 'year';
  return hasTime ? 'time' : undefined;
}

const DAY_MS = 86_400_000;
/** Day 0 of the 1900 date system, as the serials after the invented 29 February 1900 count from it. */
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);
/** The last day a spreadsheet can show: 31 December 9999. */
const LAST_SERIAL_1900 = 2_958_465;

/**
 * The calendar day of a date serial, as `YYYY-MM-DD`, and whether it also holds a time of day; undefined
 * outside the range a spreadsheet shows as dates. In the 1900 system, serial 60 is the 29 February 1900
 * that Lotus 1-2-3 invented and Excel kept: days before it count from 31 December 1899.
 */
export function serialDay(serial: number, date1904: boolean): { day: string; time: boolean } | undefined {
  if (!Number.isFinite(serial) || serial < (date1904 ? 0 : 1) || serial > LAST_SERIAL_1900 - (date1904 ? 1462 : 0)) return undefined;
  const whole = Math.floor(serial);
  const time = serial - whole > 1e-9;
  if (!date1904 && whole === 60) return { day: '1900-02-29', time };
  const ms = date1904 ? EPOCH_1904 + whole * DAY_MS : EPOCH_1900 + (whole < 60 ? whole + 1 : whole) * DAY_MS;
  return { day: new Date(ms).toISOString().slice(0, 10), time };
}
