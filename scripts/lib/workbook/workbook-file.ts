import { basename, dirname } from 'node:path';
import { fileArchive } from '../check/archive-files.ts';
import { compareDatasets, type DataDiff, type DataVersion } from '../diff/compare.ts';
import { filesInside, plainFileSize, readInside, readPlainFile } from '../files/confined.ts';
import type { RowRecord } from '../model/cell-validator.ts';
import type { DatasetModel } from '../model/types.ts';
import { CsvReadError } from '../read/read-csv.ts';
import { readRecords } from '../read/read-dataset.ts';
import { readTables, sameBytes, writeTables, type TableRewrite } from '../write/format-dataset.ts';
import { importWorkbook, type ImportResult } from './import-workbook.ts';
import { workbookLayout } from './layout.ts';
import { readWorkbookTables, unreadableWorkbook, type WorkbookTables } from './sheet-tables.ts';

/**
 * `npm run import` at the file system's edge: a workbook file read (never through a link), checked
 * with the data folder's other tables and archived texts, its tables written into the data folder as
 * `npm run format` writes them, all together through temporary files and renames, or none.
 */

/** The largest workbook read, as the check page's limit: one of a million rows is a few tens of MB. */
export const MAX_WORKBOOK_BYTES = 512 * 2 ** 20;

export interface WorkbookFileOptions {
  readonly model: DatasetModel;
  readonly dataDir: string;
  /** How the data folder is shown (`data`). */
  readonly displayDir: string;
  /** The workbook, as a path and as findings name it. */
  readonly path: string;
  readonly label: string;
  /** Write nothing. */
  readonly check: boolean;
  /** Write only a workbook whose check has no error at all (after a merge), not only none that is structural. */
  readonly onlyIfValid?: boolean;
  readonly today?: number;
  readonly maxFindingsPerRule?: number;
}

export interface WorkbookFileImport {
  readonly result: ImportResult;
  /** What the import changes (or, with `check`, would change) in the data folder. */
  readonly diff: DataDiff;
  /** The tables whose bytes the import changes, as shown (`data/allegiances.csv`). */
  readonly changed: readonly string[];
  readonly written: boolean;
}

/** The workbook at `path` read as the dataset's tables; a link, or a file too large, is one finding and is not read. */
export async function readWorkbookFile(model: DatasetModel, path: string, label: string, maxFindingsPerRule?: number): Promise<WorkbookTables> {
  const folder = dirname(path);
  const name = basename(path);
  const size = plainFileSize(folder, name);
  if (size > MAX_WORKBOOK_BYTES)
    return unreadableWorkbook(
      label,
      `it is ${Math.round(size / 2 ** 20)} MB, more than the ${MAX_WORKBOOK_BYTES / 2 ** 20} MB a workbook of this dataset can plausibly be`,
    );
  const read = readPlainFile(folder, name);
  if (read === 'missing') throw new CsvReadError(label, Object.assign(new Error('no such file'), { code: 'ENOENT' }));
  if (read === 'link') return unreadableWorkbook(label, 'it is a symbolic link, and a workbook is never read through one');
  return readWorkbookTables(workbookLayout(model), new Blob([read.bytes as BlobPart]), label, { ...(maxFindingsPerRule ? { maxFindingsPerRule } : {}) });
}

export async function importWorkbookFile(options: WorkbookFileOptions): Promise<WorkbookFileImport> {
  const { model, dataDir, displayDir } = options;
  const workbook = await readWorkbookFile(model, options.path, options.label, options.maxFindingsPerRule);
  const current = readTables(model, dataDir);
  const result = await importWorkbook({
    model,
    workbook,
    label: options.label,
    displayDir,
    current: current.bytes,
    links: current.links,
    archive: fileArchive(dataDir, displayDir),
    ...(options.today !== undefined ? { today: options.today } : {}),
    ...(options.maxFindingsPerRule !== undefined ? { maxFindingsPerRule: options.maxFindingsPerRule } : {}),
  });
  const rewrites: TableRewrite[] = [];
  const after = new Map(current.bytes);
  for (const table of result.tables) {
    const file = model.tables.find((t) => t.name === table.table)!.file;
    if (!table.canonical) continue;
    after.set(file, table.canonical);
    const now = current.bytes.get(file);
    if (!now || !sameBytes(now, table.canonical)) rewrites.push({ file, shown: table.file, content: table.canonical });
  }
  const blocked = result.blocking.length > 0;
  const diff = compareDatasets(model, await version(model, dataDir, current.bytes), await version(model, dataDir, blocked ? current.bytes : after));
  const written = !options.check && !blocked && rewrites.length > 0 && !(options.onlyIfValid && result.report.counts.error > 0);
  if (written) writeTables(dataDir, current, rewrites);
  return { result, diff, changed: blocked ? [] : rewrites.map((r) => r.shown), written };
}

/** The data folder with its tables as `tables` gives them, as the diff compares versions. */
async function version(model: DatasetModel, dataDir: string, tables: ReadonlyMap<string, Uint8Array>): Promise<DataVersion> {
  const records = new Map<string, RowRecord[]>();
  for (const table of model.tables) {
    const bytes = tables.get(table.file);
    records.set(table.name, bytes ? await readRecords(table, bytes).catch(() => []) : []);
  }
  return { records, file: (path) => readInside(dataDir, path), list: (folder) => filesInside(dataDir, folder) };
}
