import type { ReleaseTable } from './release-tables.ts';

/** A table as a JSON array of objects, keys in column order: lists as arrays, dates and their bounds as strings, unknown as null. */
export function tableJson(table: ReleaseTable): string {
  return `${JSON.stringify(table.rows, null, 2)}\n`;
}
