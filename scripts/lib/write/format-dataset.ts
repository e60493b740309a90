import type { DatasetModel } from '../model/types.ts';
import { archiveFolder, isArchiveName } from '../check/archive.ts';
import { filesInside, pathInside, readPlainFile, replaceInside } from '../files/confined.ts';
import { FileChangedError, type AtomicWriteOptions, type FileStamp } from './atomic-write.ts';
import { planFormat, type FormatReport, type FormatResult } from './plan-format.ts';

export {
  blockedFiles,
  blockingFindings,
  planFormat,
  sameBytes,
  type FormatPlan,
  type FormatReport,
  type FormatResult,
  type FormatStatus,
} from './plan-format.ts';

/** The tables of a data folder as format reads them, by file name. */
export interface TableSources {
  /** The bytes of each table that is a plain file (a table left out is missing, or a link). */
  readonly bytes: ReadonlyMap<string, Uint8Array>;
  /** Tables that are symbolic links: never read, never rewritten. */
  readonly links: ReadonlySet<string>;
  /** How each table stood when it was read, so that one another program changes meanwhile is not overwritten. */
  readonly stamps: ReadonlyMap<string, FileStamp>;
}

/** Every table of dataDir: the bytes of those that exist, and which are links. */
export function readTables(model: DatasetModel, dataDir: string): TableSources {
  const bytes = new Map<string, Uint8Array>();
  const links = new Set<string>();
  const stamps = new Map<string, FileStamp>();
  for (const table of model.tables) {
    const read = readPlainFile(dataDir, table.file);
    if (read === 'link') links.add(table.file);
    else if (read !== 'missing') {
      bytes.set(table.file, read.bytes);
      stamps.set(table.file, read.stamp);
    }
  }
  return { bytes, links, stamps };
}

/**
 * The archived texts of every table with x-archive, as plain files named exactly as its template names
 * them (links, and near misses of the name, are not archived texts `--fix` may rewrite), by path below
 * the data folder.
 */
export function readArchives(model: DatasetModel, dataDir: string): Pick<TableSources, 'bytes' | 'stamps'> {
  const bytes = new Map<string, Uint8Array>();
  const stamps = new Map<string, FileStamp>();
  for (const template of new Set(model.tables.flatMap((t) => (t.archive ? [t.archive] : [])))) {
    const { folder } = archiveFolder(template);
    for (const path of filesInside(dataDir, folder || '.')) {
      const name = path.slice(path.lastIndexOf('/') + 1);
      if (!isArchiveName(name, template)) continue;
      const file = folder ? `${folder}/${name}` : name;
      const read = readPlainFile(dataDir, file);
      if (typeof read === 'string') continue;
      bytes.set(file, read.bytes);
      stamps.set(file, read.stamp);
    }
  }
  return { bytes, stamps };
}

/** A table's new content, with where it is shown. */
export interface TableRewrite {
  /** File name in the data folder. */
  readonly file: string;
  /** As shown to the user, e.g. `data/actors.csv`. */
  readonly shown: string;
  readonly content: string | Uint8Array;
}

/**
 * Writes the rewritten tables, each through a temporary file and a rename. If another program changed
 * any of them since `readTables` read it, none is replaced, and a FileChangedError names it (as shown).
 */
export function writeTables(
  dataDir: string,
  sources: TableSources,
  rewrites: readonly TableRewrite[],
  options: Pick<AtomicWriteOptions, 'beforeReplace'> = {},
): void {
  try {
    replaceInside(
      dataDir,
      rewrites.map(({ file, content }) => ({ path: file, content, ...(sources.stamps.has(file) ? { unchangedSince: sources.stamps.get(file)! } : {}) })),
      options,
    );
  } catch (error) {
    if (!(error instanceof FileChangedError)) throw error;
    throw new FileChangedError(rewrites.find(({ file }) => error.path === pathInside(dataDir, file))?.shown ?? error.path);
  }
}

/**
 * Rewrites every table into canonical form, or with `check` only reports which are not canonical.
 * A file with structural errors is left untouched and its errors returned instead.
 */
export async function formatDataset(options: { model: DatasetModel; dataDir: string; displayDir: string; check: boolean }): Promise<FormatReport> {
  const { model, dataDir, check } = options;
  const sources = readTables(model, dataDir);
  const plan = await planFormat({ model, displayDir: options.displayDir, sources: sources.bytes, links: sources.links });
  const rewrites: TableRewrite[] = [];
  const results = plan.results.map(({ canonical, ...result }): FormatResult => {
    if (result.status !== 'not-canonical' || check) return result;
    rewrites.push({ file: model.tables.find((t) => t.name === result.table)!.file, shown: result.file, content: canonical! });
    return { ...result, status: 'rewritten' };
  });
  writeTables(dataDir, sources, rewrites);
  return { results, blocking: plan.blocking };
}
