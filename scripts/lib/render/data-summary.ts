import { dateBounds, isoDay } from '../edtf.ts';
import type { RowRecord } from '../model/cell-validator.ts';
import type { DatasetModel } from '../model/types.ts';
import { withMarkedSection } from '../text/marked-section.ts';

/**
 * The README's table of what the data holds, written from the data by `npm run render` (and so
 * brought up to date after every merge): rows per table, the span of each table's dates, and what
 * a row is, from the schema's description.
 */
export function dataSummary(model: DatasetModel, records: ReadonlyMap<string, readonly RowRecord[]>): string {
  const lines = ['| Table | Rows | Dates from – to | One row is |', '|---|---|---|---|'];
  for (const table of model.tables) {
    const rows = records.get(table.name) ?? [];
    const dateColumns = table.columns.filter((c) => c.date);
    let earliest = Infinity;
    let latest = -Infinity;
    for (const row of rows)
      for (const column of dateColumns)
        for (const value of [row[column.name] ?? []].flat()) {
          const bounds = dateBounds(value);
          if (bounds) [earliest, latest] = [Math.min(earliest, bounds.earliest), Math.max(latest, bounds.latest)];
        }
    const span = earliest <= latest ? `${isoDay(earliest)} – ${isoDay(latest)}` : '';
    lines.push(`| [\`data/${table.file}\`](data/${table.file}) | ${rows.length} | ${span} | ${table.description.replace(/\|/g, '\\|')} |`);
  }
  return lines.join('\n');
}

export function readmeWithDataSummary(readme: string, model: DatasetModel, records: ReadonlyMap<string, readonly RowRecord[]>): string {
  return withMarkedSection(readme, 'data', dataSummary(model, records));
}
