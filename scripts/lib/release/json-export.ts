import type { RowRecord } from '../model/cell-validator.ts';
import type { TableModel } from '../model/types.ts';
import { exportValue } from './export-columns.ts';

/** A table as a JSON array of objects, keys in schema order. */
export function tableJson(table: TableModel, records: readonly RowRecord[]): string {
  const rows = records.map((record) => Object.fromEntries(table.columns.map((column) => [column.name, exportValue(column, record)])));
  return `${JSON.stringify(rows, null, 2)}\n`;
}
