import { diagnoseValue, type Diagnosis } from './spreadsheet-damage.ts';
import type { CheckedRow, RuleContext, RuleHooks } from './rule.ts';
import type { ColumnModel } from '../model/types.ts';

/** An item that starts the way diagnoseValue looks at: a digit, a sign, `#` or `E`. */
const MAYBE_DAMAGED_ITEM = /(?:^|\|)[0-9+\-#E]/;

/** Reports the cells (or list items) whose spreadsheet diagnosis has the given code. */
export function reportDiagnoses(context: RuleContext, code: Diagnosis['code']): RuleHooks {
  return {
    cell(row, column, cell) {
      if (!column.list) return reportIf(context, code, row, column, cell);
      // Items of list cells are only split out when one could be a spreadsheet's rewrite.
      if (MAYBE_DAMAGED_ITEM.test(cell) || column.date) for (const value of cell.split('|')) reportIf(context, code, row, column, value);
    },
  };
}

// A function of its own, not a closure made per cell: this runs for every cell of millions of rows.
function reportIf(context: RuleContext, code: Diagnosis['code'], row: CheckedRow, column: ColumnModel, value: string): void {
  const diagnosis = diagnoseValue(column, value);
  if (diagnosis?.code !== code) return;
  const { messageId, hintId, data } = diagnosis;
  context.report({ ...row.at(column.name, value), messageId, ...(hintId !== undefined ? { hintId } : {}), data });
}
