import type { Rule, RuleContext, RuleHooks, RuleMeta, Stage } from './rule.ts';
import type { TableModel } from '../model/types.ts';
import { columnLetters, type Location } from './finding.ts';

/**
 * Declares a rule: its catalogue entry and the hooks it runs. The stages the meta declares are the
 * rule's; the engine checks them against the hooks `create` returns (see `hooksOf`).
 * The ids of its messages and hints are taken from the meta, so a report that names another fails tsc.
 */
export function defineRule<Id extends string, HintId extends string = never>(
  meta: RuleMeta & { readonly messages: Readonly<Record<Id, string>>; readonly hints?: Readonly<Record<HintId, string>> },
  create: (context: RuleContext<Id, HintId>) => RuleHooks,
): Rule {
  return { meta, stages: meta.stages, create };
}

/** Which stage each hook belongs to, in pipeline order. */
const HOOK_STAGES: readonly (readonly [keyof RuleHooks, Stage])[] = [
  ['file', 'file'],
  ['fileEnd', 'file'],
  ['rawRow', 'raw row'],
  ['row', 'row'],
  ['cell', 'cell'],
  ['end', 'dataset'],
];

/** The stages of the hooks a rule returned, in pipeline order. */
export function stagesOf(hooks: RuleHooks): Stage[] {
  return [...new Set(HOOK_STAGES.filter(([hook]) => hooks[hook] !== undefined).map(([, stage]) => stage))];
}

/** The hooks a rule's `create` returned for a run, refused (a defect of the rule, not of the data) unless they are of the stages its meta declares. */
export function hooksOf(rule: Rule, context: RuleContext): RuleHooks {
  const hooks = rule.create(context);
  const returned = stagesOf(hooks);
  if (returned.join() !== [...rule.meta.stages].join())
    throw new Error(
      `rule ${rule.meta.code} declares the stages ${rule.meta.stages.join(', ') || 'none'} but its create() returned hooks of ${returned.join(', ') || 'none'}`,
    );
  return hooks;
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
