import { detach } from '../text/detach.ts';

/** Lookups between two looks at the hit rate. */
const WINDOW = 4096;
/** Below this share of hits, remembering costs more than it saves. */
const MIN_HIT_RATE = 0.2;
/** Entries kept at most; past it the memo starts afresh, so memory stays flat whatever the data. */
const MAX_ENTRIES = 1 << 14;
/** Longer values are not remembered: they rarely repeat and would make the memo large. */
const MAX_KEY_LENGTH = 512;

/**
 * Remembers a verdict per distinct cell text of one column. Kinds, dates and source lists repeat
 * across millions of rows and are checked once each; for columns whose values hardly repeat (ids,
 * quotes) the memo notices within a few thousand rows and switches itself off.
 */
export class ValueMemo<V> {
  #verdicts = new Map<string, V>();
  #lookups = 0;
  #hits = 0;
  #off = false;

  get(text: string): V | undefined {
    if (this.#off) return undefined;
    const verdict = this.#verdicts.get(text);
    if (verdict !== undefined) this.#hits += 1;
    if (++this.#lookups === WINDOW) {
      if (this.#hits < WINDOW * MIN_HIT_RATE) {
        this.#off = true;
        this.#verdicts = new Map();
      }
      this.#lookups = 0;
      this.#hits = 0;
    }
    return verdict;
  }

  set(text: string, verdict: V): void {
    if (this.#off || text.length > MAX_KEY_LENGTH) return;
    if (this.#verdicts.size >= MAX_ENTRIES) this.#verdicts = new Map();
    // Cell texts are cut from the parser's chunks; a kept one must not pin its whole chunk.
    this.#verdicts.set(detach(text), verdict);
  }
}
