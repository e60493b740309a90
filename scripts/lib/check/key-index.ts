import { detach } from '../text/detach.ts';

/** Where a primary key was first seen. */
export interface KeyRow {
  readonly table: string;
  readonly row: number;
}

/**
 * Primary keys of every table read so far, each with the row it was first seen on and whether any
 * row refers to it. It is the main state that grows with the data: with distinct ids, one small
 * entry each (the row number, negative once referred to), never with cell text.
 */
export class KeyIndex {
  readonly #byTable = new Map<string, Map<string, number>>();
  /** Physical line of a key's row, kept only where it differs from the row number (after quoted line breaks). */
  readonly #lines = new Map<string, Map<number, number>>();

  add(table: string, key: string, row: number, line = row): void {
    const keys = this.#keysOf(table);
    if (keys.has(key)) return;
    keys.set(detach(key), row);
    if (line !== row) {
      if (!this.#lines.has(table)) this.#lines.set(table, new Map());
      this.#lines.get(table)!.set(row, line);
    }
  }

  /** The physical line where a row of `table` starts. */
  lineOf(table: string, row: number): number {
    return this.#lines.get(table)?.get(row) ?? row;
  }

  get(table: string, key: string): KeyRow | undefined {
    const row = this.#byTable.get(table)?.get(key);
    return row === undefined ? undefined : { table, row: Math.abs(row) };
  }

  /** The table (of `tables`) holding `key`, recording that the key is referred to; undefined when none does. */
  resolve(tables: readonly string[], key: string): string | undefined {
    for (const table of tables) {
      const keys = this.#byTable.get(table);
      const row = keys?.get(key);
      if (row === undefined) continue;
      if (row > 0) keys!.set(key, -row);
      return table;
    }
    return undefined;
  }

  /** Keys of a table that no resolved reference pointed at, with their rows. */
  *unreferenced(table: string): IterableIterator<[string, number]> {
    for (const [key, row] of this.#keysOf(table)) if (row > 0) yield [key, row];
  }

  /** The live map of one table's keys (to row numbers, negative once referred to), for lookups on every row. */
  table(table: string): ReadonlyMap<string, number> {
    return this.#keysOf(table);
  }

  keys(table: string): IterableIterator<string> {
    return this.#keysOf(table).keys();
  }

  #keysOf(table: string): Map<string, number> {
    let keys = this.#byTable.get(table);
    if (!keys) this.#byTable.set(table, (keys = new Map()));
    return keys;
  }
}
