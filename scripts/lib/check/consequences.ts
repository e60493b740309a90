import type { Finding, Severity } from './finding.ts';

/**
 * Drops the findings that another finding on the same cell explains: a cell that is garbled, or
 * holds bytes that are not UTF-8, gets that one finding, not also `quote-not-found` or
 * `hidden-characters` for the damage. `outranking` holds the codes whose findings explain their cell.
 */
export function withoutConsequences(findings: readonly Finding[], outranking: ReadonlySet<string>): Finding[] {
  const explained = new Set<string>();
  for (const finding of findings) if (outranking.has(finding.code) && finding.cell) explained.add(cellKey(finding));
  if (explained.size === 0) return [...findings];
  return findings.filter((finding) => outranking.has(finding.code) || !finding.cell || !explained.has(cellKey(finding)));
}

const cellKey = (finding: Finding): string => `${finding.file}\u0000${finding.cell}`;

/** Counts by severity of the findings kept and of those only counted past a rule's cap. */
export function countFindings(findings: readonly Finding[], omitted: readonly { severity: Severity; count: number }[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  for (const entry of omitted) counts[entry.severity] += entry.count;
  return counts;
}
