import type { Actor, Allegiance, Group, Source } from '../../../generated/types.ts';
import type { CellValue, RowRecord } from '../model/cell-validator.ts';
import type { ColumnModel } from '../model/types.ts';

/**
 * Columns the pages show that no schema keyword identifies, by name. Each name is typed by the row
 * types generated from the schemas, so renaming such a column fails `tsc` here rather than leaving
 * it off the pages unnoticed; every other column is found by its keywords.
 */
type ColumnOf<Row> = keyof Row & string;
export const ROLE: ColumnOf<Allegiance> = 'role';
export const CERTAINTY: ColumnOf<Allegiance> = 'certainty';
export const NOTES: ColumnOf<Actor> & ColumnOf<Group> & ColumnOf<Allegiance> = 'notes';
export const DESCRIPTION: ColumnOf<Actor> & ColumnOf<Group> = 'description';
export const PUBLISHER: ColumnOf<Source> = 'publisher';
/** Every column the pages find by name rather than by keyword. */
export const COLUMNS_BY_NAME: readonly string[] = [ROLE, CERTAINTY, NOTES, DESCRIPTION, PUBLISHER];

/** A row's cell in a column found by keyword or by typed name; undefined where the table has no such column or the cell is empty. */
export const cellOf = (record: RowRecord, column: ColumnModel | string | undefined): CellValue | undefined =>
  column === undefined ? undefined : record[typeof column === 'string' ? column : column.name];
/** A cell as one text: list items joined with commas, empty when unknown. */
export const text = (value: string | string[] | undefined): string => (value === undefined ? '' : typeof value === 'string' ? value : value.join(', '));
/** A cell as its items: one for a plain cell, none when empty. */
export const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : typeof value === 'string' ? [value] : value);
