import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { isEdtfDate } from '../edtf.ts';
import { EXTENSION_KEYWORDS, type ColumnModel, type DatasetModel } from './types.ts';

/** A typed row: each present cell is a string, or an array of strings for list columns; empty cells are absent. */
export type RowRecord = Record<string, string | string[]>;

/** A cell's typed value: the string, or the items of a list cell. */
export type CellValue = string | string[];

export interface ColumnValidator {
  /** ajv's errors for one non-empty cell, paths relative to the cell (`/2` for the third list item); empty when valid. */
  (value: CellValue): readonly ErrorObject[];
}

const VALID: readonly ErrorObject[] = [];

/**
 * One validator per table and column, against the column's own subschema. Table schemas cannot tie
 * columns together (load-model refuses such keywords), so a row is valid exactly when each of its
 * cells is, and a cell's verdict depends on nothing but its column and text: callers may reuse it.
 */
export function compileColumnValidators(model: DatasetModel): Map<string, Map<string, ColumnValidator>> {
  const ajv = new Ajv2020({ allErrors: true, strict: true, code: { optimize: true } });
  ajv.addVocabulary([...EXTENSION_KEYWORDS]);
  ajv.addFormat('edtf-date', { type: 'string', validate: isEdtfDate });
  for (const schema of model.schemas) ajv.addSchema(schema);
  return new Map(
    model.tables.map((table) => [
      table.name,
      new Map(
        table.columns.map((column): [string, ColumnValidator] => {
          const validate: ValidateFunction = ajv.compile({ $ref: `${table.schemaId}#/properties/${pointerToken(column.name)}` });
          return [column.name, (value) => (validate(value) ? VALID : (validate.errors ?? VALID))];
        }),
      ),
    ]),
  );
}

/** The typed value of a non-empty cell: list cells split on `|`. */
export function cellValue(column: ColumnModel, cell: string): CellValue {
  return column.list ? cell.split('|') : cell;
}

/** A value as a person types it in a cell (a schema example, say): a list's items joined with `|`. */
export function asTyped(value: unknown): string {
  return Array.isArray(value) ? value.map(String).join('|') : String(value);
}

function pointerToken(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}
