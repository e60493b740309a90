import { diagnoseValue, type Diagnosis } from '../spreadsheet-damage.ts';
import type { RuleContext, RuleHooks } from '../rule.ts';
import { filledCells } from './define.ts';

/** Reports the cells (or list items) whose spreadsheet diagnosis has the given code. */
export function reportDiagnoses(context: RuleContext, code: Diagnosis['code']): RuleHooks {
  return {
    row(row) {
      for (const { column, cell } of filledCells(row)) {
        for (const value of column.list ? cell.split('|') : [cell]) {
          const diagnosis = diagnoseValue(column, value);
          if (diagnosis?.code !== code) continue;
          context.report({ ...row.at(column.name, value), message: diagnosis.message, hint: diagnosis.hint });
        }
      }
    },
  };
}
