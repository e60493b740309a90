import type { Finding } from '../check/finding.ts';
import type { ValidationReport } from '../check/validate-dataset.ts';
import { omittedLines, summaryLine } from './summary-line.ts';

/** GitHub shows at most this many annotations of each level per step. */
export const ANNOTATIONS_PER_LEVEL = 10;

/** Character column of a finding's cell, where the CLI could work it out from the file. */
export type ColumnOf = (finding: Finding) => { line: number; col: number } | undefined;

/** Workflow commands (`::error file=…,line=…,col=…,title=…::…`) for the first errors and warnings, and a count of the rest. */
export function githubAnnotations(report: ValidationReport, columnOf: ColumnOf = () => undefined): string {
  const out: string[] = [];
  for (const level of ['error', 'warning'] as const) {
    const findings = report.findings.filter((f) => f.severity === level);
    for (const finding of findings.slice(0, ANNOTATIONS_PER_LEVEL)) {
      const position = columnOf(finding);
      const line = position?.line ?? finding.line;
      const properties = [
        `file=${escapeProperty(finding.file)}`,
        ...(line !== undefined ? [`line=${line}`] : []),
        ...(position ? [`col=${position.col}`] : []),
        `title=${escapeProperty(`${finding.code}${finding.cell ? ` (${finding.cell})` : ''}`)}`,
      ];
      out.push(`::${level} ${properties.join(',')}::${escapeData(finding.hint ? `${finding.message} ${finding.hint}` : finding.message)}`);
    }
    const total = report.counts[level];
    const shown = Math.min(findings.length, ANNOTATIONS_PER_LEVEL);
    if (total > shown)
      out.push(
        `::notice title=${escapeProperty(`${total - shown} more ${level}s`)}::${escapeData(`GitHub shows ${ANNOTATIONS_PER_LEVEL} ${level} annotations per step; ${total - shown} more ${level}s are listed in the job summary and the log.`)}`,
      );
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

/** A Markdown section for $GITHUB_STEP_SUMMARY listing every finding. */
export function githubStepSummary(report: ValidationReport): string {
  const ok = report.counts.error === 0;
  const lines = [`## Data validation: ${ok ? '✅ valid' : '❌ invalid'}`, '', summaryLine(report), ''];
  if (report.findings.length) {
    lines.push('| | File | Cell | Rule | Problem | Fix |', '|---|---|---|---|---|---|');
    for (const f of report.findings) {
      const icon = f.severity === 'error' ? '❌' : f.severity === 'warning' ? '⚠️' : 'ℹ️';
      const where = f.cell ?? (f.row !== undefined ? `row ${f.row}` : '');
      lines.push(`| ${icon} | ${cellText(f.file)} | ${cellText(where)} | \`${f.code}\` | ${cellText(f.message)} | ${cellText(f.hint ?? '')} |`);
    }
    lines.push('');
  }
  lines.push(...omittedLines(report).map((l) => `${l}\n`));
  return `${lines.join('\n')}\n`;
}

function cellText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n|\r/g, ' ');
}

/** Escaping rules of GitHub workflow commands. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
