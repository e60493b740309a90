import type { DatasetModel } from '../model/types.ts';
import { detach } from '../text/detach.ts';
import { CompactKeyMap } from './compact-key-map.ts';

/** Where a primary key was first seen. */
export interface KeyRow {
  readonly table: string;
  readonly row: number;
}

/**
 * Primary keys of every table read so far, each with the row it was first seen on and whether any
 * row refers to it. It is the main state that grows with the data, one small entry per distinct id,
 * never with cell text. Tables that something refers to keep their keys in a Map (references are
 * resolved against them, and suggestions list them); the others, the large ones, in a CompactKeyMap.
 */
export class KeyIndex {
  /** Key to row number, negative once referred to. */
  readonly #referable = new Map<string, Map<string, number>>();
  readonly #compact = new Map<string, CompactKeyMap>();
  /** Per table, the rows from which the physical line differs from the row number by a new amount (after quoted line breaks). */
  readonly #lineShifts = new Map<string, { rows: number[]; shifts: number[] }>();

  constructor(model: DatasetModel) {
    const referable = new Set(model.tables.flatMap((table) => table.columns.flatMap((column) => column.references ?? [])));
    for (const table of model.tables) {
      if (referable.has(table.name) || table.expectReferenced) this.#referable.set(table.name, new Map());
      else this.#compact.set(table.name, new CompactKeyMap());
    }
  }

  /** Records a key first seen on `row` (starting on physical `line`). Returns the row it was first seen on when it is not new. */
  add(table: string, key: string, row: number, line = row): number | undefined {
    this.#noteLine(table, row, line);
    const compact = this.#compact.get(table);
    if (compact) return compact.add(key, row);
    const keys = this.#keysOf(table);
    const earlier = keys.get(key);
    if (earlier !== undefined) return Math.abs(earlier);
    keys.set(detach(key), row);
    return undefined;
  }

  /** The physical line where a row of `table` starts. */
  lineOf(table: string, row: number): number {
    const lines = this.#lineShifts.get(table);
    if (!lines) return row;
    // The last recorded shift at or before `row`.
    let low = 0;
    let high = lines.rows.length - 1;
    let shift = 0;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (lines.rows[middle]! <= row) {
        shift = lines.shifts[middle]!;
        low = middle + 1;
      } else high = middle - 1;
    }
    return row + shift;
  }

  get(table: string, key: string): KeyRow | undefined {
    const compact = this.#compact.get(table);
    const row = compact ? compact.get(key) : this.#referable.get(table)?.get(key);
    return row === undefined ? undefined : { table, row: Math.abs(row) };
  }

  /** The table (of `tables`) holding `key`, recording that the key is referred to; undefined when none does. */
  resolve(tables: readonly string[], key: string): string | undefined {
    for (const table of tables) {
      const keys = this.#referable.get(table);
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

  /** The keys of a table that something refers to, e.g. to suggest one for a misspelt reference. */
  keys(table: string): IterableIterator<string> {
    return this.#keysOf(table).keys();
  }

  #keysOf(table: string): Map<string, number> {
    const keys = this.#referable.get(table);
    if (!keys) throw new Error(`${table} keeps its keys compactly: nothing refers to it, so they cannot be listed`);
    return keys;
  }

  #noteLine(table: string, row: number, line: number): void {
    const shift = line - row;
    let lines = this.#lineShifts.get(table);
    const last = lines ? lines.shifts[lines.shifts.length - 1]! : 0;
    if (shift === last) return;
    if (!lines) this.#lineShifts.set(table, (lines = { rows: [], shifts: [] }));
    lines.rows.push(row);
    lines.shifts.push(shift);
  }
}
