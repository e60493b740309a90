/** Where a primary key was first seen. */
export interface KeyRow {
  readonly table: string;
  readonly row: number;
  readonly line: number;
}

/**
 * Primary keys of every table read so far. It is the only state that grows with the data,
 * and it grows with distinct ids, not with rows.
 */
export class KeyIndex {
  readonly #byTable = new Map<string, Map<string, KeyRow>>();

  add(table: string, key: string, row: number, line: number): void {
    let keys = this.#byTable.get(table);
    if (!keys) this.#byTable.set(table, (keys = new Map()));
    if (!keys.has(key)) keys.set(key, { table, row, line });
  }

  get(table: string, key: string): KeyRow | undefined {
    return this.#byTable.get(table)?.get(key);
  }

  /** The first of `tables` that has `key`. */
  find(tables: readonly string[], key: string): KeyRow | undefined {
    for (const table of tables) {
      const found = this.get(table, key);
      if (found) return found;
    }
    return undefined;
  }

  keys(table: string): IterableIterator<string> {
    return (this.#byTable.get(table) ?? new Map<string, KeyRow>()).keys();
  }

  size(table: string): number {
    return this.#byTable.get(table)?.size ?? 0;
  }
}
