import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { isEdtfDate } from '../edtf.ts';
import { EXTENSION_KEYWORDS, type DatasetModel } from './types.ts';

/** A typed row: each present cell is a string, or an array of strings for list columns; empty cells are absent. */
export type RowRecord = Record<string, string | string[]>;

export interface RowValidator {
  /** Errors for every cell of the row, or an empty array when the row is valid. */
  (record: RowRecord): ErrorObject[];
}

/** One validator per table. A fast first pass stops at the first error; only rows that fail are re-checked for all errors. */
export function compileRowValidators(model: DatasetModel): Map<string, RowValidator> {
  const quick = newAjv(false, model);
  // The thorough validators are compiled only when a row first fails: valid data never pays for them.
  let thorough: Ajv2020 | undefined;
  return new Map(
    model.tables.map((table) => {
      const first = quick.getSchema(table.schemaId) as ValidateFunction;
      let all: ValidateFunction | undefined;
      const validate: RowValidator = (record) => {
        if (first(record)) return [];
        all ??= (thorough ??= newAjv(true, model)).getSchema(table.schemaId) as ValidateFunction;
        all(record);
        return all.errors ?? [];
      };
      return [table.name, validate];
    }),
  );
}

function newAjv(allErrors: boolean, model: DatasetModel): Ajv2020 {
  const ajv = new Ajv2020({ allErrors, strict: true, code: { optimize: true } });
  ajv.addVocabulary([...EXTENSION_KEYWORDS]);
  ajv.addFormat('edtf-date', { type: 'string', validate: isEdtfDate });
  for (const schema of model.schemas) ajv.addSchema(schema);
  return ajv;
}
