import { grown } from '../typed-arrays.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * An append-only list of strings kept as UTF-8 in one growing byte array: a few bytes each instead
 * of a JavaScript string's 30 or more, and nothing for the garbage collector to trace. For values
 * kept by the million and read back rarely, such as the names and ids quoted in messages.
 */
export class StringList {
  #bytes = new Uint8Array(1 << 16);
  /** Where each string ends in #bytes; it starts where the one before ends. */
  #ends = new Uint32Array(1 << 10);
  #length = 0;

  get length(): number {
    return this.#length;
  }

  /** Appends a string; returns its index. */
  push(text: string): number {
    const start = this.#length === 0 ? 0 : this.#ends[this.#length - 1]!;
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    if (start + text.length * 3 > this.#bytes.length) this.#bytes = grown(this.#bytes, start + text.length * 3);
    if (this.#length === this.#ends.length) this.#ends = grown(this.#ends, this.#length + 1);
    const { written } = encoder.encodeInto(text, this.#bytes.subarray(start));
    this.#ends[this.#length] = start + written;
    return this.#length++;
  }

  at(index: number): string {
    if (index < 0 || index >= this.#length) throw new RangeError(`no string ${index} in a list of ${this.#length}`);
    return decoder.decode(this.#bytes.subarray(index === 0 ? 0 : this.#ends[index - 1], this.#ends[index]));
  }
}
