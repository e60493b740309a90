import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closest } from '../scripts/lib/text/suggest.ts';

/** Textbook Levenshtein over the whole table, to check the banded, early-stopping one against. */
function levenshtein(a: string, b: string): number {
  const table = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      table[i]![j] = Math.min(table[i - 1]![j]! + 1, table[i]![j - 1]! + 1, table[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return table[a.length]![b.length]!;
}

/** What closest promises: the first candidate at the smallest distance, if within the typo limit, case-insensitively. */
function naiveClosest(value: string, candidates: readonly string[]): string | undefined {
  const target = value.toLowerCase();
  const limit = Math.max(1, Math.min(3, Math.floor(target.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const distance = levenshtein(target, candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

describe('closest', () => {
  const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '-', '1', 'A', 'B', 'é', 'É', 'ж', 'Ж'), maxLength: 14 });

  it('finds what a full edit-distance table finds', () => {
    fc.assert(
      fc.property(text, fc.array(text, { maxLength: 40 }), (value, candidates) => {
        expect(closest(value, candidates)).toBe(naiveClosest(value, candidates));
      }),
      { numRuns: 2000 },
    );
  });

  it('suggests the id one typo away among many', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `actor-${String(i).padStart(7, '0')}`);
    expect(closest('actor-0001234x', ids)).toBe('actor-0001234');
    expect(closest('ACTOR-0012345', ids)).toBe('actor-0012345');
    expect(closest('group-zz12345', ids)).toBe(undefined);
  });
});
