import type { ErrorObject } from 'ajv';
import type { ColumnModel, DatasetModel } from './types.ts';

/** A typed row: each present cell is a string, or an array of strings for list columns; empty cells are absent. */
export type RowRecord = Record<string, string | string[]>;

/** A cell's typed value: the string, or the items of a list cell. */
export type CellValue = string | string[];

export interface ColumnValidator {
  /** ajv's errors for one non-empty cell, paths relative to the cell (`/2` for the third list item); empty when valid. */
  (value: CellValue): readonly ErrorObject[];
}

/** An ajv validate function, compiled now or generated ahead of time: true, or false with `errors` set. */
type ValidateFunction = ((value: unknown) => boolean) & { errors?: ErrorObject[] | null };

const VALID: readonly ErrorObject[] = [];

/**
 * One validator per table and column, against the column's own subschema. Table schemas cannot tie
 * columns together (load-model refuses such keywords), so a row is valid exactly when each of its
 * cells is, and a cell's verdict depends on nothing but its column and text: callers may reuse it.
 *
 * The code `npm run generate` wrote for the repository's schemas is used when the model's schemas are
 * exactly those; any others (`--schemas DIR`, a release's own schemas, a test's) are compiled here.
 */
export async function columnValidators(model: DatasetModel): Promise<Map<string, Map<string, ColumnValidator>>> {
  const compiled = (await precompiledFor(model)) ?? (await import('./compile-validators.ts')).compileColumnValidators(model);
  return new Map(
    model.tables.map((table) => [
      table.name,
      new Map(
        table.columns.map((column): [string, ColumnValidator] => {
          const validate = compiled.get(`${table.name}/${column.name}`) as ValidateFunction;
          return [column.name, (value) => (validate(value) ? VALID : (validate.errors ?? VALID))];
        }),
      ),
    ]),
  );
}

async function precompiledFor(model: DatasetModel): Promise<ReadonlyMap<string, ValidateFunction> | undefined> {
  try {
    const generated = await import('../../../generated/column-validators.ts');
    return JSON.stringify(model.schemas) === generated.SCHEMAS ? (generated.VALIDATORS as ReadonlyMap<string, ValidateFunction>) : undefined;
  } catch {
    return undefined; // not generated yet: `npm run generate` writes it
  }
}

/** The typed value of a non-empty cell: list cells split on `|`. */
export function cellValue(column: ColumnModel, cell: string): CellValue {
  return column.list ? cell.split('|') : cell;
}

/** A value as a person types it in a cell (a schema example, say): a list's items joined with `|`. */
export function asTyped(value: unknown): string {
  return Array.isArray(value) ? value.map(String).join('|') : String(value);
}
