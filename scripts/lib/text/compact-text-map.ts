import { detach } from './detach.ts';
import { grown } from '../typed-arrays.ts';
import { fingerprintOf, isLatin1 } from './text-fingerprint.ts';

/** Fill of the slot table past which it doubles; low enough that probe runs stay short. */
const MAX_LOAD = 0.6;

/**
 * Text keys, each with a whole number kept from when it was first added (the row a primary key
 * was first seen on, the first spelling of a name), for keys held by the million: in typed arrays rather than a Map of
 * strings, about 35 bytes a key instead of about 90, never traced by the garbage collector. A lookup
 * compares 32-bit fingerprints and only on a match the key's characters, so the answer is exact.
 * Keys with a character above U+00FF, rare in ids, go to an ordinary Map.
 */
export class CompactTextMap {
  /** Per slot: 1 + the entry's index, or 0 when empty. */
  #slots = new Int32Array(1024);
  /** Per slot: the fingerprint of its entry's key. */
  #fingerprints = new Int32Array(1024);
  #count = 0;
  /** Per entry: its number, and where its characters start in #chars (#starts[n] ends it). */
  #values = new Int32Array(1024);
  #starts = new Uint32Array(1025);
  /** Key characters of every entry, one byte each; keys with a character above U+00FF are kept in #wide instead. */
  #chars = new Uint8Array(16384);
  readonly #wide = new Map<string, number>();

  get size(): number {
    return this.#count + this.#wide.size;
  }

  /** The number kept with a key, or undefined. */
  get(key: string): number | undefined {
    if (!isLatin1(key)) return this.#wide.get(key);
    const fingerprint = fingerprintOf(key);
    const entry = this.#find(key, fingerprint);
    return entry < 0 ? undefined : this.#values[entry];
  }

  /** Adds a key with its number. A key already there keeps its first number, which is returned. */
  add(key: string, value: number): number | undefined {
    if (!isLatin1(key)) {
      const earlier = this.#wide.get(key);
      if (earlier === undefined) this.#wide.set(detach(key), value);
      return earlier;
    }
    const fingerprint = fingerprintOf(key);
    const found = this.#find(key, fingerprint);
    if (found >= 0) return this.#values[found];
    if (this.#count + 1 > this.#slots.length * MAX_LOAD) this.#growSlots();
    const entry = this.#count++;
    this.#storeEntry(entry, key, value);
    this.#place(fingerprint, entry);
    return undefined;
  }

  /** Every key with its number, in the order they were added (wide keys, kept aside, after the rest). */
  *entries(): IterableIterator<[string, number]> {
    for (let entry = 0; entry < this.#count; entry++) {
      let key = '';
      for (let at = this.#starts[entry]!; at < this.#starts[entry + 1]!; at++) key += String.fromCharCode(this.#chars[at]!);
      yield [key, this.#values[entry]!];
    }
    yield* this.#wide;
  }

  /** The entry holding `key`, or -1. */
  #find(key: string, fingerprint: number): number {
    const mask = this.#slots.length - 1;
    for (let slot = fingerprint & mask; ; slot = (slot + 1) & mask) {
      const held = this.#slots[slot]!;
      if (held === 0) return -1;
      if (this.#fingerprints[slot] === fingerprint && this.#sameKey(held - 1, key)) return held - 1;
    }
  }

  #sameKey(entry: number, key: string): boolean {
    const start = this.#starts[entry]!;
    if (this.#starts[entry + 1]! - start !== key.length) return false;
    for (let i = 0; i < key.length; i++) if (this.#chars[start + i] !== key.charCodeAt(i)) return false;
    return true;
  }

  #place(fingerprint: number, entry: number): void {
    const mask = this.#slots.length - 1;
    let slot = fingerprint & mask;
    while (this.#slots[slot] !== 0) slot = (slot + 1) & mask;
    this.#slots[slot] = entry + 1;
    this.#fingerprints[slot] = fingerprint;
  }

  #storeEntry(entry: number, key: string, value: number): void {
    if (entry >= this.#values.length) {
      this.#values = grown(this.#values, entry + 1);
      this.#starts = grown(this.#starts, entry + 2);
    }
    const start = this.#starts[entry]!;
    if (start + key.length > this.#chars.length) this.#chars = grown(this.#chars, start + key.length);
    for (let i = 0; i < key.length; i++) this.#chars[start + i] = key.charCodeAt(i);
    this.#starts[entry + 1] = start + key.length;
    this.#values[entry] = value;
  }

  #growSlots(): void {
    const slots = this.#slots;
    const fingerprints = this.#fingerprints;
    this.#slots = new Int32Array(slots.length * 2);
    this.#fingerprints = new Int32Array(slots.length * 2);
    for (let slot = 0; slot < slots.length; slot++) if (slots[slot] !== 0) this.#place(fingerprints[slot]!, slots[slot]! - 1);
  }
}
