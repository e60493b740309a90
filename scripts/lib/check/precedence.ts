import { hooksOf } from './define-rule.ts';
import type { ColumnModel, TableModel } from '../model/types.ts';
import type { Location } from './finding.ts';
import type { CellUnderCheck, ReportedFinding, Rule, RuleContext, RuleHooks } from './rule.ts';

/**
 * A tier of rules whose findings explain others on their cell: a value that a spreadsheet rewrote
 * (`2/1/2015`) is also not a valid date, and text that is garbled also fails its quote. One mistake
 * gets one finding, the one that names its cause.
 */
export interface Tier {
  readonly rules: readonly string[];
  /**
   * How a rule of the tier is known to report a cell: `cell check` — its `cell` hook reports the
   * value; `replaced bytes` — the reader replaced bytes of the cell that were not UTF-8 (the rule
   * reports those cells, or the file they make up).
   */
  readonly reports: 'cell check' | 'replaced bytes';
  /** Why its findings explain the others, for the reader of this table. */
  readonly because: string;
}

/**
 * Which finding wins on a cell, for every rule in one place: a finding of a tier hides, on the
 * same cell (or list item), the findings of later tiers and of rules in no tier. No rule needs to
 * know another: the engine applies this to each report as it is made, before the rule's cap counts
 * it, whichever thread runs the rules.
 */
export const PRECEDENCE: readonly Tier[] = [
  {
    rules: ['not-utf8'],
    reports: 'replaced bytes',
    because: 'what other rules see in the cell are the replacement characters, not the text the person wrote',
  },
  {
    rules: ['garbled-text'],
    reports: 'cell check',
    because: 'a garbled text also misses its quote, fails its pattern or has odd characters; restoring it fixes all of that',
  },
  {
    rules: ['spreadsheet-error-value', 'spreadsheet-number', 'spreadsheet-date'],
    reports: 'cell check',
    because:
      'a value a spreadsheet rewrote is also invalid, not found, or an id nothing refers to and no archived text has; writing back the original fixes all of that',
  },
];

/** What the engine knows of the cells of a table file it read: which it checked, and which held bytes that were not UTF-8. */
export interface FileCells {
  readonly table: TableModel;
  /** Whether cell checks ran on the file's readable rows at all (not in format's structure pass). */
  readonly cellsChecked: boolean;
  /** Data rows the cell checks did not run on (blank, broken quotes, shifted cells, no header). */
  readonly unchecked: Set<number>;
  /** Cells (`K5`) in which the reader replaced bytes that were not UTF-8. */
  readonly replaced: Set<string>;
}

/** Decides, for each report, whether a finding of an earlier tier explains it. Built once per run from the run's rules. */
export class CellPrecedence {
  readonly #tierOf = new Map<string, number>();
  /** Per tier that a cell check reports: the hooks of its rules, made to tell whether they report a value. */
  readonly #checks: { readonly tier: number; readonly hooks: readonly RuleHooks[] }[] = [];
  #replacedTier: number | undefined;
  readonly #heard = { reported: false };

  constructor(rules: readonly Rule[], context: Omit<RuleContext, 'report'>, tiers: readonly Tier[] = PRECEDENCE) {
    const present = new Set(rules.map((rule) => rule.meta.code));
    tiers.forEach((tier, index) => {
      const members = rules.filter((rule) => tier.rules.includes(rule.meta.code));
      for (const rule of members) this.#tierOf.set(rule.meta.code, index);
      if (tier.reports === 'replaced bytes' && tier.rules.some((code) => present.has(code))) this.#replacedTier ??= index;
      if (tier.reports === 'cell check' && members.length) {
        const heard = this.#heard;
        const listening: RuleContext = { ...context, report: () => void (heard.reported = true) };
        this.#checks.push({ tier: index, hooks: members.map((rule) => hooksOf(rule, listening)) });
      }
    });
  }

  /**
   * Whether a finding a rule (`code`) reports while row `row` of a file is read (0: not while a row
   * is read) could be explained, before it is built: false when nothing outranks the rule, or when
   * the file holds no replaced bytes and the cell checks did not run on the row, so that a costly
   * report past its rule's cap is only counted.
   */
  mayExplain(code: string, cells: FileCells | undefined, row: number): boolean {
    const tier = this.#tierOf.get(code) ?? Infinity;
    if (tier === 0) return false;
    // Outside a row the finding could be on any file's cells: build it and see.
    if (!cells || row === 0) return true;
    if (cells.replaced.size > 0 && this.#replacedTier !== undefined && this.#replacedTier < tier) return true;
    if (!cells.cellsChecked || cells.unchecked.has(row)) return false;
    return this.#checks.some((check) => check.tier < tier);
  }

  /** Whether the finding a rule (`code`) reports at `at` is explained by a finding of an earlier tier on the same cell. */
  explains(code: string, at: ReportedFinding, cells: FileCells | undefined): boolean {
    if (!cells || at.cell === undefined || at.row === undefined || at.row < 2) return false;
    const tier = this.#tierOf.get(code) ?? Infinity;
    if (this.#replacedTier !== undefined && this.#replacedTier < tier && cells.replaced.has(at.cell)) return true;
    if (!at.value || !at.column || !cells.cellsChecked || cells.unchecked.has(at.row)) return false;
    const column = cells.table.columns.find((c) => c.name === at.column);
    if (!column) return false;
    // Where the cell is, and nothing of the finding that asks.
    const location: Location = { file: at.file, row: at.row, ...(at.line !== undefined ? { line: at.line } : {}), column: column.name, cell: at.cell };
    for (const check of this.#checks) if (check.tier < tier && this.#reports(check.hooks, column, at.value, location)) return true;
    return false;
  }

  /** Whether one of the checks reports the text (an item of a list cell, or the whole cell). */
  #reports(hooks: readonly RuleHooks[], column: ColumnModel, text: string, at: Location): boolean {
    this.#heard.reported = false;
    const cell: CellUnderCheck = { column, text, at: (value) => ({ ...at, value: value ?? text }) };
    for (const hook of hooks) hook.cell?.(cell);
    return this.#heard.reported;
  }
}
