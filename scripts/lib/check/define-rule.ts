import type { Rule, RuleContext, RuleHooks, RuleMeta, Stage } from './rule.ts';
import type { DatasetModel, TableModel } from '../model/types.ts';
import { columnLetters, type Location } from './finding.ts';
import { textArchive } from './archive.ts';
import { KeyIndex } from './key-index.ts';

/**
 * Declares a rule: its catalogue entry and the hooks it runs; its stages are read from those hooks.
 * The ids of its messages and hints are taken from the meta, so a report that names another fails tsc.
 */
export function defineRule<Id extends string, HintId extends string = never>(
  meta: RuleMeta & { readonly messages: Readonly<Record<Id, string>>; readonly hints?: Readonly<Record<HintId, string>> },
  create: (context: RuleContext<Id, HintId>) => RuleHooks,
): Rule {
  let stages: readonly Stage[] | undefined;
  return {
    meta,
    create,
    // Read on first use, not when the module loads: `create` may use classes its module declares further down.
    get stages() {
      return (stages ??= stagesOf(create(PROBE)));
    },
  };
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

function stagesOf(hooks: RuleHooks): Stage[] {
  return [...new Set(HOOK_STAGES.filter(([hook]) => hooks[hook] !== undefined).map(([, stage]) => stage))];
}

/**
 * A context with no tables and no data, only to see which hooks a rule returns: rules build their
 * plans from the model lazily, per table, and nothing is read or reported while no row is read.
 */
const NO_TABLES = { tables: [], schemas: [], defs: {} } as unknown as DatasetModel;
const PROBE: RuleContext = {
  model: NO_TABLES,
  validators: new Map(),
  keys: new KeyIndex(NO_TABLES),
  archive: textArchive('', new Map()),
  today: 0,
  report: () => {},
};

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
