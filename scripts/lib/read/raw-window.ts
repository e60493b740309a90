/**
 * The recent decoded text, by absolute offset, so a row's raw text can be looked at when needed
 * (papaparse reports where each row ends, not what it looked like). Chunks behind the rows already
 * read are dropped, so memory stays at a few chunks.
 */
export class RawTextWindow {
  readonly #chunks: { start: number; text: string }[] = [];
  #end = 0;

  append(text: string): void {
    this.#chunks.push({ start: this.#end, text });
    this.#end += text.length;
  }

  /**
   * The text between two absolute offsets as a string of its own (a slice of its chunk, or the
   * chunks' pieces joined), so that no search in it can run past `to`. Searched in place instead, a
   * row without the character sought is read to the chunk's end, which for a file given in one piece
   * is the rest of the file, at every row.
   */
  text(from: number, to: number): string {
    const last = this.#chunks[this.#chunks.length - 1]!;
    if (from >= last.start && to <= last.start + last.text.length) return last.text.slice(from - last.start, to - last.start);
    let out = '';
    for (const { start, text } of this.#chunks) {
      const end = start + text.length;
      if (end <= from || start >= to) continue;
      out += text.slice(Math.max(0, from - start), Math.min(text.length, to - start));
    }
    return out;
  }

  /** Forgets the text before `offset`. */
  release(offset: number): void {
    while (this.#chunks.length > 1 && this.#chunks[0]!.start + this.#chunks[0]!.text.length <= offset) this.#chunks.shift();
  }
}

/**
 * Whether a raw CSV row has a double quote inside a field that does not start with one (`a,b"c,d`),
 * which RFC 4180 does not allow and which usually means a quoted field lost its opening quote. Jumps
 * from quote to quote, so a row without quotes costs one search, of the row alone.
 */
export function hasStrayQuote(row: string, delimiter: string): boolean {
  for (let at = row.indexOf('"'); at >= 0;) {
    const before = at === 0 ? '\n' : row[at - 1];
    if (before !== delimiter && before !== '\n') return true;
    // The closing quote: the first one not doubled.
    let close = row.indexOf('"', at + 1);
    while (close >= 0 && row[close + 1] === '"') close = row.indexOf('"', close + 2);
    // Never closed within the row: papaparse reports that one.
    if (close < 0) return false;
    at = row.indexOf('"', close + 1);
  }
  return false;
}

/** Line breaks inside a raw row, its final one not counted. */
export function innerLineBreaks(row: string): number {
  let breaks = 0;
  for (let at = row.indexOf('\n'); at >= 0 && at < row.length - 1; at = row.indexOf('\n', at + 1)) breaks++;
  return breaks;
}
