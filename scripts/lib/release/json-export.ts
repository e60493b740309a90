import { releaseStamp, type ReleaseIdentity } from './citation.ts';
import type { ReleaseTable } from './release-tables.ts';

/** Where a table's JSON file and the JSON Schema that describes it are in a release. */
export const jsonPath = (table: ReleaseTable): string => `json/${table.name}.json`;
export const jsonSchemaPath = (table: ReleaseTable): string => `json-schema/${table.name}.schema.json`;

/** The keys of a JSON file's top level besides the release's stamp; `rows` comes last, so the facts about the file are read first. */
export const JSON_ROWS_KEY = 'rows';

/**
 * A table as a JSON document: the release's stamp (dataset, version, licence…), the table's name and
 * schema, then `rows`, an array of objects with keys in column order: lists as arrays, dates and their
 * bounds as strings, unknown as null.
 */
export function tableJson(table: ReleaseTable, release: ReleaseIdentity): string {
  const document = {
    ...Object.fromEntries(releaseStamp(release).map(({ key, value }) => [key, value])),
    table: table.name,
    schema: jsonSchemaPath(table),
    [JSON_ROWS_KEY]: table.rows,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
