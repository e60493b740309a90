import { Ajv2020, type Options } from 'ajv/dist/2020.js';
import { schemaFileOf, SchemaError } from './build-model.ts';
import { FORMATS } from './formats.ts';
import { pointerToken } from './schema-walk.ts';
import { EXTENSION_KEYWORDS, type DatasetModel } from './types.ts';

/**
 * An ajv instance holding every schema of the model. Compiling schemas costs a few hundred
 * milliseconds at each start, so `npm run generate` writes this instance's code once
 * (generated/column-validators.ts) and only schemas that differ from it are compiled at run time.
 */
export function ajvFor(model: DatasetModel, code: Options['code'] = {}): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, code: { optimize: true, ...code } });
  ajv.addVocabulary([...EXTENSION_KEYWORDS]);
  for (const [name, format] of Object.entries(FORMATS)) ajv.addFormat(name, format);
  for (const schema of model.schemas) {
    // What the model does not read itself (a type name, a format, a keyword's value) ajv checks against
    // JSON Schema's own meta-schema: named, with the place, as a schema error rather than a crash.
    if (!ajv.validateSchema(schema)) {
      const [first] = ajv.errors ?? [];
      const file = schemaFileOf(model, schema);
      throw new SchemaError(
        `${file}#${first?.instancePath ?? ''}: ${first?.message ?? 'not a valid JSON Schema'} (JSON Schema 2020-12)`,
        file,
        first?.instancePath,
      );
    }
    ajv.addSchema(schema);
  }
  return ajv;
}

/**
 * Runs ajv's compilation of a column (or of every schema, without `at`), turning what ajv refuses (an
 * unknown format, strict mode's complaints) into a SchemaError: at the place ajv's message names
 * (`at "defs.schema.json#/$defs/Id"`), else at the column.
 */
export function compilingAt<T>(model: DatasetModel, at: { readonly file: string; readonly pointer: string } | undefined, compile: () => T): T {
  try {
    return compile();
  } catch (error) {
    if (error instanceof SchemaError) throw error;
    const message = (error as Error).message;
    const [, id, pointer = ''] = /at (?:path )?"([^"#]*)#([^"]*)"/.exec(message) ?? [];
    const schema = model.schemas.find((s) => s.$id === id);
    const place = schema ? { file: schemaFileOf(model, schema), pointer } : at;
    throw place
      ? new SchemaError(`${place.file}#${place.pointer}: ${message}`, place.file, place.pointer)
      : new SchemaError(`the schemas cannot be compiled: ${message}`);
  }
}

/** The reference to a column's own subschema, which its cells are validated against. */
export function columnSchemaRef(schemaId: string, column: string): string {
  return `${schemaId}#/properties/${pointerToken(column)}`;
}

/** One compiled validator per `table/column`. */
export function compileColumnValidators(model: DatasetModel): Map<string, (value: unknown) => boolean> {
  const ajv = ajvFor(model);
  return new Map(
    model.tables.flatMap((table) =>
      table.columns.map((column) => [
        `${table.name}/${column.name}`,
        compilingAt(model, { file: schemaFileOf(model, table.schema), pointer: `/properties/${pointerToken(column.name)}` }, () =>
          ajv.compile({ $ref: columnSchemaRef(table.schemaId, column.name) }),
        ),
      ]),
    ),
  );
}
