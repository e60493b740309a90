/** The instants an EDTF date can stand for, in milliseconds since the epoch (UTC). */
export interface DateBounds {
  readonly earliest: number;
  readonly latest: number;
}

/** Level 0/1 dates only: YYYY, YYYY-MM or YYYY-MM-DD with an optional ?, ~ or % qualifier. */
const LEVEL_1_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?[?~%]?$/;

/**
 * Bounds of an EDTF date, or undefined when the text is not one (2015-13, 2015-02-30, 2015/2016).
 * Written here for the forms the schemas allow, rather than loaded from the `edtf` library, whose
 * parser is some thirty modules to load at every start; the tests check it against that library.
 * As there, a qualifier (uncertain `?`, approximate `~`, both `%`) leaves the bounds as they are:
 * `2015-01~` spans January 2015.
 */
export function dateBounds(value: string): DateBounds | undefined {
  const match = LEVEL_1_DATE.exec(value);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = match[2] === undefined ? undefined : Number(match[2]);
  const day = match[3] === undefined ? undefined : Number(match[3]);
  if (month !== undefined && (month < 1 || month > 12)) return undefined;
  if (month === undefined) return { earliest: utc(year, 0, 1), latest: utc(year + 1, 0, 1) - 1 };
  if (day === undefined) return { earliest: utc(year, month - 1, 1), latest: utc(year, month, 1) - 1 };
  if (day < 1 || day > new Date(utc(year, month, 0)).getUTCDate()) return undefined; // day 0 of the next month: this month's last
  return { earliest: utc(year, month - 1, day), latest: utc(year, month - 1, day + 1) - 1 };
}

/** Date.UTC, without its mapping of years 0–99 to 1900–1999; days past the month's end roll over. */
function utc(year: number, monthIndex: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  return date.getTime();
}

export function isEdtfDate(value: string): boolean {
  return dateBounds(value) !== undefined;
}

/** ISO calendar date (YYYY-MM-DD) of an instant, for messages. */
export function isoDay(instant: number): string {
  return new Date(instant).toISOString().slice(0, 10);
}
