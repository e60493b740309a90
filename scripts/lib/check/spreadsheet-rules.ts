import { diagnoseValue, type Diagnosis } from './spreadsheet-damage.ts';
import type { CellUnderCheck, RuleContext, RuleHooks } from './rule.ts';

/** An item that starts the way diagnoseValue looks at: a digit, a sign, `#` or `E`. */
const MAYBE_DAMAGED_ITEM = /(?:^|\|)[0-9+\-#E]/;

/** Reports the cells (or list items) whose spreadsheet diagnosis has the given code. */
export function reportDiagnoses(context: RuleContext, code: Diagnosis['code']): RuleHooks {
  return {
    cell(underCheck) {
      const { column, text } = underCheck;
      if (!column.list) return reportIf(context, code, underCheck, text);
      // Items of list cells are only split out when one could be a spreadsheet's rewrite.
      if (MAYBE_DAMAGED_ITEM.test(text) || column.date) for (const value of text.split('|')) reportIf(context, code, underCheck, value);
    },
  };
}

// A function of its own, not a closure made per cell: this runs for every cell of millions of rows.
function reportIf(context: RuleContext, code: Diagnosis['code'], underCheck: CellUnderCheck, value: string): void {
  const diagnosis = diagnoseValue(underCheck.column, value);
  if (diagnosis?.code !== code) return;
  const { messageId, hintId, data } = diagnosis;
  context.report({ ...underCheck.at(value), messageId, ...(hintId !== undefined ? { hintId } : {}), data });
}
