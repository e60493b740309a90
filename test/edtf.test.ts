import edtf from 'edtf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateBounds } from '../scripts/lib/edtf.ts';

/** What the edtf library (the reference implementation of the specification in JavaScript) makes of a date. */
function reference(value: string): { earliest: number; latest: number } | undefined {
  try {
    const date = edtf(value);
    return { earliest: date.min, latest: date.max };
  } catch {
    return undefined;
  }
}

describe('EDTF date bounds', () => {
  it('agree with the edtf library on every form the schemas allow, valid or not (property)', () => {
    // Years the schemas' pattern allows; months and days including impossible ones; every qualifier.
    const date = fc
      .tuple(
        fc.integer({ min: 1000, max: 2999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.constantFrom('', '?', '~', '%'),
        fc.nat(2),
      )
      .map(([y, m, d, q, precision]) => [String(y), String(m).padStart(2, '0'), String(d).padStart(2, '0')].slice(0, precision + 1).join('-') + q);
    fc.assert(
      fc.property(date, (value) => {
        // One known difference: the library accepts 29 February of any year (2015-02-29 as 1 March).
        const year = Number(/^(\d{4})-02-29/.exec(value)?.[1] ?? NaN);
        const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
        if (!Number.isNaN(year) && !leap) expect(dateBounds(value)).toBeUndefined();
        else expect(dateBounds(value)).toEqual(reference(value));
      }),
      { numRuns: 20_000 },
    );
  });

  it('span whole years, months and days, leap days included, whatever the qualifier', () => {
    expect(dateBounds('2016-02~')).toEqual({ earliest: Date.UTC(2016, 1, 1), latest: Date.UTC(2016, 2, 1) - 1 });
    expect(dateBounds('2015%')).toEqual({ earliest: Date.UTC(2015, 0, 1), latest: Date.UTC(2016, 0, 1) - 1 });
    expect(dateBounds('2000-02-29?')).toEqual({ earliest: Date.UTC(2000, 1, 29), latest: Date.UTC(2000, 2, 1) - 1 });
    for (const invalid of [
      '2015-02-29',
      '1900-02-29',
      '1000-02-29',
      '2015-13',
      '2015-00',
      '2015-04-31',
      '2015/2016',
      '15-01',
      '2015-1',
      '2015-01-01T00:00',
      '2015~?',
    ])
      expect(dateBounds(invalid), invalid).toBeUndefined();
  });
});
