import { findingPlace, type Finding } from '../check/finding.ts';
import type { ValidationReport } from '../check/validate-dataset.ts';
import * as markdown from '../escape/markdown.ts';
import * as workflow from '../escape/workflow-commands.ts';
import { omittedLines, summaryLine } from './summary-line.ts';

/** GitHub shows at most this many annotations of each level per step. */
export const ANNOTATIONS_PER_LEVEL = 10;

/** Character column of a finding's cell, where the CLI could work it out from the file. */
export type ColumnOf = (finding: Finding) => { line: number; col: number } | undefined;

/**
 * Workflow commands (`::error file=…,line=…,col=…,title=…::…`) for the first errors and warnings, and
 * a count of the rest. Each is written by the workflow-command channel, whatever its message holds.
 */
export function githubAnnotations(report: ValidationReport, columnOf: ColumnOf = () => undefined): string {
  const out: string[] = [];
  for (const level of ['error', 'warning'] as const) {
    const findings = report.findings.filter((f) => f.severity === level);
    for (const finding of findings.slice(0, ANNOTATIONS_PER_LEVEL)) {
      const position = columnOf(finding);
      const where = finding.cell || finding.sheet !== undefined ? findingPlace(finding) : undefined;
      const title = `${finding.code}${where ? ` (${where})` : ''}`;
      const properties = { file: finding.file, line: position?.line ?? finding.line, col: position?.col, title };
      out.push(workflow.command(level, properties, finding.hint ? `${finding.message} ${finding.hint}` : finding.message));
    }
    const total = report.counts[level];
    const shown = Math.min(findings.length, ANNOTATIONS_PER_LEVEL);
    if (total > shown)
      out.push(
        workflow.command(
          'notice',
          { title: `${total - shown} more ${level}s` },
          `GitHub shows ${ANNOTATIONS_PER_LEVEL} ${level} annotations per step; ${total - shown} more ${level}s are listed in the job summary and the log.`,
        ),
      );
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

/** A Markdown section for $GITHUB_STEP_SUMMARY listing every finding, each cell written by the Markdown channel; `title` names what was checked. */
export function githubStepSummary(report: ValidationReport, title = 'Data validation'): string {
  const ok = report.counts.error === 0;
  const lines = [`## ${markdown.text(title)}: ${ok ? '✅ valid' : '❌ invalid'}`, '', markdown.text(summaryLine(report)), ''];
  if (report.findings.length) {
    const rows = report.findings.map((f) => {
      const icon = f.severity === 'error' ? '❌' : f.severity === 'warning' ? '⚠️' : 'ℹ️';
      const where = findingPlace(f) ?? '';
      return [icon, markdown.text(f.file), markdown.text(where), markdown.code(f.code), markdown.message(f.message), markdown.message(f.hint ?? '')];
    });
    lines.push(...markdown.table(['', 'File', 'Cell', 'Rule', 'Problem', 'Fix'], rows), '');
  }
  lines.push(...omittedLines(report).map((l) => `${markdown.text(l)}\n`));
  return `${lines.join('\n')}\n`;
}
