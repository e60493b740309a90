import { basename, join } from 'node:path';
import type { ValidationReport } from '../check/check-dataset.ts';
import { countFindings } from '../check/finding.ts';
import { filesInside, removeInside } from '../files/confined.ts';
import { unreadableWorkbook } from './sheet-tables.ts';

/**
 * The workbooks a pull request proposes: files in the data folder's `contributions/`, each imported
 * by the pull request's first job with `--check` (its findings), and after the merge into the data
 * folder, then removed (`npm run refresh`, in the job that commits derived files).
 */
export const CONTRIBUTIONS_FOLDER = 'contributions';

export interface Contribution {
  readonly path: string;
  /** As findings name it (`data/contributions/new-rows.xlsx`). */
  readonly label: string;
  /** For a file that is not an .xlsx workbook: the report that says so, and it is not read. */
  readonly refused?: ValidationReport;
}

/** What a file that is not an .xlsx is taken to be, by its name, and what to do. */
const NOT_XLSX: readonly [RegExp, string][] = [
  [/\.ods$/i, 'it is an OpenDocument spreadsheet (.ods); in LibreOffice use File › Save As › “Excel 2007-365 (.xlsx)”'],
  [/\.(xls|xlsb|xlsm)$/i, 'it is not an .xlsx workbook; in Excel use File › Save As › “Excel Workbook (.xlsx)”'],
  [/\.numbers$/i, 'it is a Numbers document; use File › Export To › Excel…'],
  [/\.(csv|tsv|txt)$/i, 'it is not a workbook; a table saved as CSV goes in place of its file in the data folder (`allegiances.csv`)'],
];

/** The files of the contributions folder, in name order: the README that explains the folder and hidden files left out. */
export function contributionsIn(dataDir: string, displayDir: string): Contribution[] {
  return filesInside(dataDir, CONTRIBUTIONS_FOLDER)
    .filter((path) => !/^readme(\.md)?$/i.test(basename(path)) && !basename(path).startsWith('.'))
    .map((path) => {
      const label = `${displayDir}/${path}`;
      const contribution = { path: join(dataDir, path), label };
      if (/\.xlsx$/i.test(path)) return contribution;
      const why = NOT_XLSX.find(([name]) => name.test(path))?.[1] ?? 'only .xlsx workbooks are read from this folder';
      const { findings, omitted } = unreadableWorkbook(label, why);
      return { ...contribution, refused: { findings, omitted, counts: countFindings(findings, omitted), tables: [] } };
    });
}

/** Removes a workbook once its tables were written: the data folder holds them now. */
export function removeContribution(dataDir: string, path: string): void {
  removeInside(dataDir, `${CONTRIBUTIONS_FOLDER}/${basename(path)}`);
}
