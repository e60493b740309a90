import type { DatasetModel } from '../model/types.ts';
import { detach } from '../text/detach.ts';
import { CompactTextMap } from '../text/compact-text-map.ts';
import { SlotKeyMap } from './slot-key-map.ts';

/** Where a primary key was first seen. */
export interface KeyRow {
  readonly table: string;
  readonly row: number;
}

/** Referable tables an entry can name. */
const TABLE_SLOTS = 16;

/** Rows of a referable table an entry can hold: it must fit a 32-bit slot. */
const MAX_ROW = Math.floor(2 ** 31 / TABLE_SLOTS) - 1;

/** A key's row and table as one number, negated once something refers to it. */
const entry = (tableNumber: number, row: number): number => {
  if (row > MAX_ROW) throw new RangeError(`a table that others refer to can have at most ${MAX_ROW} rows`);
  return row * TABLE_SLOTS + tableNumber;
};
const entryRow = (entry: number): number => Math.floor(Math.abs(entry) / TABLE_SLOTS);
const entryTable = (entry: number): number => Math.abs(entry) % TABLE_SLOTS;

/**
 * Primary keys of every table read so far, each with the row it was first seen on and whether any
 * row refers to it. It is the main state that grows with the data, one small entry per distinct id,
 * never with cell text. Tables that something refers to keep their keys in a SlotKeyMap (references
 * are resolved against them millions of times, and suggestions list them); the others, the large
 * ones, in a CompactTextMap (8-byte slots; a few MB less at a million keys, each looked up about once).
 */
export class KeyIndex {
  /**
   * Keys of every table something refers to, in one map, so that resolving a reference that may
   * point into several tables costs one lookup of the freshly parsed id, not one per table; the
   * entry is a number (see `entry`) kept in the key's slot, so the lookup touches nothing else. A
   * key that is in two such tables (a conflicting id) keeps its entries for the later tables in #alsoIn.
   */
  readonly #referable = new SlotKeyMap();
  readonly #alsoIn = new Map<string, number[]>();
  /** Per referable table, its keys in row order once listed (suggestions ask often), until a key is added. */
  readonly #listed = new Map<string, readonly string[]>();
  /** Referable table name to its number in entries. */
  readonly #referableTables = new Map<string, number>();
  readonly #compact = new Map<string, CompactTextMap>();
  /** Per table, the rows from which the physical line differs from the row number by a new amount (after quoted line breaks). */
  readonly #lineShifts = new Map<string, { rows: number[]; shifts: number[] }>();

  constructor(model: DatasetModel) {
    const referable = new Set(model.tables.flatMap((table) => table.columns.flatMap((column) => column.references ?? [])));
    for (const table of model.tables) {
      if (referable.has(table.name) || table.expectReferenced) this.#referableTables.set(table.name, this.#referableTables.size);
      else this.#compact.set(table.name, new CompactTextMap());
    }
    if (this.#referableTables.size > TABLE_SLOTS) throw new Error(`at most ${TABLE_SLOTS} tables can be referred to`);
  }

  /** Records a key first seen on `row` (starting on physical `line`). Returns the row it was first seen on when it is not new. */
  add(table: string, key: string, row: number, line = row): number | undefined {
    this.#noteLine(table, row, line);
    const compact = this.#compact.get(table);
    if (this.#listed.size > 0) this.#listed.delete(table);
    if (compact) return compact.add(key, row);
    const tableNumber = this.#tableNumber(table);
    const first = this.#referable.get(key);
    if (first === undefined) {
      this.#referable.set(key, entry(tableNumber, row));
      return undefined;
    }
    const earlier = this.#entryIn(tableNumber, key, first);
    if (earlier !== undefined) return entryRow(earlier);
    const others = this.#alsoIn.get(key);
    if (others) others.push(entry(tableNumber, row));
    else this.#alsoIn.set(detach(key), [entry(tableNumber, row)]);
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
    if (compact) {
      const row = compact.get(key);
      return row === undefined ? undefined : { table, row };
    }
    const first = this.#referable.get(key);
    const found = first === undefined ? undefined : this.#entryIn(this.#tableNumber(table), key, first);
    return found === undefined ? undefined : { table, row: entryRow(found) };
  }

  /** The table (of `tables`) holding `key`, recording that the key is referred to; undefined when none does. */
  resolve(tables: readonly string[], key: string): string | undefined {
    const first = this.#referable.get(key);
    if (first === undefined) return undefined;
    for (const table of tables) {
      const tableNumber = this.#referableTables.get(table)!;
      if (entryTable(first) === tableNumber) {
        if (first > 0) this.#referable.set(key, -first);
        return table;
      }
      // Only a key also held by another table has more entries.
      const others = this.#alsoIn.size > 0 ? this.#alsoIn.get(key) : undefined;
      const at = others ? others.findIndex((other) => entryTable(other) === tableNumber) : -1;
      if (at >= 0) {
        others![at] = -Math.abs(others![at]!);
        return table;
      }
    }
    return undefined;
  }

  /** Keys of a table that no resolved reference pointed at, with their rows, in row order: every key of a table nothing refers to. */
  *unreferenced(table: string): IterableIterator<[string, number]> {
    const compact = this.#compact.get(table);
    if (compact) return yield* [...compact.entries()].sort((a, b) => a[1] - b[1]);
    for (const [key, found] of this.#entriesOf(table)) if (found > 0) yield [key, entryRow(found)];
  }

  /**
   * The keys of a table, in row order, e.g. to suggest one for a misspelt reference. A table nothing
   * refers to keeps its keys compactly: they are listed on demand (slowly, and rarely asked for).
   */
  keys(table: string): readonly string[] {
    let listed = this.#listed.get(table);
    if (!listed) {
      const compact = this.#compact.get(table);
      listed = compact ? [...compact.entries()].sort((a, b) => a[1] - b[1]).map(([key]) => key) : this.#entriesOf(table).map(([key]) => key);
      this.#listed.set(table, listed);
    }
    return listed;
  }

  /** A table's keys with their entries, in the order of their rows (the order they were added in). */
  #entriesOf(table: string): [string, number][] {
    const tableNumber = this.#tableNumber(table);
    const found = [...this.#referable.entriesWhere((first) => entryTable(first) === tableNumber)];
    // Keys another table had first keep this table's entry aside.
    for (const [key, others] of this.#alsoIn) {
      const held = others.find((other) => entryTable(other) === tableNumber);
      if (held !== undefined) found.push([key, held]);
    }
    return found.sort((a, b) => entryRow(a[1]) - entryRow(b[1]));
  }

  #tableNumber(table: string): number {
    const tableNumber = this.#referableTables.get(table);
    if (tableNumber === undefined) throw new Error(`${table} is not a table of the model`);
    return tableNumber;
  }

  /** The entry of `key` in a referable table, given the key's first entry. */
  #entryIn(tableNumber: number, key: string, first: number): number | undefined {
    if (entryTable(first) === tableNumber) return first;
    return this.#alsoIn.get(key)?.find((other) => entryTable(other) === tableNumber);
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
