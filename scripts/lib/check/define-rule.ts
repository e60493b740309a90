import type { Rule, RuleContext, RuleHooks, RuleMeta } from './rule.ts';
import type { TableModel } from '../model/types.ts';
import { columnLetters, type Location } from './finding.ts';

/** Declares a rule: its catalogue entry and the hooks it runs. */
export function defineRule(meta: RuleMeta, create: (context: RuleContext) => RuleHooks): Rule {
  return { meta, create };
}

/** The location of a header cell (row 1). */
export function headerCell(path: string, name: string, index: number): Location {
  return { file: path, row: 1, line: 1, column: name, cell: `${columnLetters(index)}1`, value: name };
}

/** A per-table plan computed once, the first time a row of that table is seen (columns a rule needs, and the like). */
export function perTable<T>(compute: (table: TableModel) => T): (table: TableModel) => T {
  const plans = new Map<TableModel, T>();
  return (table) => {
    let plan = plans.get(table);
    if (plan === undefined) plans.set(table, (plan = compute(table)));
    return plan;
  };
}
