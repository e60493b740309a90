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

  /** The text between two absolute offsets. */
  slice(from: number, to: number): string {
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
 * which RFC 4180 does not allow and which usually means a quoted field lost its opening quote.
 */
export function hasStrayQuote(raw: string, delimiter: string): boolean {
  let atFieldStart = true;
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const char = raw[i];
    if (quoted) {
      if (char === '"') {
        if (raw[i + 1] === '"') i++;
        else quoted = false;
      }
      continue;
    }
    if (char === '"') {
      if (!atFieldStart) return true;
      quoted = true;
      atFieldStart = false;
    } else if (char === delimiter || char === '\n') {
      atFieldStart = true;
    } else {
      atFieldStart = false;
    }
  }
  return false;
}
