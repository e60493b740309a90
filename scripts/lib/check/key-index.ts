import { detach } from '../text/detach.ts';

/** Where a primary key was first seen. */
export interface KeyRow {
  readonly table: string;
  readonly row: number;
}

/**
 * Primary keys of every table read so far, each with the row it was first seen on. It is the main
 * state that grows with the data: with distinct ids, one small entry each, never with cell text.
 */
export class KeyIndex {
  readonly #byTable = new Map<string, Map<string, number>>();

  add(table: string, key: string, row: number): void {
    const keys = this.#keysOf(table);
    if (!keys.has(key)) keys.set(detach(key), row);
  }

  get(table: string, key: string): KeyRow | undefined {
    const row = this.#byTable.get(table)?.get(key);
    return row === undefined ? undefined : { table, row };
  }

  /** The first of `tables` that has `key`. */
  find(tables: readonly string[], key: string): KeyRow | undefined {
    for (const table of tables) {
      const found = this.get(table, key);
      if (found) return found;
    }
    return undefined;
  }

  /** The live map of one table's keys (to row numbers), for rules that look keys up on every row. */
  table(table: string): ReadonlyMap<string, number> {
    return this.#keysOf(table);
  }

  keys(table: string): IterableIterator<string> {
    return this.#keysOf(table).keys();
  }

  size(table: string): number {
    return this.#byTable.get(table)?.size ?? 0;
  }

  #keysOf(table: string): Map<string, number> {
    let keys = this.#byTable.get(table);
    if (!keys) this.#byTable.set(table, (keys = new Map()));
    return keys;
  }
}
