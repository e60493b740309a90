import type { ColumnModel } from '../model/types.ts';
import { show } from './finding.ts';
import type { CellError, CheckedRow, RuleContext, RuleHooks } from './rule.ts';
import { diagnoseValue } from './spreadsheet-damage.ts';

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

/** The message for a list typed with the wrong separator. */
export function misseparatedList(column: ColumnModel, value: string, items: readonly string[]): { message: string; hint: string } {
  const separator = /;/.test(value) ? '`;`' : /,/.test(value) ? '`,`' : 'spaces';
  return {
    message: `${show(value)} in ${column.name} is ${items.length} items separated by ${separator}: items of a list are separated by \`|\`.`,
    hint: `Write ${show(items.join('|'))}; \`npm run format -- --fix\` does when every item is ${column.references ? 'a known id' : 'a valid value'}.`,
  };
}
