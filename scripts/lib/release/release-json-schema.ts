import { releaseStamp, type ReleaseIdentity } from './citation.ts';
import { JSON_ROWS_KEY, jsonPath, jsonSchemaPath } from './json-export.ts';
import { csvFile, PRECISIONS, type ReleaseColumn, type ReleaseTable } from './release-tables.ts';

type Schema = Record<string, unknown>;

/** ISO dates as the release writes its date bounds. */
const ISO_DATE = '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$';

/** One value of a column (one item, for a list), as the release writes it: never empty, since an unknown value is null. */
function valueSchema(column: ReleaseColumn): Schema {
  if (column.kind === 'date') return { type: 'string', format: 'date', pattern: ISO_DATE };
  if (column.kind === 'precision') return { type: 'string', enum: PRECISIONS.map((p) => p.value) };
  const source = column.source;
  const values = column.categories?.map((c) => c.value) ?? source?.enumValues;
  return {
    type: 'string',
    minLength: 1,
    ...(values ? { enum: [...values] } : {}),
    ...(source?.pattern && !values ? { pattern: source.pattern } : {}),
    ...(source?.maxLength !== undefined ? { maxLength: source.maxLength } : {}),
  };
}

function columnSchema(column: ReleaseColumn): Schema {
  const references = column.references?.length ? ` Each value is an id of ${column.references.join(' or ')}.` : '';
  const value = column.kind === 'list' ? { type: 'array', minItems: 1, items: valueSchema(column) } : valueSchema(column);
  const description = `${column.description}${references}${column.required ? '' : ' null when unknown or not stated.'}`;
  return column.required ? { description, ...value } : { description, anyOf: [value, { type: 'null' }] };
}

/**
 * The JSON Schema (2020-12) of a table's JSON file as the release writes it, generated from the same
 * model as every format: the stamp at the top level, and every row with every column of the release
 * table (the date bounds and precisions beside each date, lists as arrays, null for unknown).
 */
export function releaseJsonSchema(table: ReleaseTable, release: ReleaseIdentity): Schema {
  const stamp = releaseStamp(release);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: jsonSchemaPath(table),
    title: `${table.title}: ${jsonPath(table)}`,
    description: `The file ${jsonPath(table)} of this release: ${table.description} Generated from the dataset's schemas; every row has every column, null where the CSV cell is empty.`,
    type: 'object',
    additionalProperties: false,
    required: [...stamp.map((s) => s.key), 'table', 'schema', JSON_ROWS_KEY],
    properties: {
      ...Object.fromEntries(stamp.map(({ key, value, description }) => [key, { description, const: value }])),
      table: { description: 'The name of the table, as in every format of the release.', const: table.name },
      schema: { description: 'This schema, by its path in the release.', const: jsonSchemaPath(table) },
      [JSON_ROWS_KEY]: {
        description: `The rows, one object per row of csv/${csvFile(table)}, in the same order; key \`${table.primaryKey}\`.`,
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: table.columns.map((c) => c.name),
          properties: Object.fromEntries(table.columns.map((c) => [c.name, columnSchema(c)])),
        },
      },
    },
  };
}
