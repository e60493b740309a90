import { WORKBOOK_RULES } from '../workbook/workbook-rules.ts';
import type { Rule } from './rule.ts';
import { RULES } from './rules/index.ts';

/**
 * Every finding code there is, for the catalogues (generated/RULES.md, the README's table, the site's
 * rules.html): the engine's rules, then those of reading a workbook, whose findings the workbook reader
 * makes before the engine sees its tables.
 */
export const CATALOGUE: readonly Rule[] = [...RULES, ...WORKBOOK_RULES];
