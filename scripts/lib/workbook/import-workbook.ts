import type { ArchiveReader } from '../check/archive.ts';
import { displayJoin } from '../check/archive.ts';
import { checkDataset, tablesInMemory, type TableSummary, type ValidationReport } from '../check/check-dataset.ts';
import { cellColumn, columnLetters, compareFindings, countFindings, type Finding } from '../check/finding.ts';
import { show } from '../check/finding.ts';
import type { DatasetModel } from '../model/types.ts';
import { planFormat } from '../write/plan-format.ts';
import type { SheetTable, WorkbookTables } from './sheet-tables.ts';

/**
 * An edited workbook checked as `npm run validate` checks a data folder: its tables (read by
 * sheet-tables.ts) in place of those of the data, the other tables and the archived texts as the data
 * has them; and each table's canonical CSV, as `npm run format` writes it. Every finding in a table
 * that came from the workbook is located in the workbook (`allegiances!D14`). No Node: the command
 * line and the check page both run it.
 */

export interface ImportInput {
  readonly model: DatasetModel;
  /** The workbook's tables and findings, from readWorkbookTables. */
  readonly workbook: WorkbookTables;
  /** The workbook as findings name it (`data/contributions/new.xlsx`). */
  readonly label: string;
  /** How the data folder is shown in findings (`data`). */
  readonly displayDir: string;
  /** The tables of the data as they are, by file name: those the workbook does not hold are checked as they are. */
  readonly current: ReadonlyMap<string, Uint8Array>;
  /** Tables of the data that are symbolic links, never read. */
  readonly links?: ReadonlySet<string>;
  readonly archive: ArchiveReader;
  readonly today?: number;
  readonly maxFindingsPerRule?: number;
  readonly onProgress?: (progress: { readonly bytes: number; readonly rows: number }) => void;
}

/** What importing a workbook table would write. */
export interface ImportedTable {
  readonly table: string;
  /** The table's file as findings show it (`data/allegiances.csv`). */
  readonly file: string;
  readonly sheet: string;
  /** The bytes `npm run format` writes for it; undefined when a structural error stops it. */
  readonly canonical?: Uint8Array;
}

export interface ImportResult {
  /** The check of the data with the workbook's tables in it, findings in those tables located in the workbook. */
  readonly report: ValidationReport;
  readonly tables: readonly ImportedTable[];
  /** Errors that stop anything from being written: the workbook's own that leave a cell's text unknown, and structural ones (as `format`'s). */
  readonly blocking: readonly Finding[];
}

export async function importWorkbook(input: ImportInput): Promise<ImportResult> {
  const { model, workbook, displayDir } = input;
  const sources = new Map(input.current);
  for (const table of workbook.tables) sources.set(table.file, table.csv);
  const byPath = new Map(workbook.tables.map((t) => [displayJoin(displayDir, t.file), t]));
  const checked = await checkDataset({
    model,
    files: tablesInMemory(displayDir, sources, input.archive, input.links),
    ...(input.today !== undefined ? { today: input.today } : {}),
    ...(input.maxFindingsPerRule !== undefined ? { maxFindingsPerRule: input.maxFindingsPerRule } : {}),
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
  });
  const plan = await planFormat({ model, displayDir, sources, ...(input.links ? { links: input.links } : {}) });
  const locate = locator(byPath, input.label);
  const explained = explainedCells(workbook.findings);
  const located = checked.findings.flatMap((finding) => {
    const table = byPath.get(finding.file);
    if (!table) return [finding];
    // An empty row between rows of a sheet is nothing a person put there.
    if (finding.code === 'blank-row') return [];
    const moved = locate(finding);
    return moved.cell && explained.has(`${moved.sheet}!${moved.cell}`) ? [] : [moved];
  });
  const findings = [...workbook.findings, ...located].sort(compareFindings);
  const omitted = [
    ...workbook.omitted,
    ...checked.omitted.filter((o) => o.code !== 'blank-row' || checked.findings.some((f) => f.code === 'blank-row' && !byPath.has(f.file))),
  ];
  const tables: TableSummary[] = checked.tables.map((summary) => {
    const table = byPath.get(summary.file);
    return table ? { ...summary, file: input.label, sheet: table.sheet } : summary;
  });
  const blockingHere = plan.blocking.filter((f) => byPath.has(f.file)).map(locate);
  const report: ValidationReport = { findings, omitted, counts: countFindings(findings, omitted), tables };
  return {
    report,
    tables: workbook.tables.map((table) => {
      const file = displayJoin(displayDir, table.file);
      const canonical = workbook.blocked ? undefined : plan.results.find((r) => r.file === file)?.canonical;
      return { table: table.table, file, sheet: table.sheet, ...(canonical && blockingHere.every((f) => f.sheet !== table.sheet) ? { canonical } : {}) };
    }),
    blocking: [...workbook.findings.filter((f) => f.severity === 'error'), ...blockingHere],
  };
}

/** The cells (`allegiances!D14`) whose workbook error names what is wrong with them: the engine's findings there say it again, of a text that is not the person's. */
function explainedCells(findings: readonly Finding[]): Set<string> {
  return new Set(findings.filter((f) => f.severity === 'error' && f.sheet !== undefined && f.cell !== undefined).map((f) => `${f.sheet}!${f.cell}`));
}

/** Moves a finding in a table read from a sheet into that sheet: its file the workbook, its row and cell the sheet's. */
function locator(byPath: ReadonlyMap<string, SheetTable>, label: string): (finding: Finding) => Finding {
  return (finding) => {
    const table = byPath.get(finding.file);
    if (!table) return finding;
    const { line: _line, ...rest } = finding;
    const row = finding.row === undefined ? undefined : (table.rows[finding.row - 1] ?? finding.row);
    const column = finding.cell === undefined ? undefined : table.columns[cellColumn(finding.cell)];
    const cell = column === undefined || row === undefined ? undefined : `${columnLetters(column)}${row}`;
    const { cell: _cell, row: _row, ...located } = rest;
    return {
      ...located,
      file: label,
      sheet: table.sheet,
      ...(row !== undefined ? { row } : {}),
      ...(cell !== undefined ? { cell } : {}),
      message: inSheet(finding.message, finding.file, table, finding.code),
      ...(finding.hint !== undefined ? { hint: inSheet(finding.hint, finding.file, table, finding.code) } : {}),
    };
  };
}

/** Rules whose messages name a column by its letter in the CSV, which the sheet's letter replaces. */
const NAMES_A_COLUMN_LETTER = new Set(['duplicate-column', 'unknown-column']);

/** A message about a CSV table made to speak of the sheet it came from: its path becomes the sheet, a column letter the sheet's. */
function inSheet(text: string, path: string, table: SheetTable, code: string): string {
  const sheet = show(table.sheet);
  let written = text.startsWith(path) ? `The sheet ${sheet}${text.slice(path.length)}` : text;
  written = written.split(path).join(`the sheet ${sheet}`);
  if (NAMES_A_COLUMN_LETTER.has(code))
    written = written.replace(/\b([Cc]olumn) ([A-Z]{1,3})\b/g, (whole, word: string, letters: string) => {
      const column = table.columns[cellColumn(`${letters}1`)];
      return column === undefined ? whole : `${word} ${columnLetters(column)}`;
    });
  return written;
}
