import { readTableCsv } from '../read/read-csv-file.ts';
import type { ArchiveReader } from './archive.ts';
import { fileArchive } from './archive-files.ts';
import { checkDataset, tablesInMemory, type CheckOptions, type DataFiles, type ValidationReport } from './check-dataset.ts';

export { DEFAULT_MAX_FINDINGS_PER_RULE, MAX_VALUE_LENGTH, type TableSummary, type ValidationReport } from './check-dataset.ts';

/** The command line's host of the engine (check-dataset.ts): a data folder on disk. */
export interface ValidateOptions extends Omit<CheckOptions, 'files'> {
  /** Directory holding the tables (and archive/). */
  readonly dataDir: string;
  /** How dataDir is shown in findings, e.g. `data`; defaults to dataDir. */
  readonly displayDir?: string;
  readonly archive?: ArchiveReader;
  /**
   * The tables' bytes by file name, to check text in memory instead of the files in dataDir (a table
   * left out is missing); archived sources are still read from dataDir.
   */
  readonly sources?: ReadonlyMap<string, Uint8Array>;
}

/** Reads every table of a data folder in dependency order, runs every rule, and returns the findings. Throws only on I/O errors. */
export function validateDataset(options: ValidateOptions): Promise<ValidationReport> {
  const { dataDir, displayDir = dataDir, archive, sources, ...rest } = options;
  return checkDataset({ ...rest, files: dataFolder(dataDir, displayDir, sources, archive) });
}

/** A data folder on disk, or its tables given as bytes with its archives still read from disk. */
export function dataFolder(dataDir: string, displayDir: string, sources?: ReadonlyMap<string, Uint8Array>, archive?: ArchiveReader): DataFiles {
  const archives = archive ?? fileArchive(dataDir, displayDir);
  if (sources) return tablesInMemory(displayDir, sources, archives);
  return {
    displayDir,
    readTable: (file, handlers, read) => readTableCsv(dataDir, file, handlers, read),
    archive: archives,
  };
}
