import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildModel, isSchemaFile, SchemaError } from './build-model.ts';
import { cachedPatternCheck } from './cached-pattern-check.ts';
import type { DatasetModel, JsonSchema } from './types.ts';

export { SchemaError, tableByName } from './build-model.ts';

/** The dataset's model from the schemas in `schemasDir`. */
export function loadModel(schemasDir: string): DatasetModel {
  const files = readdirSync(schemasDir).filter(isSchemaFile);
  return buildModel(new Map(files.map((file) => [file, readJson(join(schemasDir, file))])), schemasDir, cachedPatternCheck());
}

function readJson(path: string): JsonSchema {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as JsonSchema;
  } catch (error) {
    throw new SchemaError(`cannot read schema ${path}: ${(error as Error).message}`);
  }
}
