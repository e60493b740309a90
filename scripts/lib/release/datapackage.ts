import type { RowRecord } from '../model/cell-validator.ts';
import type { ColumnModel, DatasetModel, TableModel } from '../model/types.ts';
import { referenceTarget, sharedNamespaces } from './export-columns.ts';

export interface PackageFile {
  readonly bytes: number;
  readonly sha256: string;
}

export const PACKAGE_NAME = 'caucasus-allegiances';
export const DATA_LICENSE = {
  name: 'CC-BY-4.0',
  path: 'https://creativecommons.org/licenses/by/4.0/',
  title: 'Creative Commons Attribution 4.0 International',
};

/** Field constraints as Table Schema states them; list cells are strings whose items match the item pattern. */
function field(column: ColumnModel, primaryKey: boolean): Record<string, unknown> {
  const inner = (column.pattern ?? (column.enumValues ? `^(${column.enumValues.join('|')})$` : undefined))?.replace(/^\^/, '').replace(/\$$/, '');
  const pattern = inner === undefined ? undefined : column.list ? `^(${inner})(\\|(${inner}))*$` : `^${inner}$`;
  const constraints: Record<string, unknown> = {
    ...(column.required ? { required: true } : {}),
    ...(primaryKey ? { unique: true } : {}),
    ...(column.enumValues && !column.list ? { enum: column.enumValues } : pattern ? { pattern } : {}),
    ...(column.maxLength !== undefined && !column.list ? { maxLength: column.maxLength } : {}),
  };
  return {
    name: column.name,
    type: 'string',
    description: column.list ? `${column.description} Items are separated by \`|\`.` : column.description,
    ...(Object.keys(constraints).length ? { constraints } : {}),
  };
}

function foreignKeys(model: DatasetModel, table: TableModel): unknown[] {
  const keys = table.columns
    .filter((c) => c.references && !c.list)
    .flatMap((c) => {
      const target = referenceTarget(model, c);
      return target ? [{ fields: [c.name], reference: { resource: target.table, fields: [target.key] } }] : [];
    });
  const namespace = sharedNamespaces(model).find((n) => n.tables.includes(table));
  if (namespace) keys.unshift({ fields: [table.primaryKey], reference: { resource: namespace.name, fields: ['id'] } });
  return keys;
}

const DIALECT = { delimiter: ',', lineTerminator: '\n', quoteChar: '"', doubleQuote: true, header: true };

function resource(name: string, title: string, description: string, path: string, file: PackageFile, schema: Record<string, unknown>): Record<string, unknown> {
  return {
    name,
    type: 'table',
    profile: 'tabular-data-resource',
    title,
    description,
    path,
    format: 'csv',
    mediatype: 'text/csv',
    encoding: 'utf-8',
    bytes: file.bytes,
    hash: `sha256:${file.sha256}`,
    dialect: DIALECT,
    schema: { missingValues: [''], ...schema },
  };
}

/**
 * A Frictionless Data Package descriptor (v2, and loadable by v1 tools) generated from the schemas:
 * one resource per CSV plus the entities table that lets foreign keys point into the id space that
 * actors and groups share. List cells stay strings (`|`-separated) so that v1 and v2 readers agree.
 */
export function dataPackage(options: {
  model: DatasetModel;
  version: string;
  created?: string;
  files: ReadonlyMap<string, PackageFile>;
  sources: readonly RowRecord[];
}): Record<string, unknown> {
  const { model, version, files } = options;
  const resources = [
    ...sharedNamespaces(model).map((namespace) =>
      resource(
        namespace.name,
        `Entities (${namespace.tables.map((t) => t.name).join(' and ')})`,
        `Every id of ${namespace.tables.map((t) => t.name).join(' and ')}, with its type and name: the target of foreign keys that may point at either.`,
        `csv/${namespace.name}.csv`,
        files.get(`csv/${namespace.name}.csv`)!,
        {
          fields: [
            { name: 'id', type: 'string', constraints: { required: true, unique: true } },
            { name: 'type', type: 'string', constraints: { required: true, enum: namespace.tables.map((t) => t.title.toLowerCase()) } },
            { name: 'name', type: 'string', constraints: { required: true } },
          ],
          primaryKey: ['id'],
        },
      ),
    ),
    ...model.tables.map((table) =>
      resource(table.name, table.title, table.description, `csv/${table.file}`, files.get(`csv/${table.file}`)!, {
        fields: table.columns.map((c) => field(c, c.name === table.primaryKey)),
        primaryKey: [table.primaryKey],
        // The profile wants at least one foreign key when the property is present.
        ...(foreignKeys(model, table).length ? { foreignKeys: foreignKeys(model, table) } : {}),
      }),
    ),
  ];
  return {
    $schema: 'https://datapackage.org/profiles/2.0/datapackage.json',
    profile: 'tabular-data-package',
    name: PACKAGE_NAME,
    title: 'Caucasus allegiances',
    description:
      'North Caucasus and Azerbaijani militant actors, groups and their allegiances (pledges, defections, leadership, membership, affiliations, alliances, rivalries, support) in 2013-2015, as reported by news articles; every row cites its sources and every relationship quotes them.',
    version,
    ...(options.created ? { created: `${options.created}T00:00:00Z` } : {}),
    keywords: ['North Caucasus', 'Caucasus Emirate', 'Islamic State', 'militant groups', 'allegiances', 'networks'],
    licenses: [DATA_LICENSE],
    contributors: [{ title: 'The caucasus-allegiances contributors', role: 'author', roles: ['creator'] }],
    sources: options.sources.map((s) => ({ title: String(s.title), ...(typeof s.url === 'string' ? { path: s.url } : {}) })),
    resources,
  };
}
