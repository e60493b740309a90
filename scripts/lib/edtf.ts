import edtf from 'edtf';

/** The instants an EDTF date can stand for, in milliseconds since the epoch (UTC). */
export interface DateBounds {
  readonly earliest: number;
  readonly latest: number;
}

/** Level 0/1 dates only: YYYY, YYYY-MM or YYYY-MM-DD with an optional ?, ~ or % qualifier. */
const LEVEL_1_DATE = /^\d{4}(?:-\d{2}(?:-\d{2})?)?[?~%]?$/;

/**
 * A memo of parsed dates. The edtf parser is thorough but slow, and a dataset holds few distinct dates,
 * so each is parsed once. It is a pure cache (same answer with or without it), bounded in size.
 */
const parsed = new Map<string, DateBounds | null>();
const MEMO_LIMIT = 100_000;

/** Bounds of an EDTF date, or undefined when the text is not one (2015-13, 2015-02-30, 2015/2016). */
export function dateBounds(value: string): DateBounds | undefined {
  const known = parsed.get(value);
  if (known !== undefined) return known ?? undefined;
  const bounds = parseBounds(value);
  if (parsed.size >= MEMO_LIMIT) parsed.clear();
  parsed.set(value, bounds ?? null);
  return bounds;
}

function parseBounds(value: string): DateBounds | undefined {
  if (!LEVEL_1_DATE.test(value)) return undefined;
  try {
    const date = edtf(value);
    return { earliest: date.min, latest: date.max };
  } catch {
    return undefined;
  }
}

export function isEdtfDate(value: string): boolean {
  return dateBounds(value) !== undefined;
}

/** ISO calendar date (YYYY-MM-DD) of an instant, for messages. */
export function isoDay(instant: number): string {
  return new Date(instant).toISOString().slice(0, 10);
}
