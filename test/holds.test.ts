import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateParts } from '../scripts/lib/release/release-tables.ts';
import { addMonths, dayOf, holdingRanges, holdsDuring, holdsOn, isoOf, type Period } from '../scripts/lib/site/holds.ts';
import { defaultState, parseState, stateSearch } from '../scripts/lib/site/time-state.ts';
import type { TimeData } from '../scripts/lib/site/time-types.ts';

/** A period from EDTF dates, through the release's own bounds (the `_earliest` and `_latest` columns). */
const period = (started?: string, ended?: string): Period => {
  const bounds = (edtf: string | undefined) => {
    const parts = edtf ? dateParts(edtf) : undefined;
    return parts ? { earliest: dayOf(parts.earliest)!, latest: dayOf(parts.latest)! } : undefined;
  };
  return { start: bounds(started), end: bounds(ended) };
};
const on = (p: Period, iso: string) => holdsOn(p, dayOf(iso)!);

describe('what holds on a date', () => {
  it('an undated relationship is undated on every day', () => {
    expect(on(period(), '2015-03-01')).toBe('undated');
    expect(holdsDuring(period(), 0, 1e6)).toBe('undated');
  });

  it('a start stated to the day holds from that day on, with no end forever after', () => {
    const p = period('2015-02-02');
    expect(on(p, '2015-02-01')).toBe('no');
    expect(on(p, '2015-02-02')).toBe('yes');
    expect(on(p, '2029-12-31')).toBe('yes');
  });

  it('a start stated to the month or year may hold within it and certainly holds after it, whatever its qualifier', () => {
    for (const started of ['2015-01', '2015-01%', '2015-01?', '2015-01~']) {
      const p = period(started);
      expect(on(p, '2014-12-31'), started).toBe('no');
      expect(on(p, '2015-01-01'), started).toBe('maybe');
      expect(on(p, '2015-01-30'), started).toBe('maybe');
      // By its last day it has begun, whichever day of the month that was.
      expect(on(p, '2015-01-31'), started).toBe('yes');
    }
    expect(on(period('2015?'), '2015-07-01')).toBe('maybe');
    expect(on(period('2015?'), '2016-01-01')).toBe('yes');
  });

  it('with no start it may hold until its end, never certainly: no source says when it began', () => {
    const p = period(undefined, '2013-12');
    expect(on(p, '1990-01-01')).toBe('maybe');
    expect(on(p, '2013-12-31')).toBe('maybe');
    expect(on(p, '2014-01-01')).toBe('no');
  });

  it('with both dates it certainly holds between them, may hold within either, and not outside', () => {
    const p = period('2014-03', '2015-06-15');
    expect(on(p, '2014-02-28')).toBe('no');
    expect(on(p, '2014-03-15')).toBe('maybe');
    expect(on(p, '2014-03-31')).toBe('yes');
    expect(on(p, '2015-06-15')).toBe('yes');
    expect(on(p, '2015-06-16')).toBe('no');
    // A start and an end in one year leave no day certain.
    const sameYear = period('2015', '2015-03');
    expect(['2015-01-01', '2015-03-31'].map((d) => on(sameYear, d))).toEqual(['maybe', 'maybe']);
    expect(on(sameYear, '2015-04-01')).toBe('no');
    expect(holdingRanges(sameYear).certain[0]).toBeGreaterThan(holdingRanges(sameYear).certain[1]);
  });

  it('over a span of days: certainly if on one of them, else maybe if on one of them, else not', () => {
    const bound = fc.option(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 20 })), { nil: undefined });
    fc.assert(
      fc.property(bound, bound, fc.integer({ min: -10, max: 100 }), fc.integer({ min: 0, max: 30 }), (start, end, first, length) => {
        const p: Period = {
          start: start && { earliest: start[0], latest: start[0] + start[1] },
          end: end && { earliest: end[0], latest: end[0] + end[1] },
        };
        const days = Array.from({ length: length + 1 }, (_, i) => holdsOn(p, first + i));
        const expected = days.includes('undated') ? 'undated' : days.includes('yes') ? 'yes' : days.includes('maybe') ? 'maybe' : 'no';
        expect(holdsDuring(p, first, first + length)).toBe(expected);
      }),
    );
  });

  it('reads and writes ISO days, refusing dates that do not exist, and steps by month', () => {
    expect(isoOf(dayOf('2015-03-01')!)).toBe('2015-03-01');
    expect(dayOf('1970-01-02')).toBe(1);
    for (const bad of ['2015-02-30', '2015-13-01', '2015-3-1', '2015-03-01T00:00', '']) expect(dayOf(bad), bad).toBeUndefined();
    expect(isoOf(addMonths(dayOf('2015-01-31')!, 1))).toBe('2015-02-28');
    expect(isoOf(addMonths(dayOf('2016-01-31')!, 1))).toBe('2016-02-29');
    expect(isoOf(addMonths(dayOf('2015-12-15')!, 1))).toBe('2016-01-15');
    expect(isoOf(addMonths(dayOf('2015-01-15')!, -1))).toBe('2014-12-15');
  });
});

describe('the view in the address', () => {
  const data = {
    first: dayOf('2013-11-01')!,
    last: dayOf('2015-12-31')!,
    kinds: [{ value: 'a' }, { value: 'b' }, { value: 'c' }],
    entities: [{ id: 'x' }, { id: 'y' }],
  } as unknown as TimeData;

  it('round-trips every view, writing only what differs from the default', () => {
    expect(stateSearch(defaultState(data), data)).toBe('?as-of=2015-12-31');
    const view = { asOf: dayOf('2015-03-01')!, kinds: [2, 0], trace: 1, undated: false };
    const search = stateSearch(view, data);
    expect(search).toBe('?as-of=2015-03-01&kinds=a,c&trace=y&undated=hide');
    expect(parseState(search, data)).toEqual({ state: { ...view, kinds: [0, 2] }, problems: [] });
    expect(parseState('?kinds=', data).state.kinds).toEqual([]);
    expect(parseState(stateSearch({ ...view, kinds: [] }, data), data).state.kinds).toEqual([]);
  });

  it('says what it did not understand, and keeps a date inside the data', () => {
    const { state, problems } = parseState('?as-of=2010-05-01&kinds=a,zz&trace=nobody', data);
    expect(state).toEqual({ asOf: data.first, kinds: [0], undated: true });
    expect(problems).toEqual([
      'The data covers 2013-11-01 to 2015-12-31: showing 2013-11-01.',
      'No kind is called “zz”.',
      'No person or group has the id “nobody”.',
    ]);
    expect(parseState('?as-of=March', data).problems).toEqual(['“March” is not a date of the form YYYY-MM-DD.']);
  });
});
