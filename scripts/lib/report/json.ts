import type { ValidationReport } from '../check/validate-dataset.ts';
import { json } from '../escape/json.ts';

/** Version of the JSON report's shape; raised when a field changes meaning or disappears. */
export const JSON_REPORT_VERSION = 1;

/** The `--format json` document, written by the JSON channel (values exact). Its shape is documented in README.md ("Validation report"). */
export function jsonReport(report: ValidationReport, dataDir: string): string {
  const rows = report.tables.reduce((sum, t) => sum + t.rows, 0);
  return `${json({
    reportVersion: JSON_REPORT_VERSION,
    valid: report.counts.error === 0,
    dataDir,
    summary: { errors: report.counts.error, warnings: report.counts.warning, info: report.counts.info, files: report.tables.length, rows },
    tables: report.tables,
    findings: report.findings,
    omitted: report.omitted,
  })}\n`;
}
