import type { TableRows } from '../../../generated/types.ts';
import type { RowRecord } from '../model/cell-validator.ts';
import type { DatasetModel, TableModel } from '../model/types.ts';
import { isBlank, mapHeader, toRecord } from './records.ts';
import { readCsvBytes } from './read-csv.ts';
import { requirePlainFile } from '../files/confined.ts';

/** A table's rows as typed records, in file order. Blank rows are skipped. */
export async function readRecords(table: TableModel, source: Uint8Array): Promise<RowRecord[]> {
  const rows: RowRecord[] = [];
  let columnIndex: Map<string, number> | undefined;
  const onRow = ({ cells }: { cells: readonly string[] }): void => {
    if (!columnIndex) columnIndex = mapHeader(table, cells);
    else if (!isBlank(cells)) rows.push(toRecord(table, columnIndex, cells));
  };
  await readCsvBytes([source], onRow);
  return rows;
}

/** Every table's records, by table name; each table is read as a plain file inside `dataDir` (never through a link). */
export async function readAllRecords(model: DatasetModel, dataDir: string): Promise<Map<string, RowRecord[]>> {
  const tables = new Map<string, RowRecord[]>();
  for (const table of model.tables) tables.set(table.name, await readRecords(table, requirePlainFile(dataDir, table.file)));
  return tables;
}

/**
 * Reads every table into typed rows, for writers that need the whole (small) dataset in memory.
 * It trusts the data: run the validator first, as every writer does.
 */
export async function readDataset(model: DatasetModel, dataDir: string): Promise<TableRows> {
  return Object.fromEntries(await readAllRecords(model, dataDir)) as unknown as TableRows;
}
