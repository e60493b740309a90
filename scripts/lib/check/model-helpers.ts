import type { DatasetModel } from '../model/types.ts';
import { orList } from '../text/suggest.ts';
import type { RowRecord } from '../model/cell-validator.ts';

export function fileOf(model: DatasetModel, table: string): string {
  return model.tables.find((t) => t.name === table)?.file ?? table;
}

/** `actors.csv or groups.csv`. */
export function filesOf(model: DatasetModel, tables: readonly string[]): string {
  return orList(tables.map((t) => fileOf(model, t)));
}

/** A cell's values: none when empty, the items of a list cell, or the single value. */
export function valuesOf(record: RowRecord, column: string): readonly string[] {
  const value = record[column];
  return value === undefined ? [] : typeof value === 'string' ? [value] : value;
}

/** The single value of a non-list cell, if any. */
export function valueOf(record: RowRecord, column: string): string | undefined {
  const value = record[column];
  return typeof value === 'string' ? value : undefined;
}
