import type { ColumnModel } from '../model/types.ts';
import { show } from './finding.ts';
import type { CellError, CheckedRow, ReportedFinding, RuleContext, RuleHooks } from './rule.ts';

/** Hooks that report the row's schema errors of the given keywords, one finding per cell or list item. */
export function reportCellErrors<Id extends string, HintId extends string>(
  context: RuleContext<Id, HintId>,
  keywords: readonly string[],
  describe: (error: CellError, row: CheckedRow) => Described<NoInfer<Id>, NoInfer<HintId>>,
): RuleHooks {
  return {
    row(row) {
      for (const error of row.cellErrors) {
        if (!keywords.includes(error.keyword)) continue;
        context.report(() => ({ ...row.at(error.column.name, error.value), ...describe(error, row) }));
      }
    },
  };
}

/** `the 2nd item` of a list, for messages. */
export function itemLabel(error: CellError): string {
  if (error.item === undefined) return 'the cell';
  return `the ${ordinal(error.item + 1)} item`;
}

/** `2nd`, `3rd`, `11th`. */
export function ordinal(n: number): string {
  const suffix = n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

/**
 * The items of a list value typed with `,`, `;` or spaces between them instead of `|`, when each
 * of them has the form of an item of the column (an id, a country code…); otherwise undefined.
 */
export function misseparatedItems(column: ColumnModel, value: string): string[] | undefined {
  if (!column.list || !/[,;\s]/.test(value.trim())) return undefined;
  const items = value.split(/\s*[,;]\s*|\s+/).filter((item) => item !== '');
  if (items.length < 2) return undefined;
  const pattern = column.pattern === undefined ? undefined : new RegExp(column.pattern, 'u');
  const fits = (item: string): boolean => (pattern ? pattern.test(item) : (column.enumValues?.includes(item) ?? false));
  return items.every(fits) ? items : undefined;
}

/** The message of a rule about a cell's schema error: which of its templates, with what data. */
export type Described<Id extends string = string, HintId extends string = string> = Pick<ReportedFinding<Id, HintId>, 'messageId' | 'hintId' | 'data'>;

/** The templates of `misseparatedList`, for the meta of each rule that reports it. */
export const MISSEPARATED = {
  messages: { misseparated: '{value} in {column} is {count} items separated by {separator}: items of a list are separated by `|`.' },
  hints: { misseparated: 'Write {joined}; `npm run format -- --fix` does when every item is {itemKind}.' },
} as const;

/** The message for a list typed with the wrong separator. */
export function misseparatedList(column: ColumnModel, value: string, items: readonly string[]): Described<'misseparated', never> {
  const separator = /;/.test(value) ? '`;`' : /,/.test(value) ? '`,`' : 'spaces';
  return {
    messageId: 'misseparated',
    data: {
      value: show(value),
      column: column.name,
      count: items.length,
      separator,
      joined: show(items.join('|')),
      itemKind: column.references ? 'a known id' : 'a valid value',
    },
  };
}
