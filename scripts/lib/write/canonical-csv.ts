import type { ColumnModel, TableModel } from '../model/types.ts';

/**
 * The canonical form of a table: UTF-8 without BOM, LF line endings and a final newline, columns in
 * schema order, rows sorted by primary key, cells trimmed and NFC-normalised, list items trimmed,
 * quotes only where needed. Values are never changed beyond that.
 */
export function canonicalCell(column: ColumnModel, cell: string): string {
  const text = cell.replace(/\r\n?/g, '\n').normalize('NFC').trim();
  return column.list
    ? text
        .split('|')
        .map((item) => item.trim())
        .join('|')
    : text;
}

/** A CSV field, quoted only when it holds a comma, a double quote or a line break. */
export function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(values: readonly string[]): string {
  return values.map(csvField).join(',');
}

/**
 * Renders a table canonically from its header and data rows as read. Blank rows are dropped and
 * missing cells written as empty; callers must refuse files whose cells cannot be mapped to columns.
 */
export function canonicalTable(table: TableModel, header: readonly string[], rows: readonly (readonly string[])[]): string {
  const positions = table.columns.map((column) => header.indexOf(column.name));
  const keyColumn = table.columns.findIndex((c) => c.name === table.primaryKey);
  const records = rows
    .filter((cells) => cells.some((cell) => cell.trim() !== ''))
    .map((cells) => table.columns.map((column, i) => (positions[i]! < 0 ? '' : canonicalCell(column, cells[positions[i]!] ?? ''))));
  // Stable sort by code point order of the key, so the order never depends on the machine's locale.
  const sorted = records
    .map((record, index) => ({ record, index }))
    .sort((a, b) => compareKeys(a.record[keyColumn]!, b.record[keyColumn]!) || a.index - b.index);
  const lines = [csvLine(table.columns.map((c) => c.name)), ...sorted.map(({ record }) => csvLine(record))];
  return `${lines.join('\n')}\n`;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
