import { cellValue, type ColumnValidator } from '../../model/cell-validator.ts';
import type { TableModel } from '../../model/types.ts';
import { columnLetters, show } from '../finding.ts';
import { defineRule } from '../define-rule.ts';

/** Widest header whose rows are searched for the cell that held a comma. */
const MAX_SPLIT_WIDTH = 100;

/**
 * Where an unquoted comma probably split a cell: the one position at which joining the extra cells
 * back (with commas) gives a row whose every cell fits its column. Undefined when no position, or
 * more than one, does.
 */
export function probableSplit(
  table: TableModel,
  header: readonly string[],
  cells: readonly string[],
  validators: ReadonlyMap<string, ColumnValidator>,
): { index: number; value: string } | undefined {
  const extra = cells.length - header.length;
  // Each position costs a pass over the row: a header of thousands of columns is not a table of ours anyway.
  if (header.length > MAX_SPLIT_WIDTH) return undefined;
  const columns = header.map((name) => table.columns.find((c) => c.name === name));
  const fits: { index: number; value: string }[] = [];
  for (let index = 0; index < header.length; index++) {
    const joined = [...cells.slice(0, index), cells.slice(index, index + extra + 1).join(','), ...cells.slice(index + extra + 1)];
    const valid = joined.every((cell, i) => {
      const column = columns[i];
      if (!column) return true;
      if (cell === '') return !column.required;
      return validators.get(column.name)!(cellValue(column, cell)).length === 0;
    });
    if (valid) fits.push({ index, value: joined[index]! });
  }
  return fits.length === 1 ? fits[0] : undefined;
}

export default defineRule(
  {
    code: 'too-many-cells',
    severity: 'error',
    stages: ['raw row'],
    title: 'Row has more cells than the header',
    description:
      'A row with more cells than the header usually has an unquoted comma inside a cell, which splits it and shifts every cell after it one column right, even when the extra cell at the end is empty. `npm run format` refuses such a file, since it would keep the shift. Where joining two adjacent cells with a comma makes every cell of the row fit its column, the message names the cell that held the comma.',
    fix: 'Put the cell that holds a comma in double quotes (every spreadsheet does when it saves), or remove the comma.',
    messages: {
      split:
        'Row has {cells} cells but the header has {width}: the comma in {value} probably split {cell} ({column}) in two, and moved every cell after it one column right.',
      emptyExtra:
        'Row has {cells} cells but the header has {width}; the cells past the last column are empty, but a comma in a cell may have moved the cells after it one column right.',
      outside: 'Row has {cells} cells but the header has {width}; {value} is outside every column.',
    },
    hints: {
      split:
        'Put that cell in double quotes, {quoted} (a spreadsheet does when it saves), or remove the comma; `npm run format` leaves the file alone until then.',
      findComma:
        'A comma inside a cell splits it in two unless the cell is in double quotes: find the cell of this row with a comma and quote it (a spreadsheet does when it saves), or remove the comma.',
    },
  },
  (context) => {
    return {
      rawRow(raw, file) {
        const width = file.header.length;
        if (width === 0 || raw.cells.length <= width || raw.quoteProblem) return;
        // A function: trying every split costs a schema check per cell and position.
        context.report(() => {
          const split = probableSplit(file.table, file.header, raw.cells, context.validators.get(file.table.name)!);
          const counts = { cells: raw.cells.length, width };
          const where = { file: file.path, row: raw.row, line: raw.line };
          if (split) {
            const column = file.header[split.index]!;
            const cell = `${columnLetters(split.index)}${raw.row}`;
            return {
              ...where,
              column,
              cell,
              value: split.value,
              messageId: 'split',
              data: { ...counts, value: show(split.value), cell, column, quoted: show(`"${split.value}"`) },
            };
          }
          const extra = raw.cells.slice(width);
          const firstFilled = Math.max(
            0,
            extra.findIndex((cell) => cell !== ''),
          );
          return {
            ...where,
            cell: `${columnLetters(width + firstFilled)}${raw.row}`,
            value: extra[firstFilled]!,
            messageId: extra[firstFilled] === '' ? 'emptyExtra' : 'outside',
            hintId: 'findComma',
            data: { ...counts, value: show(extra[firstFilled]!) },
          };
        });
      },
    };
  },
);
