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
   * The text between two absolute offsets, as a string and where in it the range lies: the chunk
   * itself when the range is inside one (no copy, which is nearly always), else a joined copy.
   */
  span(from: number, to: number): TextSpan {
    const last = this.#chunks[this.#chunks.length - 1]!;
    if (from >= last.start && to <= last.start + last.text.length) return { text: last.text, start: from - last.start, end: to - last.start };
    return { text: this.#slice(from, to), start: 0, end: to - from };
  }

  /** The text between two absolute offsets. */
  #slice(from: number, to: number): string {
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

export interface TextSpan {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Whether a raw CSV row (`text` from `start` to `end`) has a double quote inside a field that does not
 * start with one (`a,b"c,d`), which RFC 4180 does not allow and which usually means a quoted field
 * lost its opening quote. Jumps from quote to quote, so rows without quotes cost one search.
 */
export function hasStrayQuote({ text, start, end }: TextSpan, delimiter: string): boolean {
  for (let at = text.indexOf('"', start); at >= 0 && at < end;) {
    const before = at === start ? '\n' : text[at - 1];
    if (before !== delimiter && before !== '\n') return true;
    // The closing quote: the first one not doubled.
    let close = text.indexOf('"', at + 1);
    while (close >= 0 && close + 1 < end && text[close + 1] === '"') close = text.indexOf('"', close + 2);
    // Never closed within the row: papaparse reports that one.
    if (close < 0 || close >= end) return false;
    at = text.indexOf('"', close + 1);
  }
  return false;
}

/** Line breaks inside a raw row, its final one not counted. */
export function innerLineBreaks({ text, start, end }: TextSpan): number {
  let breaks = 0;
  for (let at = text.indexOf('\n', start); at >= 0 && at < end - 1; at = text.indexOf('\n', at + 1)) breaks++;
  return breaks;
}
