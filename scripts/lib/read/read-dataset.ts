import { join } from 'node:path';
import type { TableRows } from '../../../generated/types.ts';
import type { DatasetModel } from '../model/types.ts';
import { mapHeader, toRecord } from './records.ts';
import { readCsv } from './read-csv.ts';

/**
 * Reads every table into typed rows, for writers that need the whole (small) dataset in memory.
 * It trusts the data: run the validator first, as every writer does.
 */
export async function readDataset(model: DatasetModel, dataDir: string): Promise<TableRows> {
  const tables: Record<string, unknown[]> = {};
  for (const table of model.tables) {
    const rows: unknown[] = [];
    let columnIndex: Map<string, number> | undefined;
    await readCsv(join(dataDir, table.file), ({ cells }) => {
      if (!columnIndex) columnIndex = mapHeader(table, cells);
      else if (cells.some((cell) => cell !== '')) rows.push(toRecord(table, columnIndex, cells));
    });
    tables[table.name] = rows;
  }
  return tables as unknown as TableRows;
}
