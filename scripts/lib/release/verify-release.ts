import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openAsBlob, readSync, statSync } from 'node:fs';
import { sep } from 'node:path';
import { textArchive } from '../check/archive.ts';
import { checkDataset, tablesInMemory } from '../check/check-dataset.ts';
import type { ValidationReport } from '../check/validate-dataset.ts';
import { openPlainFile, walkInside } from '../files/confined.ts';
import { modelFromTexts } from '../model/load-model.ts';
import type { DatasetModel } from '../model/types.ts';
import { readCsvBytes } from '../read/read-csv.ts';
import { readRecords } from '../read/read-dataset.ts';
import { openZip, shownName, ZipError, type ZipEntry, type ZipLimits } from '../read/zip-reader.ts';
import { canonicalTable } from '../write/canonical-csv.ts';
import { csvFile, releaseCsv, releaseTables } from './release-tables.ts';

/**
 * What a release zip may hold. Sized from the largest plausible release: today's 117 rows unpack to
 * 0.75 MB (about 6.4 kB a row over every format), so 1 GiB is a release of some 150,000 rows, over a
 * thousand times today's. Its files compress at most 9 times, so an entry past 1 MiB declaring 100
 * times its compressed size is no release of ours. A release has under 50 entries.
 */
export const RELEASE_ZIP_LIMITS: ZipLimits = {
  maxTotalBytes: 1024 * 1024 * 1024,
  maxEntries: 10_000,
  maxRatio: 100,
  ratioAfterBytes: 1024 * 1024,
  raiseWith: '--max-bytes',
};

/**
 * The files verify checks itself (SHA256SUMS, the schemas, the tables and archived texts) are held in
 * memory; every other file is only hashed as it is read. Today's come to 70 kB, some 600 bytes a row:
 * 64 MiB is a release of over 100,000 rows.
 */
const MAX_CHECKED_BYTES = 64 * 1024 * 1024;
const isChecked = (path: string): boolean => path === 'SHA256SUMS' || path.startsWith('schemas/') || path.startsWith('csv/');

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

/** What is given to verify is not a release at all: the message says what it lacks. */
export class NotAReleaseError extends Error {}

const notARelease = (shown: string): NotAReleaseError =>
  new NotAReleaseError(
    `${shown} is not a release of this dataset: it holds no SHA256SUMS, nor one caucasus-allegiances-X.Y.Z folder holding it. Give the release's .zip or the folder unpacked from it.`,
  );

/**
 * A release as verify reads it, by path relative to its folder: nothing is written anywhere. Paths
 * come from the release itself, so they are only ever keys here, never joined to a folder on disk.
 */
export interface ReleaseFiles {
  /** How the release is shown in messages: the zip or the folder. */
  readonly shown: string;
  /** The files verify checks itself, whole (see `isChecked`). */
  readonly files: ReadonlyMap<string, Uint8Array>;
  /** sha256 of every regular file, taken as it was read a piece at a time. */
  readonly hashes: ReadonlyMap<string, string>;
  /** Entries of a folder that are not regular files (links, devices): never read, each a problem. */
  readonly others: readonly ChecksumProblem[];
}

const tooMuchToCheck = (shown: string, bytes: number): ZipError =>
  new ZipError(
    `The tables, texts and schemas of ${shown} come to ${bytes.toLocaleString('en-US')} bytes, more than the ${MAX_CHECKED_BYTES.toLocaleString('en-US')} bytes verify checks in memory (a release of this dataset holds a few MB of them): it is not a release of this dataset, or one far larger than any so far.`,
  );

/**
 * Collects a file's bytes as they are read: hashed always, and kept when verify checks them, into one
 * buffer of the size the file has (a zip entry never inflates past it), within the budget.
 */
function collector(path: string, size: number, shown: string, kept: { bytes: number }) {
  const hash = createHash('sha256');
  const whole = isChecked(path) ? new Uint8Array(size) : undefined;
  if (whole && (kept.bytes += size) > MAX_CHECKED_BYTES) throw tooMuchToCheck(shown, kept.bytes);
  let filled = 0;
  return {
    add(bytes: Uint8Array): void {
      hash.update(bytes);
      if (!whole) return;
      if (filled + bytes.length > whole.length) throw new ZipError(`${shownName(path)} in ${shown} grew while it was being read; run verify again.`, path);
      whole.set(bytes, filled);
      filled += bytes.length;
    },
    done: (): { hash: string; bytes?: Uint8Array } => ({ hash: hash.digest('hex'), ...(whole ? { bytes: whole.subarray(0, filled) } : {}) }),
  };
}

/** The release folder's files: `dir` itself, or the single folder inside it. Links are never followed. */
export function releaseFolderFiles(dir: string, shown = dir): ReleaseFiles {
  let { files, others } = walkInside(dir);
  let prefix = '';
  if (!files.includes('SHA256SUMS')) {
    const tops = new Set([...files, ...others.map((o) => o.path)].map((path) => path.split('/')[0]!));
    const [only] = tops;
    if (tops.size !== 1 || !files.includes(`${only}/SHA256SUMS`)) throw notARelease(shown);
    prefix = `${only}/`;
    files = files.map((path) => path.slice(prefix.length));
    others = others.map((other) => ({ ...other, path: other.path.slice(prefix.length) }));
  }
  const kept = { bytes: 0 };
  const bytes = new Map<string, Uint8Array>();
  const hashes = new Map<string, string>();
  const problems: ChecksumProblem[] = others.map(({ path, kind }) => ({
    path,
    problem: kind === 'a symbolic link' ? 'a symbolic link (never read)' : 'not a regular file',
  }));
  const buffer = Buffer.alloc(1024 * 1024);
  for (const path of files) {
    const opened = openPlainFile(dir, `${prefix}${path}`);
    if (typeof opened === 'string') {
      problems.push({ path, problem: opened === 'link' ? 'a symbolic link (never read)' : 'missing' });
      continue;
    }
    const file = collector(path, fstatSync(opened.fd).size, shown, kept);
    try {
      for (let n; (n = readSync(opened.fd, buffer, 0, buffer.length, null)) > 0;) file.add(buffer.subarray(0, n));
    } finally {
      closeSync(opened.fd);
    }
    const read = file.done();
    hashes.set(path, read.hash);
    if (read.bytes) bytes.set(path, read.bytes);
  }
  return { shown, files: bytes, hashes, others: problems };
}

/**
 * A release zip's files, the folder inside it taken off their paths. The zip is read entry by entry
 * as a stream under `limits` (read/zip-reader.ts): a zip bomb, a name that climbs out or a damaged
 * zip is refused in a sentence before it can take memory or disk.
 */
export async function releaseZipFiles(zipPath: string, shown: string, limits: ZipLimits = RELEASE_ZIP_LIMITS): Promise<ReleaseFiles> {
  const zip = await openZip(await openAsBlob(zipPath), shown, limits);
  try {
    const entries = zip.entries.filter((entry) => !entry.directory);
    for (const entry of entries) checkEntryName(entry, shown);
    const prefix = releasePrefix(
      entries.map((e) => e.name),
      shown,
    );
    const kept = { bytes: 0 };
    const files = new Map<string, Uint8Array>();
    const hashes = new Map<string, string>();
    for (const entry of entries) {
      const path = entry.name.slice(prefix.length);
      const file = collector(path, entry.size, shown, kept);
      await zip.inflate(entry, (bytes) => file.add(bytes));
      const read = file.done();
      hashes.set(path, read.hash);
      if (read.bytes) files.set(path, read.bytes);
    }
    return { shown, files, hashes, others: [] };
  } finally {
    await zip.close();
  }
}

/** The folder every entry is in (`caucasus-allegiances-X.Y.Z/`), or '' when SHA256SUMS is at the top; else not a release. */
function releasePrefix(names: readonly string[], shown: string): string {
  if (names.includes('SHA256SUMS')) return '';
  const tops = new Set(names.map((name) => name.split('/')[0]!));
  const [only] = tops;
  if (tops.size !== 1 || !names.includes(`${only}/SHA256SUMS`)) throw notARelease(shown);
  return `${only}/`;
}

/** zip.js refuses names that climb out; these are names no release has, which a terminal or a folder would act on. */
function checkEntryName(entry: ZipEntry, shown: string): void {
  if (/[\u0000-\u001f\u007f-\u009f\\]/.test(entry.name) || entry.name.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    throw new ZipError(
      `The entry ${shownName(entry.name)} in ${shown} has a name no release has (control characters, a backslash, or a path outside its folder): do not use this zip.`,
      entry.name,
    );
  }
}

/** A release's SHA256SUMS lists under 50 files in a few kB. */
const MAX_SUMS_BYTES = 1024 * 1024;

/** Compares SHA256SUMS with the files: each listed file present and unchanged, nothing unlisted, and nothing but plain files. */
export function checkChecksums(release: ReleaseFiles): ChecksumProblem[] {
  const sums = release.files.get('SHA256SUMS');
  if (!sums || sums.length > MAX_SUMS_BYTES) return [{ path: 'SHA256SUMS', problem: sums ? 'changed' : 'missing' }];
  const listed = new Map<string, string>();
  for (const line of new TextDecoder().decode(sums).split('\n').filter(Boolean)) {
    const match = line.match(/^([0-9a-f]{64}) [ *](.+)$/);
    if (match) listed.set(match[2]!, match[1]!);
  }
  const problems: ChecksumProblem[] = [...release.others];
  for (const [path, hash] of listed) {
    const actual = release.hashes.get(path);
    if (!actual) {
      if (!problems.some((p) => p.path === path)) problems.push({ path, problem: 'missing' });
    } else if (actual !== hash) problems.push({ path, problem: 'changed' });
  }
  for (const path of release.hashes.keys()) if (path !== 'SHA256SUMS' && !listed.has(path)) problems.push({ path, problem: 'not listed' });
  return problems.sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * Checks a downloaded release (folder or zip): checksums, then the data against its own schemas with
 * the project's rules. Everything is read into memory or only hashed, and checked there: nothing is
 * written, so nothing is left behind, whatever happens.
 */
export async function verifyRelease(path: string, options: { label?: string; limits?: ZipLimits } = {}): Promise<VerifyResult> {
  const shown = options.label ?? path;
  const release = statSync(path).isFile() ? await releaseZipFiles(path, shown, options.limits) : releaseFolderFiles(path, shown);
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
