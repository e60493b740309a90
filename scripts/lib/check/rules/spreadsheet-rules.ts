import { diagnoseValue, type Diagnosis } from '../spreadsheet-damage.ts';
import type { RuleContext, RuleHooks } from '../rule.ts';

/** An item that starts the way diagnoseValue looks at: a digit, a sign, `#` or `E`. */
const MAYBE_DAMAGED_ITEM = /(?:^|\|)[0-9+\-#E]/;

/** Reports the cells (or list items) whose spreadsheet diagnosis has the given code. */
export function reportDiagnoses(context: RuleContext, code: Diagnosis['code']): RuleHooks {
  return {
    cell(row, column, cell) {
      const check = (value: string): void => {
        const diagnosis = diagnoseValue(column, value);
        if (diagnosis?.code === code) context.report({ ...row.at(column.name, value), message: diagnosis.message, hint: diagnosis.hint });
      };
      if (!column.list) return check(cell);
      // Items of list cells are only split out when one could be a spreadsheet's rewrite.
      if (MAYBE_DAMAGED_ITEM.test(cell) || column.date) for (const value of cell.split('|')) check(value);
    },
  };
}
