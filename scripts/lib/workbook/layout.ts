import type { DatasetModel } from '../model/types.ts';
import { releaseTables } from '../release/release-tables.ts';
import { CODEBOOK_SHEET, CODEBOOK_SHEET_HEADER } from '../release/workbook-sheets.ts';

/**
 * What the workbook reader needs to know of the dataset, as plain data: the tables, how each column's
 * cells become text, and what a release workbook derives from the data (sheets and columns that are
 * not read back). The check page hands it to the workbook reader, which it loads only when a
 * workbook is chosen, so that the reader needs nothing of the engine.
 */
export interface WorkbookLayout {
  readonly tables: readonly LayoutTable[];
  /** The sheets a release workbook derives from the data, with their header row: never read back. */
  readonly derivedSheets: readonly { readonly name: string; readonly header: readonly string[] }[];
}

export interface LayoutTable {
  readonly name: string;
  /** Its CSV file in the data folder (`allegiances.csv`). */
  readonly file: string;
  readonly columns: readonly LayoutColumn[];
  /** The columns a release derives from each date column, by name. */
  readonly derived: readonly DerivedColumn[];
}

export interface LayoutColumn {
  readonly name: string;
  /** `edtf`: a date column (EDTF text, which a real date cell is read as); `text`: every other column, lists included. */
  readonly kind: 'edtf' | 'text';
}

export interface DerivedColumn {
  readonly name: string;
  /** The date column it is derived from. */
  readonly of: string;
  readonly part: 'earliest' | 'latest' | 'precision';
}

export function workbookLayout(model: DatasetModel): WorkbookLayout {
  const release = releaseTables(model, new Map());
  return {
    tables: model.tables.map((table) => ({
      name: table.name,
      file: table.file,
      columns: table.columns.map((c) => ({ name: c.name, kind: c.date && !c.list ? 'edtf' : 'text' })),
      derived: release
        .find((r) => r.table === table)!
        .columns.flatMap((c) => (c.datePart && c.source ? [{ name: c.name, of: c.source.name, part: c.datePart }] : [])),
    })),
    derivedSheets: [
      ...release.filter((r) => !r.table).map((r) => ({ name: r.name, header: r.columns.map((c) => c.name) })),
      { name: CODEBOOK_SHEET, header: [...CODEBOOK_SHEET_HEADER] },
    ],
  };
}
