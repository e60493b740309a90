import type { CellError, CheckedRow, RuleContext, RuleHooks } from '../rule.ts';
import { diagnoseValue } from '../spreadsheet-damage.ts';

/** Hooks that report the row's schema errors of the given keywords, one finding per cell or list item. */
export function reportCellErrors(
  context: RuleContext,
  keywords: readonly string[],
  describe: (error: CellError, row: CheckedRow) => { message: string; hint?: string },
): RuleHooks {
  return {
    row(row) {
      for (const error of row.cellErrors) {
        if (!keywords.includes(error.keyword)) continue;
        // A value a spreadsheet rewrote gets one finding that says so (spreadsheet-*), not a second, vaguer one.
        if (diagnoseValue(error.column, error.value)) continue;
        context.report(() => {
          const { message, hint } = describe(error, row);
          return { ...row.at(error.column.name, error.value), message, ...(hint ? { hint } : {}) };
        });
      }
    },
  };
}

/** `the 2nd item` of a list, for messages. */
export function itemLabel(error: CellError): string {
  if (error.item === undefined) return 'the cell';
  const n = error.item + 1;
  const suffix = n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th';
  return `the ${n}${suffix} item`;
}
