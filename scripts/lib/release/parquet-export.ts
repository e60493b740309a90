import { parquetWriteBuffer } from 'hyparquet-writer';
import type { RowRecord } from '../model/cell-validator.ts';
import type { TableModel } from '../model/types.ts';
import { exportValue, type ExportDate } from './export-columns.ts';

type SchemaElement = Record<string, unknown>;

/**
 * One Parquet file per table: text as UTF-8 strings, list columns as LIST<STRING>, and each date
 * as its EDTF text plus `_earliest`/`_latest` DATE columns. hyparquet-writer is pure JavaScript and
 * writes the same bytes for the same rows.
 */
export function tableParquet(table: TableModel, records: readonly RowRecord[]): Uint8Array {
  const schema: SchemaElement[] = [];
  const columnData: { name: string; data: unknown[] }[] = [];
  const text = (name: string, required: boolean): SchemaElement => ({
    name,
    type: 'BYTE_ARRAY',
    converted_type: 'UTF8',
    repetition_type: required ? 'REQUIRED' : 'OPTIONAL',
  });
  for (const column of table.columns) {
    const values = records.map((record) => exportValue(column, record));
    if (column.list) {
      schema.push(
        { name: column.name, repetition_type: column.required ? 'REQUIRED' : 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
      );
      columnData.push({ name: column.name, data: values });
    } else if (column.date) {
      const dates = values as (ExportDate | null)[];
      schema.push(text(column.name, column.required), date(`${column.name}_earliest`), date(`${column.name}_latest`));
      columnData.push(
        { name: column.name, data: dates.map((d) => d?.edtf ?? null) },
        { name: `${column.name}_earliest`, data: dates.map((d) => (d?.earliest ? new Date(`${d.earliest}T00:00:00Z`) : null)) },
        { name: `${column.name}_latest`, data: dates.map((d) => (d?.latest ? new Date(`${d.latest}T00:00:00Z`) : null)) },
      );
    } else {
      schema.push(text(column.name, column.required));
      columnData.push({ name: column.name, data: values });
    }
  }
  const buffer = parquetWriteBuffer({
    columnData: columnData as never,
    schema: [{ name: 'root', num_children: columnData.length }, ...schema] as never,
    createdBy: 'caucasus-allegiances',
  });
  return new Uint8Array(buffer);
}

function date(name: string): SchemaElement {
  return { name, type: 'INT32', converted_type: 'DATE', repetition_type: 'OPTIONAL' };
}
