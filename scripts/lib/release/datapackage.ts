import type { Source } from '../../../generated/types.ts';
import type { RowRecord } from '../model/cell-validator.ts';
import type { DatasetModel, TableModel } from '../model/types.ts';
import { labelColumn, referenceTarget, sharedNamespaces } from './export-columns.ts';
import { csvFile, type ReleaseColumn, type ReleaseTable } from './release-tables.ts';

export interface PackageFile {
  readonly bytes: number;
  readonly sha256: string;
}

export const PACKAGE_NAME = 'caucasus-allegiances';
export const PACKAGE_TITLE = 'Caucasus allegiances: North Caucasus and Azerbaijani militant actors, groups and allegiances, 2013-2015';
export const PACKAGE_DESCRIPTION =
  'North Caucasus and Azerbaijani militant actors, groups and the relationships between them (pledges of allegiance and the other kinds the codebook lists) in 2013-2015, as reported by news articles; every row cites its sources and every relationship quotes them.';
export const PACKAGE_KEYWORDS = ['North Caucasus', 'Caucasus Emirate', 'Islamic State', 'militant groups', 'allegiances', 'networks'];
export const AUTHOR = 'The caucasus-allegiances contributors';
export const DATA_LICENSE = {
  name: 'CC-BY-4.0',
  path: 'https://creativecommons.org/licenses/by/4.0/',
  title: 'Creative Commons Attribution 4.0 International',
};
export const CODE_LICENSE = { name: 'MIT', path: 'https://opensource.org/licenses/MIT', title: 'MIT License' };
/** The archived article texts: not licensed by this project (Open Definition id `other-closed`). */
export const ARCHIVE_LICENSE = {
  name: 'other-closed',
  title: 'Third-party copyright: the text belongs to its publisher and author, and is included unchanged only so that quotations can be verified',
};

/** A Table Schema v2 field: what the values are, with the meaning of each allowed value. */
function field(column: ReleaseColumn, primaryKey: boolean): Record<string, unknown> {
  const source = column.source;
  const categories = column.categories?.map(({ value, meaning }) => ({ value, label: meaning }));
  const constraints: Record<string, unknown> = {
    ...(column.required ? { required: true } : {}),
    ...(primaryKey ? { unique: true } : {}),
    ...(column.categories ? { enum: column.categories.map((c) => c.value) } : {}),
    ...(column.kind !== 'list' && column.kind !== 'date' && !column.categories && source?.pattern
      ? { pattern: source.pattern.replace(/^\^/, '').replace(/\$$/, '') }
      : {}),
    ...(column.kind !== 'list' && column.kind !== 'date' && column.kind !== 'precision' && source?.maxLength !== undefined
      ? { maxLength: source.maxLength }
      : {}),
    ...(column.kind === 'list' ? { minLength: 1 } : {}),
  };
  const type =
    column.kind === 'list'
      ? { type: 'list', delimiter: '|', itemType: 'string' }
      : column.kind === 'date'
        ? { type: 'date', format: 'default' }
        : { type: 'string', ...(categories ? { categories } : {}) };
  const itemRule = column.kind === 'list' && source?.pattern ? ` Each item matches \`${source.pattern}\`.` : '';
  return { name: column.name, ...type, description: `${column.description}${itemRule}`, ...(Object.keys(constraints).length ? { constraints } : {}) };
}

function foreignKeys(model: DatasetModel, table: ReleaseTable): unknown[] {
  const keys = table.columns
    .filter((c) => c.kind !== 'list' && c.source?.references)
    .flatMap((c) => {
      const target = referenceTarget(model, c.source!);
      return target ? [{ fields: [c.name], reference: { resource: target.table, fields: [target.key] } }] : [];
    });
  const namespace = table.table && sharedNamespaces(model).find((n) => n.tables.includes(table.table!));
  if (namespace) keys.unshift({ fields: [table.primaryKey], reference: { resource: namespace.name, fields: ['id'] } });
  return keys;
}

/** The Table Schema v2 of a release table: typed fields, primary key and foreign keys. */
export function tableSchema(model: DatasetModel, table: ReleaseTable): Record<string, unknown> {
  const keys = foreignKeys(model, table);
  return {
    fields: table.columns.map((c) => field(c, c.name === table.primaryKey)),
    missingValues: [''],
    primaryKey: [table.primaryKey],
    ...(keys.length ? { foreignKeys: keys } : {}),
  };
}

/**
 * A source's web address: no schema keyword marks that column, so it is named here, typed by the row
 * type generated from the schemas (renaming the column fails `tsc` here, not the release silently).
 */
const SOURCE_URL: keyof Source & string = 'url';

/** A source's title (its label column, found by keyword) and web address, as text, for the package's lists of sources. */
function sourceReference(table: TableModel, source: RowRecord): { title: string; path?: string } {
  const id = String(source[table.primaryKey]);
  const title = source[labelColumn(table)];
  const url = source[SOURCE_URL];
  return { title: typeof title === 'string' && title !== '' ? title : id, ...(typeof url === 'string' ? { path: url } : {}) };
}

const DIALECT = { delimiter: ',', lineTerminator: '\n', quoteChar: '"', doubleQuote: true, header: true };

/**
 * A Frictionless Data Package v2 descriptor generated from the schemas: one tabular resource per
 * release CSV (entities included) with typed fields (dates and their bounds, `|` lists, the meaning of
 * each allowed value), primary and foreign keys, and licences per resource; and each archived article
 * text as a resource of its own, under its publisher's copyright.
 */
export function dataPackage(options: {
  model: DatasetModel;
  tables: readonly ReleaseTable[];
  version: string;
  created?: string;
  /** Every file under csv/ by release path, with its size and hash. */
  files: ReadonlyMap<string, PackageFile>;
  sources: readonly RowRecord[];
}): Record<string, unknown> {
  const { model, version, files } = options;
  const file = (path: string): Record<string, unknown> => ({ bytes: files.get(path)!.bytes, hash: `sha256:${files.get(path)!.sha256}` });
  const tables = options.tables.map((table) => {
    const path = `csv/${csvFile(table)}`;
    return {
      name: table.name,
      type: 'table',
      title: table.title,
      description: table.description,
      path,
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8',
      ...file(path),
      dialect: DIALECT,
      schema: tableSchema(model, table),
      licenses: [DATA_LICENSE],
    };
  });
  const archiveTable = model.tables.find((t) => t.archive);
  const archives = archiveTable
    ? options.sources.map((source) => {
        const id = String(source[archiveTable.primaryKey]);
        const path = `csv/${archiveTable.archive!.split('{id}').join(id)}`;
        const reference = sourceReference(archiveTable, source);
        return {
          name: `archive-${id}`,
          title: reference.title,
          description: `The full text of source \`${id}\`, archived so that every quotation from it can be checked.`,
          path,
          format: 'txt',
          mediatype: 'text/plain',
          encoding: 'utf-8',
          ...file(path),
          licenses: [ARCHIVE_LICENSE],
          ...(reference.path ? { sources: [reference] } : {}),
        };
      })
    : [];
  return {
    // 2.1, not 2.0: the 2.0 profile's field definitions reject `list` fields (fixed upstream in 2.1).
    $schema: 'https://datapackage.org/profiles/2.1/datapackage.json',
    name: PACKAGE_NAME,
    title: PACKAGE_TITLE,
    description: PACKAGE_DESCRIPTION,
    version,
    ...(options.created ? { created: `${options.created}T00:00:00Z` } : {}),
    keywords: PACKAGE_KEYWORDS,
    licenses: [DATA_LICENSE],
    contributors: [{ title: AUTHOR, roles: ['creator'] }],
    sources: archiveTable ? options.sources.map((s) => sourceReference(archiveTable, s)) : [],
    resources: [...tables, ...archives],
  };
}
