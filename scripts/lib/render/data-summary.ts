import { dateBounds } from '../edtf.ts';
import type { RowRecord } from '../model/cell-validator.ts';
import type { DatasetModel } from '../model/types.ts';
import { withMarkedSection } from '../text/marked-section.ts';

/**
 * The README's table of what the data holds, written from the data by `npm run render` (and so
 * brought up to date after every merge): rows per table, the first and last of each table's dates, and what
 * a row is, from the schema's description.
 */
export function dataSummary(model: DatasetModel, records: ReadonlyMap<string, readonly RowRecord[]>): string {
  const lines = ['| Table | Rows | Dates from – to | One row is |', '|---|---|---|---|'];
  for (const table of model.tables) {
    const rows = records.get(table.name) ?? [];
    const dateColumns = table.columns.filter((c) => c.date);
    // The first and the last date as written (EDTF), so a year stays a year: `2013-12 – 2015-12?`.
    let first: { at: number; text: string } | undefined;
    let last: { at: number; text: string } | undefined;
    for (const row of rows)
      for (const column of dateColumns)
        for (const value of [row[column.name] ?? []].flat()) {
          const bounds = dateBounds(value);
          if (!bounds) continue;
          if (!first || bounds.earliest < first.at) first = { at: bounds.earliest, text: value };
          if (!last || bounds.latest > last.at) last = { at: bounds.latest, text: value };
        }
    const span = first && last ? `${first.text} – ${last.text}` : '';
    lines.push(`| [\`data/${table.file}\`](data/${table.file}) | ${rows.length} | ${span} | ${table.description.replace(/\|/g, '\\|')} |`);
  }
  return lines.join('\n');
}

export function readmeWithDataSummary(readme: string, model: DatasetModel, records: ReadonlyMap<string, readonly RowRecord[]>): string {
  return withMarkedSection(readme, 'data', dataSummary(model, records));
}
