import { readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { unzipSync } from 'fflate';
import { textArchive } from '../check/archive.ts';
import { checkDataset, tablesInMemory } from '../check/check-dataset.ts';
import type { ValidationReport } from '../check/validate-dataset.ts';
import { readPlainFile, walkInside } from '../files/confined.ts';
import { modelFromTexts } from '../model/load-model.ts';
import type { DatasetModel } from '../model/types.ts';
import { readCsvBytes } from '../read/read-csv.ts';
import { readRecords } from '../read/read-dataset.ts';
import { canonicalTable } from '../write/canonical-csv.ts';
import { csvFile, releaseCsv, releaseTables } from './release-tables.ts';
import { sha256 } from './manifest.ts';

export interface ChecksumProblem {
  readonly path: string;
  readonly problem: 'missing' | 'changed' | 'not listed' | 'a symbolic link (never read)' | 'not a regular file';
}

export interface VerifyResult {
  readonly folder: string;
  readonly checksums: readonly ChecksumProblem[];
  /** Undefined when the checksums already failed: changed files are not worth validating. */
  readonly validation?: ValidationReport;
  /** CSV files whose derived columns (date bounds and precision, entities) disagree with the data; checked only when the data is valid. */
  readonly derived?: readonly string[];
}

/**
 * The files of a release, by path relative to its folder, held in memory: verify reads a folder or
 * a zip and writes nothing anywhere. Paths come from the release itself, so they are only ever keys
 * here, never joined to a folder on disk.
 */
export interface ReleaseFiles {
  /** How the release is shown in messages: the zip or the folder. */
  readonly shown: string;
  readonly files: ReadonlyMap<string, Uint8Array>;
  /** Entries of a folder that are not regular files (links, devices): never read, each a problem. */
  readonly others: readonly ChecksumProblem[];
}

/** The release folder's files: `dir` itself, or the single folder inside it. Links are never followed. */
export function releaseFolderFiles(dir: string): ReleaseFiles {
  let { files, others } = walkInside(dir);
  if (!files.includes('SHA256SUMS')) {
    const tops = new Set([...files, ...others.map((o) => o.path)].map((path) => path.split('/')[0]!));
    const [only] = tops;
    if (tops.size !== 1 || !files.includes(`${only}/SHA256SUMS`)) throw new Error(`${dir} holds no SHA256SUMS and not exactly one release folder`);
    files = files.map((path) => path.slice(only!.length + 1));
    others = others.map((other) => ({ ...other, path: other.path.slice(only!.length + 1) }));
    dir = join(dir, only!);
  }
  const bytes = new Map<string, Uint8Array>();
  const problems: ChecksumProblem[] = others.map(({ path, kind }) => ({
    path,
    problem: kind === 'a symbolic link' ? 'a symbolic link (never read)' : 'not a regular file',
  }));
  for (const path of files) {
    const read = readPlainFile(dir, path);
    if (typeof read === 'string') problems.push({ path, problem: read === 'link' ? 'a symbolic link (never read)' : 'missing' });
    else bytes.set(path, read.bytes);
  }
  return { shown: dir, files: bytes, others: problems };
}

/** A release zip's files, the folder inside it taken off their paths; a zip with an entry that climbs out or is absolute is refused. */
export function releaseZipFiles(zipPath: string): ReleaseFiles {
  const entries = new Map<string, Uint8Array>();
  for (const [name, bytes] of Object.entries(unzipSync(readFileSync(zipPath)))) {
    const parts = name.split('/').filter((part) => part !== '' && part !== '.');
    if (name.startsWith('/') || name.includes('\0') || parts.includes('..')) throw new Error(`zip entry ${JSON.stringify(name)} points outside the release`);
    if (!name.endsWith('/')) entries.set(parts.join('/'), bytes);
  }
  if (entries.has('SHA256SUMS')) return { shown: zipPath, files: entries, others: [] };
  const tops = new Set([...entries.keys()].map((path) => path.split('/')[0]!));
  const [only] = tops;
  if (tops.size !== 1 || !entries.has(`${only}/SHA256SUMS`)) throw new Error(`${zipPath} holds no SHA256SUMS and not exactly one release folder`);
  return { shown: zipPath, files: new Map([...entries].map(([path, bytes]) => [path.slice(only!.length + 1), bytes])), others: [] };
}

/** Compares SHA256SUMS with the files: each listed file present and unchanged, nothing unlisted, and nothing but plain files. */
export function checkChecksums(release: ReleaseFiles): ChecksumProblem[] {
  const listed = new Map<string, string>();
  for (const line of new TextDecoder().decode(release.files.get('SHA256SUMS')).split('\n').filter(Boolean)) {
    const match = line.match(/^([0-9a-f]{64}) [ *](.+)$/);
    if (match) listed.set(match[2]!, match[1]!);
  }
  const problems: ChecksumProblem[] = [...release.others];
  for (const [path, hash] of listed) {
    const bytes = release.files.get(path);
    if (!bytes) {
      if (!problems.some((p) => p.path === path)) problems.push({ path, problem: 'missing' });
    } else if (sha256(bytes) !== hash) problems.push({ path, problem: 'changed' });
  }
  for (const path of release.files.keys()) if (path !== 'SHA256SUMS' && !listed.has(path)) problems.push({ path, problem: 'not listed' });
  return problems.sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * Checks a downloaded release (folder or zip): checksums, then the data against its own schemas with
 * the project's rules. Everything is read into memory and checked there: nothing is written, so
 * nothing is left behind, whatever happens.
 */
export async function verifyRelease(path: string): Promise<VerifyResult> {
  const release = path.endsWith('.zip') && statSync(path).isFile() ? releaseZipFiles(path) : releaseFolderFiles(path);
  const checksums = checkChecksums(release);
  if (checksums.length) return { folder: release.shown, checksums };
  const schemas = new Map(
    [...release.files].filter(([file]) => /^schemas\/[^/]+$/.test(file)).map(([file, bytes]) => [file.slice('schemas/'.length), () => bytes] as const),
  );
  const model = modelFromTexts(schemas, `${release.shown}${sep}schemas`);
  const tables = await dataOfRelease(model, release);
  const displayDir = `${release.shown}${sep}csv`;
  const archive = new Map(
    [...release.files].filter(([file]) => file.startsWith('csv/')).map(([file, bytes]) => [file.slice('csv/'.length), new TextDecoder().decode(bytes)]),
  );
  const validation = await checkDataset({ model, files: tablesInMemory(displayDir, tables, textArchive(displayDir, archive)) });
  const derived = validation.counts.error > 0 ? [] : await derivedMismatches(model, tables, release);
  return { folder: release.shown, checksums, validation, derived };
}

/**
 * The data tables of a release's csv/ as the repository keeps them: the columns of the schemas only
 * (a release's CSVs add each date's bounds and precision), in canonical form, by file name.
 */
async function dataOfRelease(model: DatasetModel, release: ReleaseFiles): Promise<Map<string, Uint8Array>> {
  const tables = new Map<string, Uint8Array>();
  for (const table of model.tables) {
    const bytes = release.files.get(`csv/${table.file}`);
    if (!bytes) continue;
    const rows: string[][] = [];
    await readCsvBytes([bytes], ({ cells }) => void rows.push([...cells]));
    const [header = [], ...cells] = rows;
    tables.set(table.file, new TextEncoder().encode(canonicalTable(table, header, cells)));
  }
  return tables;
}

/** Release CSVs that differ from what the data gives: a derived column was edited, or a table does not follow from the others. */
async function derivedMismatches(model: DatasetModel, tables: ReadonlyMap<string, Uint8Array>, release: ReleaseFiles): Promise<string[]> {
  const records = new Map(await Promise.all(model.tables.map(async (t) => [t.name, await readRecords(t, tables.get(t.file)!)] as const)));
  const decoder = new TextDecoder();
  return releaseTables(model, records)
    .filter((table) => {
      const bytes = release.files.get(`csv/${csvFile(table)}`);
      return !bytes || decoder.decode(bytes) !== releaseCsv(table);
    })
    .map((table) => `csv/${csvFile(table)}`);
}
