import { styleText } from 'node:util';
import { findingPlace, type Finding, type Severity } from '../check/finding.ts';
import type { ValidationReport } from '../check/validate-dataset.ts';
import * as terminal from '../escape/terminal.ts';
import { omittedLines, summaryLine } from './summary-line.ts';

type Style = Parameters<typeof styleText>[0];

const SEVERITY_STYLE: Record<Severity, Style> = { error: 'red', warning: 'yellow', info: 'cyan' };

/**
 * Human-readable report, grouped by file, one finding per entry with its fix. File names, messages and
 * hints are written by the terminal channel, whatever the rule put in them; the colours are added after.
 */
export function textReport(report: ValidationReport, options: { color: boolean; summary?: boolean }): string {
  // Whether to colour is decided by the caller (NO_COLOR, FORCE_COLOR, a terminal): styleText's own check of
  // process.stdout would also drop colours wherever CI is set, and could not see a stream other than stdout.
  const paint = (style: Style, text: string): string => (options.color ? styleText(style, text, { validateStream: false }) : text);
  const lines: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const finding of report.findings) {
    const inFile = byFile.get(finding.file);
    if (inFile) inFile.push(finding);
    else byFile.set(finding.file, [finding]);
  }
  for (const [file, findings] of byFile) {
    lines.push(paint('underline', terminal.text(file)));
    // A loop, not Math.max(...): a report can hold more findings than a call has room for arguments.
    let width = 0;
    for (const finding of findings) width = Math.max(width, place(finding).length);
    let previousHint: string | undefined;
    for (const finding of findings) {
      const where = place(finding).padEnd(width);
      const severity = paint(SEVERITY_STYLE[finding.severity], finding.severity.padEnd(7));
      lines.push(`  ${paint('bold', where)}  ${severity} ${terminal.text(finding.message)}  ${paint('dim', terminal.text(finding.code))}`);
      // A hint is said once for a run of findings that share it, such as every garbled cell of a file.
      if (finding.hint && finding.hint !== previousHint)
        lines.push(`  ${' '.repeat(width)}  ${' '.repeat(8)}${paint('dim', '→')} ${terminal.text(finding.hint)}`);
      previousHint = finding.hint;
    }
    lines.push('');
  }
  lines.push(...omittedLines(report).map(terminal.text));
  if (options.summary === false) return `${lines.join('\n')}\n`;
  const ok = report.counts.error === 0;
  lines.push(ok ? paint('green', `✔ valid: ${summaryLine(report)}`) : paint('red', `✖ invalid: ${summaryLine(report)}`));
  return `${lines.join('\n')}\n`;
}

/** `D14` (`allegiances!D14` in a workbook), or `row 7`, or `line 1`, or `-` — the most precise place a finding has. */
function place(finding: Finding): string {
  return terminal.text(findingPlace(finding) ?? (finding.line !== undefined ? `line ${finding.line}` : '-'));
}
