import { parquetWriteBuffer } from 'hyparquet-writer';
import { releaseStamp, type ReleaseIdentity } from './citation.ts';
import { PACKAGE_NAME } from './datapackage.ts';
import type { ReleaseColumn, ReleaseTable } from './release-tables.ts';

type SchemaElement = Record<string, unknown>;

/**
 * One Parquet file per table: text as UTF-8 strings, list columns as LIST<STRING>, date bounds as
 * DATE. Parquet has no per-field description readers show, so the table's and each column's
 * description go into the file's key-value metadata (`description`, `description.<column>`), with
 * the release's stamp (`dataset`, `version`, `license`…), so a file passed on alone still says them.
 * hyparquet-writer is pure JavaScript and writes the same bytes for the same rows.
 */
export function tableParquet(table: ReleaseTable, release: ReleaseIdentity): Uint8Array {
  const schema: SchemaElement[] = [];
  for (const column of table.columns) schema.push(...schemaElements(column));
  const columnData = table.columns.map((column) => ({
    name: column.name,
    data: table.rows.map((row) => {
      const value = row[column.name] ?? null;
      return column.kind === 'date' && typeof value === 'string' ? new Date(`${value}T00:00:00Z`) : value;
    }),
  }));
  const buffer = parquetWriteBuffer({
    columnData: columnData as never,
    schema: [{ name: 'root', num_children: table.columns.length }, ...schema] as never,
    createdBy: PACKAGE_NAME,
    kvMetadata: [
      ...releaseStamp(release).map(({ key, value }) => ({ key, value })),
      { key: 'table', value: table.name },
      { key: 'description', value: table.description },
      ...table.columns.map((column) => ({ key: `description.${column.name}`, value: column.description })),
    ],
  });
  return new Uint8Array(buffer);
}

function schemaElements(column: ReleaseColumn): SchemaElement[] {
  const repetition_type = column.required ? 'REQUIRED' : 'OPTIONAL';
  if (column.kind === 'list')
    return [
      { name: column.name, repetition_type, converted_type: 'LIST', num_children: 1 },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
    ];
  if (column.kind === 'date') return [{ name: column.name, type: 'INT32', converted_type: 'DATE', repetition_type }];
  return [{ name: column.name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type }];
}
