import { cellValue, type RowRecord } from '../model/cell-validator.ts';
import type { TableModel } from '../model/types.ts';

/** Position in the file of each schema column named in the header (its first occurrence). */
export function mapHeader(table: TableModel, header: readonly string[]): Map<string, number> {
  const known = new Set(table.columns.map((c) => c.name));
  const columnIndex = new Map<string, number>();
  header.forEach((name, index) => {
    if (known.has(name) && !columnIndex.has(name)) columnIndex.set(name, index);
  });
  return columnIndex;
}

/** Cells to typed values: empty cells are left out (unknown), list cells split on `|`. Values are not altered. */
export function toRecord(table: TableModel, columnIndex: ReadonlyMap<string, number>, cells: readonly string[]): RowRecord {
  const record: RowRecord = {};
  for (const column of table.columns) {
    const index = columnIndex.get(column.name);
    const cell = index === undefined ? undefined : cells[index];
    if (cell === undefined || cell === '') continue;
    record[column.name] = cellValue(column, cell);
  }
  return record;
}

/** A row whose every cell is empty, as a spreadsheet's blank line reads. A loop, as it runs for every row. */
export function isBlank(cells: readonly string[]): boolean {
  for (const cell of cells) if (cell !== '') return false;
  return true;
}
