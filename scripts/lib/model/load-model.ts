import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readFileInside } from '../files/confined.ts';
import { buildModel, isSchemaFile, SchemaError } from './build-model.ts';
import { cachedPatternCheck } from './cached-pattern-check.ts';
import type { DatasetModel, JsonSchema } from './types.ts';

export { SchemaError, tableByName } from './build-model.ts';

/** The dataset's model from the schemas in `schemasDir` (each a file of that folder: a link out of it is refused). */
export function loadModel(schemasDir: string): DatasetModel {
  const files = readdirSync(schemasDir).filter(isSchemaFile);
  return modelFromTexts(new Map(files.map((file) => [file, () => readFileInside(schemasDir, file)])), schemasDir);
}

/** The dataset's model from schema files by name, each read when needed; `where` names their folder in messages. */
export function modelFromTexts(files: ReadonlyMap<string, () => Uint8Array>, where: string): DatasetModel {
  return buildModel(
    new Map([...files].filter(([file]) => isSchemaFile(file)).map(([file, read]) => [file, parseSchema(join(where, file), read)])),
    where,
    cachedPatternCheck(),
  );
}

function parseSchema(path: string, read: () => Uint8Array): JsonSchema {
  try {
    return JSON.parse(new TextDecoder().decode(read())) as JsonSchema;
  } catch (error) {
    throw new SchemaError(`cannot read schema ${path}: ${(error as Error).message}`);
  }
}
