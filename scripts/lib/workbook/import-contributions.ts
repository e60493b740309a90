import type { DatasetModel } from '../model/types.ts';
import { textReport } from '../report/text.ts';
import { contributionsIn, removeContribution } from './contributions.ts';
import { importWorkbookFile } from './workbook-file.ts';

/**
 * What the job that runs after a merge does with the workbooks the pull request added
 * (`data/contributions/*.xlsx`): each that checks without an error is imported into the data folder
 * and removed, so that the one commit holds its tables and its removal; one with errors (which the
 * pull request's first job already showed) is left where it is, with its findings, and nothing of it
 * is written.
 */

export interface ContributionsImport {
  /** Files the import wrote or removed, relative to the repository (`data/allegiances.csv`, `data/contributions/new.xlsx`). */
  readonly paths: readonly string[];
  /** One line per workbook: what was done with it. */
  readonly lines: readonly string[];
  /** The report of each workbook left in place for its errors. */
  readonly reports: readonly string[];
}

export async function importContributions(model: DatasetModel, dataDir: string, displayDir: string): Promise<ContributionsImport> {
  const paths: string[] = [];
  const lines: string[] = [];
  const reports: string[] = [];
  for (const workbook of contributionsIn(dataDir, displayDir)) {
    if (workbook.refused) {
      reports.push(textReport(workbook.refused, { color: false }));
      lines.push(`${workbook.label} was left in place: it is not a workbook that can be imported.`);
      continue;
    }
    const outcome = await importWorkbookFile({ model, dataDir, displayDir, path: workbook.path, label: workbook.label, check: false, onlyIfValid: true });
    if (!outcome.written && (outcome.result.report.counts.error > 0 || outcome.result.blocking.length > 0)) {
      reports.push(textReport(outcome.result.report, { color: false }));
      lines.push(`${workbook.label} was left in place: it has errors, so nothing of it was imported.`);
      continue;
    }
    removeContribution(dataDir, workbook.path);
    paths.push(...outcome.changed, workbook.label);
    lines.push(
      outcome.changed.length
        ? `Imported ${workbook.label} into ${outcome.changed.join(', ')}, and removed it.`
        : `${workbook.label} changes nothing in ${displayDir}/; removed it.`,
    );
  }
  return { paths, lines, reports };
}
