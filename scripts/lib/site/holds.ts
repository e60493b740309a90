/**
 * What holds on a date: the one rule the "over time" page draws by, the tests check the page against,
 * and the page without JavaScript lists by year. Pure and free of Node and the DOM, so the page's
 * bundle and the tests import this very module.
 *
 * Dates are whole days (days since 1970-01-01, UTC), as the release's `_earliest` and `_latest`
 * columns give them: the first and the last day a stated date can mean.
 */

/** The first and the last day a date can mean (`2015-01` is 1 to 31 January 2015). */
export interface DayBounds {
  readonly earliest: number;
  readonly latest: number;
}

/** When a relationship began and ended, as far as its dates say; a missing side is unstated. */
export interface Period {
  readonly start?: DayBounds | undefined;
  readonly end?: DayBounds | undefined;
}

/**
 * `yes`: the relationship certainly holds on the day; `maybe`: its dates leave it open (it may or may
 * not hold); `no`: its dates rule the day out; `undated`: it has no date at all.
 */
export type Holds = 'yes' | 'maybe' | 'no' | 'undated';

/**
 * The rule, in words, as the page states it. A relationship may hold from the first day its start can
 * mean to the last day its end can mean, and certainly holds from the last day its start can mean to
 * the first day its end can mean. An unstated end means no source reports one: it still holds. An
 * unstated start means no source says when it began: before its end it may hold, never certainly.
 */
export const HOLDS_RULE =
  'A relationship may hold from the first day its start can mean to the last day its end can mean, and certainly holds from the last day its start can mean to the first day its end can mean (a start of “January 2015” may be any day of that month). With no end date it still holds: no source reports an end. With no start date it may hold until its end, but never certainly: no source says when it began.';

/** The days on which a relationship may hold and those on which it certainly holds, as closed ranges (empty when first > last). */
export function holdingRanges(period: Period): { possible: readonly [number, number]; certain: readonly [number, number] } {
  const { start, end } = period;
  const possible = [start ? start.earliest : -Infinity, end ? end.latest : Infinity] as const;
  // Without a start nothing is certain; a start later than the end's first day leaves nothing certain either.
  const certain = start ? ([start.latest, end ? end.earliest : Infinity] as const) : ([Infinity, -Infinity] as const);
  return { possible, certain };
}

/** Whether a relationship holds on one day. */
export function holdsOn(period: Period, day: number): Holds {
  return holdsDuring(period, day, day);
}

/** Whether a relationship holds on some day from `first` to `last` (inclusive): certainly on one of them, maybe, or on none. */
export function holdsDuring(period: Period, first: number, last: number): Holds {
  if (!period.start && !period.end) return 'undated';
  const { possible, certain } = holdingRanges(period);
  const meets = ([from, to]: readonly [number, number]): boolean => from <= to && from <= last && to >= first;
  return meets(certain) ? 'yes' : meets(possible) ? 'maybe' : 'no';
}

const DAY_MS = 86_400_000;

/** The day of an ISO calendar date (`2015-03-01`), or undefined when the text is not one. */
export function dayOf(iso: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  // 2015-02-30 rolls over into March: not a date.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return Math.round(date.getTime() / DAY_MS);
}

/** The ISO calendar date of a day. */
export function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The day of an instant (milliseconds since the epoch, UTC). */
export const dayOfInstant = (instant: number): number => Math.floor(instant / DAY_MS);

/** The same day of the month `months` later (or earlier), the month's last day where it is shorter: 31 January + 1 is 28 February. */
export function addMonths(day: number, months: number): number {
  const date = new Date(day * DAY_MS);
  const target = new Date(0);
  target.setUTCFullYear(date.getUTCFullYear(), date.getUTCMonth() + months, 1);
  const lastOfMonth = new Date(0);
  lastOfMonth.setUTCFullYear(target.getUTCFullYear(), target.getUTCMonth() + 1, 0);
  target.setUTCDate(Math.min(date.getUTCDate(), lastOfMonth.getUTCDate()));
  return Math.round(target.getTime() / DAY_MS);
}
