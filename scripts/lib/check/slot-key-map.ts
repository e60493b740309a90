import { detach } from '../text/detach.ts';
import { grown } from '../typed-arrays.ts';
import { fingerprintOf, isLatin1 } from '../text/text-fingerprint.ts';

/** Int32s per slot: the key's fingerprint, 1 + where its characters start (0: empty slot), its length, its value. */
const SLOT = 4;
/** Fill past which the slots double; probes stay within a cache line or two. */
const MAX_LOAD = 0.7;

/**
 * String keys to whole numbers, for keys looked up millions of times at random (references to
 * actors, groups and sources). A slot keeps the key's fingerprint, the position of its characters
 * and its value side by side, so a lookup reads one slot and the key's characters: two places in
 * memory, where a Map reads a bucket, an entry and the key string, whose cache lines the parse and
 * the rules between two lookups have evicted (docs/performance.md). Exact: a fingerprint match is
 * confirmed character by character. Keys with a character above U+00FF, which no valid id has, go
 * to an ordinary Map. (CompactTextMap has 8-byte slots and keeps entries apart: a few MB less at a
 * million keys, for sets whose keys are each looked up about once.)
 */
export class SlotKeyMap {
  #slots = new Int32Array(1024 * SLOT);
  /** Every key's characters, one byte each, in the order they were added. */
  #chars = new Uint8Array(16384);
  #charsUsed = 0;
  #count = 0;
  readonly #wide = new Map<string, number>();

  get size(): number {
    return this.#count + this.#wide.size;
  }

  get(key: string): number | undefined {
    if (!isLatin1(key)) return this.#wide.get(key);
    const slot = this.#find(key, fingerprintOf(key));
    return this.#slots[slot + 1] === 0 ? undefined : this.#slots[slot + 3];
  }

  /** Sets a key's value, adding the key when it is new. */
  set(key: string, value: number): void {
    if (!isLatin1(key)) {
      this.#wide.set(this.#wide.has(key) ? key : detach(key), value);
      return;
    }
    const fingerprint = fingerprintOf(key);
    let slot = this.#find(key, fingerprint);
    if (this.#slots[slot + 1] === 0) {
      if (this.#count + 1 > (this.#slots.length / SLOT) * MAX_LOAD) {
        this.#grow();
        slot = this.#find(key, fingerprint);
      }
      this.#store(slot, key, fingerprint);
    }
    this.#slots[slot + 3] = value;
  }

  /** Every key whose value passes `wanted`, with that value, in no particular order. */
  *entriesWhere(wanted: (value: number) => boolean): IterableIterator<[string, number]> {
    const slots = this.#slots;
    // One string of all the characters, cut into keys: far quicker than decoding each key alone.
    const all = latin1(this.#chars.subarray(0, this.#charsUsed));
    for (let slot = 0; slot < slots.length; slot += SLOT) {
      const start = slots[slot + 1]! - 1;
      if (start >= 0 && wanted(slots[slot + 3]!)) yield [all.slice(start, start + slots[slot + 2]!), slots[slot + 3]!];
    }
    for (const entry of this.#wide) if (wanted(entry[1])) yield entry;
  }

  /** The slot holding `key`, or the empty slot where it would go. */
  #find(key: string, fingerprint: number): number {
    const slots = this.#slots;
    const mask = slots.length / SLOT - 1;
    for (let index = fingerprint & mask; ; index = (index + 1) & mask) {
      const slot = index * SLOT;
      if (slots[slot + 1] === 0) return slot;
      if (slots[slot] === fingerprint && slots[slot + 2] === key.length && this.#sameChars(slots[slot + 1]! - 1, key)) return slot;
    }
  }

  #sameChars(start: number, key: string): boolean {
    const chars = this.#chars;
    for (let i = 0; i < key.length; i++) if (chars[start + i] !== key.charCodeAt(i)) return false;
    return true;
  }

  #store(slot: number, key: string, fingerprint: number): void {
    const start = this.#charsUsed;
    if (start + key.length > this.#chars.length) this.#chars = grown(this.#chars, start + key.length);
    for (let i = 0; i < key.length; i++) this.#chars[start + i] = key.charCodeAt(i);
    this.#charsUsed += key.length;
    this.#slots[slot] = fingerprint;
    this.#slots[slot + 1] = start + 1;
    this.#slots[slot + 2] = key.length;
    this.#count += 1;
  }

  #grow(): void {
    const old = this.#slots;
    const slots = new Int32Array(old.length * 2);
    const mask = slots.length / SLOT - 1;
    for (let slot = 0; slot < old.length; slot += SLOT) {
      if (old[slot + 1] === 0) continue;
      let index = old[slot]! & mask;
      while (slots[index * SLOT + 1] !== 0) index = (index + 1) & mask;
      slots.set(old.subarray(slot, slot + SLOT), index * SLOT);
    }
    this.#slots = slots;
  }
}

/** Bytes as the characters U+0000 to U+00FF, a slice at a time (one call has room for only so many arguments). */
function latin1(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let at = 0; at < bytes.length; at += 0x8000) parts.push(String.fromCharCode(...bytes.subarray(at, at + 0x8000)));
  return parts.join('');
}
