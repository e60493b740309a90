import { codeSpan } from '../escape/markdown.ts';
import { visible } from '../escape/visible.ts';

/** A finding is a plain value: where, what, and how to fix it. Nothing is printed until the CLI edge. */

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** Stable rule code, e.g. `reference-not-found`; see generated/RULES.md. */
  readonly code: string;
  readonly severity: Severity;
  /** Path of the file as the user would type it, e.g. `data/allegiances.csv`. */
  readonly file: string;
  /** Row number as a spreadsheet shows it (header = 1). */
  readonly row?: number;
  /** Physical line in the file where that row starts. */
  readonly line?: number;
  /** Column name from the schema or the header. */
  readonly column?: string;
  /** Spreadsheet cell reference, e.g. `D14`. */
  readonly cell?: string;
  /** The sheet of a workbook the finding is in (`file` is then the workbook), e.g. `allegiances`. */
  readonly sheet?: string;
  /** The offending value (for list cells, the offending item). */
  readonly value?: string;
  readonly message: string;
  readonly hint?: string;
}

/** Longest cell value a finding repeats; longer ones are cut and end with `…`. */
export const MAX_VALUE_LENGTH = 200;

/** Where a finding points; rules fill in what they know. */
export type Location = Pick<Finding, 'file' | 'row' | 'line' | 'column' | 'cell' | 'value'>;

/** Spreadsheet column letters for a 0-based column index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

export const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/** Orders findings by file (and sheet), then row, then column, so output reads top to bottom like the file. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.file.localeCompare(b.file) ||
    (a.sheet ?? '').localeCompare(b.sheet ?? '') ||
    (a.row ?? 0) - (b.row ?? 0) ||
    (a.cell ? cellColumn(a.cell) : -1) - (b.cell ? cellColumn(b.cell) : -1) ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    a.code.localeCompare(b.code)
  );
}

/** A sheet's name as a cell reference writes it: `allegiances`, or `'My sheet'` when it holds more than letters, digits, `_` and `.`. */
export function sheetName(name: string): string {
  return /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

/**
 * Where a finding is, as a person looks for it: the cell (`D14`, or in a workbook `allegiances!D14`),
 * else the row (`row 7`, `allegiances row 7`), else the sheet; undefined for a file as a whole.
 */
export function findingPlace(finding: Pick<Finding, 'sheet' | 'row' | 'cell'>): string | undefined {
  const sheet = finding.sheet === undefined ? undefined : sheetName(finding.sheet);
  if (finding.cell) return sheet === undefined ? finding.cell : `${sheet}!${finding.cell}`;
  if (finding.row !== undefined) return sheet === undefined ? `row ${finding.row}` : `${sheet} row ${finding.row}`;
  return sheet;
}

/** 0-based column index of a cell reference: `A1` → 0, `AA7` → 26. */
export function cellColumn(cell: string): number {
  let index = 0;
  for (const char of cell.match(/^[A-Z]+/)?.[0] ?? '') index = index * 26 + char.charCodeAt(0) - 64;
  return index - 1;
}

/**
 * Shows a value in a message: in a code span (backticks, more of them when the value holds one),
 * invisible characters made visible (`↵`, `⇥`, `␛`…), long values shortened. A message is plain text
 * in which values stand in code spans; each reporter writes it for its reader (scripts/lib/escape/).
 */
export function show(value: string, max = 60): string {
  const shown = visible(value);
  return codeSpan(shown.length > max ? `${shown.slice(0, max - 1)}…` : shown);
}

/** Context shown before and after the first difference of two long texts. */
const BEFORE = 20;
const AFTER = 30;

/** Two versions of a text as a message shows them: whole when short, else from a little before where they first differ. */
export function showDifference(before: string, after: string): [string, string] {
  if (before.length <= BEFORE + AFTER && after.length <= BEFORE + AFTER) return [show(before), show(after)];
  let same = 0;
  while (same < after.length && before[same] === after[same]) same++;
  const from = Math.max(0, same - BEFORE);
  const cut = (text: string): string => `${from > 0 ? '…' : ''}${text.slice(from, same + AFTER)}${text.length > same + AFTER ? '…' : ''}`;
  return [show(cut(before), 80), show(cut(after), 80)];
}

/** Counts by severity of the findings kept and of those only counted past a rule's cap. */
export function countFindings(findings: readonly Finding[], omitted: readonly { severity: Severity; count: number }[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  for (const entry of omitted) counts[entry.severity] += entry.count;
  return counts;
}
