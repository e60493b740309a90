import type { ValidationReport } from '../check/validate-dataset.ts';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `2 errors, 1 warning in 4 files (123 rows)` */
export function summaryLine(report: ValidationReport): string {
  const rows = report.tables.reduce((sum, t) => sum + t.rows, 0);
  const { error, warning, info } = report.counts;
  const parts = [plural(error, 'error'), plural(warning, 'warning'), ...(info ? [`${info} info`] : [])];
  return `${parts.join(', ')} in ${plural(report.tables.length, 'file')} (${plural(rows, 'row')})`;
}

export function omittedLines(report: ValidationReport): string[] {
  return report.omitted.map((o) => `${o.count} more ${o.code} ${o.count === 1 ? 'finding was' : 'findings were'} not listed (limit per rule reached).`);
}
