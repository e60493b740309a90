import type { PatternCheck } from './pattern-safety.ts';
import { checkSchemaDocuments, SchemaError } from './schema-checks.ts';
import { EXTENSION_KEYWORDS, type ColumnModel, type EndpointRules, type DatasetModel, type JsonSchema, type TableModel } from './types.ts';

export { SchemaError };

const DEFS_FILE = 'defs.schema.json';
const TABLE_SUFFIX = '.schema.json';

/** The schema files a model is built from: a table's is `NAME.schema.json`, beside `defs.schema.json`. */
export function isSchemaFile(file: string): boolean {
  return file.endsWith(TABLE_SUFFIX);
}

/**
 * The dataset's model from its schema documents by file name: what a schemas folder holds, or what a
 * browser was sent. `where` names the folder in messages. `checkPattern` refuses patterns that could
 * backtrack catastrophically (see pattern-safety.ts): every pattern of every document goes through it.
 */
export function buildModel(documents: ReadonlyMap<string, JsonSchema>, where: string, checkPattern: PatternCheck): DatasetModel {
  const files = [...documents.keys()].filter(isSchemaFile).sort();
  if (!files.includes(DEFS_FILE)) throw new SchemaError(`${where} has no ${DEFS_FILE}`);
  for (const file of files) checkExtensionKeywords(documents.get(file), file);
  checkSchemaDocuments(new Map(files.map((file) => [file, documents.get(file)!])), checkPattern);
  // Every reader (types, dictionary, codebook, catalogue) sees a limit a description names as the schema sets it.
  const filled = new Map(files.map((file) => [file, withFilledDescriptions(documents.get(file)!, file) as JsonSchema]));
  const defs = filled.get(DEFS_FILE)!;
  const byId = new Map(files.map((file) => [String(filled.get(file)!.$id), filled.get(file)!]));
  const tables = files.filter((f) => f !== DEFS_FILE).map((file) => tableModel(file.slice(0, -TABLE_SUFFIX.length), filled.get(file)!, byId));
  checkFilePaths(tables);
  return { tables: dependencyOrder(tables), schemas: [defs, ...tables.map((t) => t.schema)], defs };
}

/** The file a schema of the model was read from: `defs.schema.json`, or `NAME.schema.json` for a table's. */
export function schemaFileOf(model: DatasetModel, schema: JsonSchema): string {
  const table = model.tables.find((t) => t.schema === schema);
  return table ? `${table.name}${TABLE_SUFFIX}` : DEFS_FILE;
}

export function tableByName(model: DatasetModel, name: string): TableModel {
  const table = model.tables.find((t) => t.name === name);
  if (!table) throw new SchemaError(`no table named ${name}`);
  return table;
}

/** Keywords whose values are data (value names, column names, counts), not schemas. */
const DATA_VALUED = new Set(['x-endpoints', 'x-enumDescriptions', 'x-acyclic', 'x-symmetric', 'x-minPublishers', 'x-throughLeader', 'examples']);

function checkExtensionKeywords(node: unknown, where: string): void {
  if (Array.isArray(node)) return node.forEach((item) => checkExtensionKeywords(item, where));
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-') && !(EXTENSION_KEYWORDS as readonly string[]).includes(key)) {
      throw new SchemaError(`${where}: unknown keyword ${key}; known ones are ${EXTENSION_KEYWORDS.join(', ')}`);
    }
    if (!DATA_VALUED.has(key)) checkExtensionKeywords(value, where);
  }
}

/** `{maxLength}` in a description: a keyword of the same schema node, whose value the text shows. */
const KEYWORD_PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9-]*)\}/g;

/**
 * A copy of a schema document whose descriptions have each `{keyword}` replaced by that keyword's
 * value on the same node (for a list, on its items too): "at most {maxLength} characters" says what
 * `maxLength` is, so the number is written once. A placeholder the node does not set is a schema error.
 */
function withFilledDescriptions(node: unknown, where: string, path = ''): unknown {
  if (Array.isArray(node)) return node.map((item, i) => withFilledDescriptions(item, where, `${path}/${i}`));
  if (node === null || typeof node !== 'object') return node;
  const object = node as JsonSchema;
  return Object.fromEntries(
    Object.entries(object).map(([key, value]) => {
      if (key === 'description' && typeof value === 'string') return [key, filledDescription(value, object, `${where}#${path}`)];
      return [key, DATA_VALUED.has(key) ? value : withFilledDescriptions(value, where, `${path}/${key}`)];
    }),
  );
}

function filledDescription(text: string, node: JsonSchema, where: string): string {
  const items = node.items !== null && typeof node.items === 'object' ? (node.items as JsonSchema) : undefined;
  return text.replace(KEYWORD_PLACEHOLDER, (_, keyword: string) => {
    const value = node[keyword] ?? items?.[keyword];
    if (typeof value !== 'number' && typeof value !== 'string')
      throw new SchemaError(`${where}/description: {${keyword}} names a keyword this schema does not set to a number or text`);
    return String(value);
  });
}

interface Resolved {
  readonly node: JsonSchema;
  /** $id of the document the node was found in, against which its own `$ref`s resolve. */
  readonly baseId: string;
}

/** Follows `$ref`s into their documents, keeping the referring node's own keywords (its description wins). */
function resolve(node: JsonSchema, byId: Map<string, JsonSchema>, baseId: string): Resolved {
  const ref = node.$ref;
  if (typeof ref !== 'string') return { node, baseId };
  const [docPart, pointer = ''] = ref.split('#');
  const docId = docPart === '' ? baseId : docPart!;
  const doc = byId.get(docId);
  if (!doc) throw new SchemaError(`$ref ${ref}: no schema with $id ${docId}`);
  let target: unknown = doc;
  for (const token of pointer.split('/').filter(Boolean)) {
    target = (target as Record<string, unknown> | undefined)?.[token.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  if (target === undefined || target === null || typeof target !== 'object') throw new SchemaError(`$ref ${ref} points at nothing`);
  const { $ref: _ignored, ...own } = node;
  const resolved = resolve(target as JsonSchema, byId, docId);
  return { node: { ...resolved.node, ...own }, baseId: resolved.baseId };
}

/** Keywords a table schema may have besides x- ones: none of them relates one column to another. */
const TABLE_KEYWORDS = new Set(['$schema', '$id', 'title', 'description', 'type', 'additionalProperties', 'required', 'properties']);

function tableModel(name: string, schema: JsonSchema, byId: Map<string, JsonSchema>): TableModel {
  const where = `${name}${TABLE_SUFFIX}`;
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (!properties || schema.type !== 'object') throw new SchemaError(`${where}: a table schema must be an object with properties`);
  if (schema.additionalProperties !== false) throw new SchemaError(`${where}: set additionalProperties to false`);
  // Cells are validated one column at a time (each distinct value once), so a table schema may not tie columns together.
  const crossColumn = Object.keys(schema).filter((key) => !key.startsWith('x-') && !TABLE_KEYWORDS.has(key));
  if (crossColumn.length > 0) {
    throw new SchemaError(
      `${where}: ${crossColumn.join(', ')} not allowed at table level; checks across columns are x- keywords (x-notBefore, x-endpoints, …)`,
    );
  }
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const schemaId = String(schema.$id);
  const primaryKey = stringKeyword(schema, 'x-primaryKey', where);
  const columns = Object.entries(properties).map(([column, node]) =>
    columnModel(column, resolve(node, byId, schemaId), required.has(column), byId, { node, key: column === primaryKey }),
  );
  const names = new Set(columns.map((c) => c.name));
  const table: TableModel = {
    name,
    title: stringKeyword(schema, 'title', where),
    description: stringKeyword(schema, 'description', where),
    file: stringKeyword(schema, 'x-file', where),
    primaryKey,
    idNamespace: typeof schema['x-idNamespace'] === 'string' ? schema['x-idNamespace'] : name,
    expectReferenced: schema['x-expectReferenced'] === true,
    ...(typeof schema['x-archive'] === 'string' ? { archive: schema['x-archive'] } : {}),
    columns,
    schemaId,
    schema,
  };
  for (const column of columns) {
    // Values named by x-minPublishers and x-throughLeader must be values of the column, or the check would silently never run.
    for (const value of [...Object.keys(column.minPublishers ?? {}), ...Object.entries(column.throughLeader ?? {}).flat()])
      if (!column.enumValues?.includes(value)) throw new SchemaError(`${where}: column ${column.name} names ${value}, which is not one of its allowed values`);
    for (const other of [column.notBefore, column.distinctFrom, column.quoteOf, ...Object.values(column.endpoints ?? {}).flatMap(Object.keys)]) {
      if (other !== undefined && !names.has(other)) throw new SchemaError(`${where}: column ${column.name} names unknown column ${other}`);
    }
  }
  if (!names.has(primaryKey)) throw new SchemaError(`${where}: primary key ${primaryKey} is not a column`);
  return table;
}

/**
 * A column's examples. Ids name rows of one table, so a key or a reference column shows only its own
 * examples (or none): a definition's examples of ids in general would name rows of another table.
 */
function examplesOf(merged: JsonSchema, own: { readonly node: JsonSchema; readonly key: boolean }): unknown[] {
  const names = own.key || Array.isArray(merged['x-references']);
  const examples = names ? own.node.examples : merged.examples;
  return Array.isArray(examples) ? examples : [];
}

function columnModel(
  name: string,
  { node, baseId }: Resolved,
  required: boolean,
  byId: Map<string, JsonSchema>,
  own: { readonly node: JsonSchema; readonly key: boolean },
): ColumnModel {
  const list = node.type === 'array';
  const value = list ? resolve(node.items as JsonSchema, byId, baseId).node : node;
  const references = node['x-references'];
  return {
    name,
    description: typeof node.description === 'string' ? node.description : '',
    required,
    list,
    typeTitle: typeof value.title === 'string' ? value.title : value.enum ? 'one of the allowed values' : 'text',
    ...(typeof value['x-hint'] === 'string' ? { hint: value['x-hint'] } : {}),
    ...(typeof value.pattern === 'string' ? { pattern: value.pattern } : {}),
    ...(Array.isArray(value.enum) ? { enumValues: value.enum as string[] } : {}),
    ...(value['x-enumDescriptions'] ? { enumDescriptions: value['x-enumDescriptions'] as Record<string, string> } : {}),
    ...(typeof value.maxLength === 'number' ? { maxLength: value.maxLength } : {}),
    examples: examplesOf(node, own),
    date: value.format === 'edtf-date',
    ...(Array.isArray(references) ? { references: references as string[] } : {}),
    ...(typeof node['x-notBefore'] === 'string' ? { notBefore: node['x-notBefore'] } : {}),
    ...(typeof node['x-distinctFrom'] === 'string' ? { distinctFrom: node['x-distinctFrom'] } : {}),
    ...(node['x-endpoints'] ? { endpoints: node['x-endpoints'] as EndpointRules } : {}),
    ...(Array.isArray(node['x-acyclic']) ? { acyclic: node['x-acyclic'] as string[] } : {}),
    ...(Array.isArray(node['x-symmetric']) ? { symmetric: node['x-symmetric'] as string[] } : {}),
    ...(typeof node['x-formerly'] === 'string' ? { formerly: node['x-formerly'] } : {}),
    ...(typeof node['x-quoteOf'] === 'string' ? { quoteOf: node['x-quoteOf'] } : {}),
    publicationDate: node['x-publicationDate'] === true,
    nameKey: node['x-nameKey'] === true,
    publisher: node['x-publisher'] === true,
    ...(node['x-minPublishers'] ? { minPublishers: node['x-minPublishers'] as Record<string, number> } : {}),
    ...(node['x-throughLeader'] ? { throughLeader: node['x-throughLeader'] as Record<string, string> } : {}),
  };
}

function stringKeyword(schema: JsonSchema, key: string, where: string): string {
  const value = schema[key];
  if (typeof value !== 'string' || value === '') throw new SchemaError(`${where}: ${key} must be a non-empty string`);
  return value;
}

/** Orders tables so that each comes after the tables it references; the validator checks references while streaming. */
function dependencyOrder(tables: TableModel[]): TableModel[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const ordered: TableModel[] = [];
  const visiting = new Set<string>();
  const visit = (table: TableModel): void => {
    if (ordered.includes(table)) return;
    if (visiting.has(table.name)) throw new SchemaError(`tables reference each other in a cycle through ${table.name}`);
    visiting.add(table.name);
    for (const column of table.columns) {
      for (const name of column.references ?? []) {
        const target = byName.get(name);
        if (!target) throw new SchemaError(`${table.name}.${column.name} references unknown table ${name}`);
        if (target !== table) visit(target);
      }
    }
    visiting.delete(table.name);
    ordered.push(table);
  };
  tables.forEach(visit);
  return ordered;
}

/** A file or folder name inside the data folder, such as `actors.csv`: letters, digits, `.`, `-` and `_`, not starting with a dot. */
const PLAIN_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * The files a schema names (x-file, x-archive) are plain names inside the data folder, decided here,
 * so that nothing downstream ever sees a path that could lead out of it (the file system's edge,
 * files/confined.ts, still refuses one).
 */
function checkFilePaths(tables: readonly TableModel[]): void {
  const owners = new Map<string, string>();
  for (const table of tables) {
    const where = `${table.name}${TABLE_SUFFIX}`;
    if (!PLAIN_NAME.test(table.file))
      throw new SchemaError(
        `${where}: x-file must be the name of a file in the data folder, such as ${table.name}.csv (letters, digits, ".", "-" and "_"; no "/", "\\" or ".."), not ${shown(table.file)}`,
      );
    const owner = owners.get(table.file);
    if (owner) throw new SchemaError(`${where}: x-file ${table.file} is already the file of ${owner}`);
    owners.set(table.file, where);
    const archive = table.schema['x-archive'];
    if (archive !== undefined && !(typeof archive === 'string' && isArchiveTemplate(archive)))
      throw new SchemaError(
        `${where}: x-archive must be a path inside the data folder whose file name holds {id} once, such as archive/{id}.txt (folder and file names of letters, digits, ".", "-" and "_"), not ${shown(archive)}`,
      );
  }
}

/** `archive/{id}.txt`: plain folder names, then a file name that is plain once `{id}` (there once) is filled in. */
function isArchiveTemplate(template: string): boolean {
  const parts = template.split('/');
  const [before, after, ...more] = parts.pop()!.split('{id}');
  return after !== undefined && more.length === 0 && parts.every((part) => PLAIN_NAME.test(part)) && PLAIN_NAME.test(`${before}x${after}`);
}

/** A value from a schema, quoted and cut short, for a message. */
const shown = (value: unknown): string => {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 100 ? `${json.slice(0, 100)}…` : json;
};
