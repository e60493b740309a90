import { Ajv2020, type Options } from 'ajv/dist/2020.js';
import { FORMATS } from './formats.ts';
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
  for (const schema of model.schemas) ajv.addSchema(schema);
  return ajv;
}

/** The reference to a column's own subschema, which its cells are validated against. */
export function columnSchemaRef(schemaId: string, column: string): string {
  return `${schemaId}#/properties/${column.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/** One compiled validator per `table/column`. */
export function compileColumnValidators(model: DatasetModel): Map<string, (value: unknown) => boolean> {
  const ajv = ajvFor(model);
  return new Map(
    model.tables.flatMap((table) =>
      table.columns.map((column) => [`${table.name}/${column.name}`, ajv.compile({ $ref: columnSchemaRef(table.schemaId, column.name) })]),
    ),
  );
}
