/**
 * Levenshtein distance between `a` (already lower case) and `b` compared in lower case, or
 * limit + 1 when it is more than `limit`. Only the cells within `limit` of the diagonal are
 * computed, in two rows of `rows` (at least 2 × (b.length + 1) long), and it stops as soon as a
 * row has no cell within the limit: the inner loop of suggestions, run against tens of thousands
 * of ids per misspelt reference, so it allocates nothing.
 */
function boundedDistance(a: string, b: string, limit: number, rows: Int32Array): number {
  const over = limit + 1;
  if (Math.abs(a.length - b.length) > limit) return over;
  const width = b.length + 1;
  let previous = 0;
  let current = width;
  for (let j = 0; j < width; j++) rows[j] = j <= limit ? j : over;
  for (let i = 1; i <= a.length; i++) {
    const low = Math.max(1, i - limit);
    const high = Math.min(b.length, i + limit);
    // The cell left of the band: the first column while it is within the limit.
    rows[current + low - 1] = low === 1 && i <= limit ? i : over;
    let rowMin = rows[current + low - 1]!;
    const code = a.charCodeAt(i - 1);
    for (let j = low; j <= high; j++) {
      const cost = code === foldedCode(b, j - 1) ? 0 : 1;
      const value = Math.min(rows[previous + j]! + 1, rows[current + j - 1]! + 1, rows[previous + j - 1]! + cost, over);
      rows[current + j] = value;
      if (value < rowMin) rowMin = value;
    }
    // The cell right of the band, which the next row reads.
    if (high < b.length) rows[current + high + 1] = over;
    if (rowMin > limit) return over;
    [previous, current] = [current, previous];
  }
  return rows[previous + b.length]!;
}

/** The code unit at `index` of `text` in lower case, as `toLowerCase` would give it, without making a string for ASCII. */
function foldedCode(text: string, index: number): number {
  const code = text.charCodeAt(index);
  if (code < 0x80) return code >= 0x41 && code <= 0x5a ? code + 0x20 : code;
  const lower = text[index]!.toLowerCase();
  // A character whose lower case is longer (İ) is compared as it is.
  return lower.length === 1 ? lower.charCodeAt(0) : code;
}

/** The candidate closest to `value`, if it is close enough to be a likely typo (case-insensitive). */
export function closest(value: string, candidates: Iterable<string>, maxCandidates = 50_000): string | undefined {
  const target = value.toLowerCase();
  const limit = Math.max(1, Math.min(3, Math.floor(target.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  let seen = 0;
  let rows = new Int32Array(2 * (target.length + limit + 1));
  for (const candidate of candidates) {
    if (++seen > maxCandidates) break;
    // A length that differs by more than the limit cannot be close.
    if (Math.abs(candidate.length - target.length) >= bestDistance) continue;
    if (rows.length < 2 * (candidate.length + 1)) rows = new Int32Array(2 * (candidate.length + 1));
    const distance = boundedDistance(target, candidate, bestDistance - 1, rows);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** `a`, `a or b`, `a, b or c`. */
export function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
