import { createHash } from 'node:crypto';
import { closeSync, createReadStream, fstatSync, openAsBlob, readSync, statSync } from 'node:fs';
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
import type { RowRecord } from '../model/cell-validator.ts';
import { buildReleaseContents, isReleasedSchemaFile } from './build-release.ts';
import { identityFromCitation } from './citation.ts';
import { binaryDifference, csvDifference, firstDifference, isText, textDifference, type FileDifference, type Reread } from './compare-release.ts';
import { jsonPath } from './json-export.ts';
import { sha256 } from './manifest.ts';
import { csvFile, releaseTables } from './release-tables.ts';

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
 * The files verify checks itself and rebuilds the rest from (SHA256SUMS, the schemas, the tables and
 * archived texts, and the release's CITATION.cff and CHANGELOG.md, which hold its version, date,
 * commit and history) are held in memory; every other file is only hashed as it is read, and read
 * again, a piece at a time, only to say where it differs from its rebuild. Today's come to 90 kB,
 * some 800 bytes a row: 64 MiB is a release of over 80,000 rows.
 */
const MAX_CHECKED_BYTES = 64 * 1024 * 1024;
const RELEASE_INPUTS = ['SHA256SUMS', 'CITATION.cff', 'CHANGELOG.md'];
const isChecked = (path: string): boolean => RELEASE_INPUTS.includes(path) || path.startsWith('schemas/') || path.startsWith('csv/');

export interface ChecksumProblem {
  readonly path: string;
  readonly problem: 'missing' | 'changed' | 'not listed' | 'a symbolic link (never read)' | 'not a regular file';
}

export interface VerifyResult {
  readonly folder: string;
  /** The zip's sha256, and whether it is the one expected (`--expect-sha256`); undefined for a folder. */
  readonly zipHash?: { readonly actual: string; readonly expected?: string };
  readonly checksums: readonly ChecksumProblem[];
  /** Undefined when the checksums already failed: changed files are not worth validating. */
  readonly validation?: ValidationReport;
  /** The release rebuilt from its own data and compared file by file; undefined when the data has errors. */
  readonly rebuild?: RebuildResult;
}

export interface RebuildResult {
  /** How many files the rebuild made and compared. */
  readonly files: number;
  readonly differences: readonly FileDifference[];
  /** Why the release could not be rebuilt at all (no version in its CITATION.cff, say), when it could not. */
  readonly impossible?: string;
  /** Tables whose every other format disagrees with their CSV (most likely the CSV was changed), with the JSON file that shows where. */
  readonly suspectCsv: readonly { readonly csv: string; readonly json: string }[];
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
  /** Reads a file again, a piece at a time: for a file that differs from its rebuild, to say where. */
  readonly reread: Reread;
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
  const reread: Reread = async (path, onChunk) => {
    const opened = openPlainFile(dir, `${prefix}${path}`);
    if (typeof opened === 'string') return;
    try {
      for (let n; (n = readSync(opened.fd, buffer, 0, buffer.length, null)) > 0;) onChunk(buffer.subarray(0, n));
    } finally {
      closeSync(opened.fd);
    }
  };
  return { shown, files: bytes, hashes, others: problems, reread };
}

/**
 * A release zip's files, the folder inside it taken off their paths. The zip is read entry by entry
 * as a stream under `limits` (read/zip-reader.ts): a zip bomb, a name that climbs out or a damaged
 * zip is refused in a sentence before it can take memory or disk.
 */
export async function releaseZipFiles(zipPath: string, shown: string, limits: ZipLimits = RELEASE_ZIP_LIMITS): Promise<ReleaseFiles> {
  const blob = await openAsBlob(zipPath);
  const zip = await openZip(blob, shown, limits);
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
    // The zip is opened anew for each file read again: nothing stays open between the checks.
    const reread: Reread = async (path, onChunk) => {
      const again = await openZip(blob, shown, limits);
      try {
        const entry = again.entries.find((e) => e.name === `${prefix}${path}`);
        if (entry) await again.inflate(entry, onChunk);
      } finally {
        await again.close();
      }
    };
    return { shown, files, hashes, others: [], reread };
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

/** The sha256 of a file, read a piece at a time. */
async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Checks a downloaded release (folder or zip): the zip's hash against one got elsewhere, when given;
 * every file against SHA256SUMS; the data against its own schemas with the project's rules; then
 * every file against the same file rebuilt from the release's CSVs, schemas and texts. Everything is
 * read into memory or only hashed, and checked there: nothing is written, so nothing is left behind,
 * whatever happens.
 */
export async function verifyRelease(path: string, options: { label?: string; limits?: ZipLimits; expectSha256?: string } = {}): Promise<VerifyResult> {
  const shown = options.label ?? path;
  const isZip = statSync(path).isFile();
  const zipHash = isZip ? { actual: await fileSha256(path), ...(options.expectSha256 ? { expected: options.expectSha256.toLowerCase() } : {}) } : undefined;
  const release = isZip ? await releaseZipFiles(path, shown, options.limits) : releaseFolderFiles(path, shown);
  const checksums = checkChecksums(release);
  const base = { folder: release.shown, ...(zipHash ? { zipHash } : {}) };
  if (checksums.length) return { ...base, checksums };
  const schemas = new Map(
    [...release.files].filter(([file]) => /^schemas\/[^/]+\.json$/.test(file)).map(([file, bytes]) => [file.slice('schemas/'.length), () => bytes] as const),
  );
  const model = modelFromTexts(schemas, `${release.shown}${sep}schemas`);
  const tables = await dataOfRelease(model, release);
  const displayDir = `${release.shown}${sep}csv`;
  const archive = new Map(
    [...release.files].filter(([file]) => file.startsWith('csv/')).map(([file, bytes]) => [file.slice('csv/'.length), new TextDecoder().decode(bytes)]),
  );
  const validation = await checkDataset({ model, files: tablesInMemory(displayDir, tables, textArchive(displayDir, archive)) });
  if (validation.counts.error > 0) return { ...base, checksums, validation };
  return { ...base, checksums, validation, rebuild: await rebuildAndCompare(model, tables, release) };
}

/**
 * Rebuilds the release from its own CSVs, schemas, archived texts, CHANGELOG.md and the version, date
 * and commit its CITATION.cff gives, as `npm run release` builds it (the build is byte-reproducible),
 * and compares each rebuilt file's hash with the hash taken while reading the release.
 */
async function rebuildAndCompare(model: DatasetModel, tables: ReadonlyMap<string, Uint8Array>, release: ReleaseFiles): Promise<RebuildResult> {
  const citation = release.files.get('CITATION.cff');
  const identity = citation ? identityFromCitation(new TextDecoder().decode(citation)) : undefined;
  const impossible = (why: string): RebuildResult => ({ files: 0, differences: [], impossible: why, suspectCsv: [] });
  if (!identity) return impossible('its CITATION.cff is missing or names no version, and a release is rebuilt from the version, date and commit it gives');
  const canonicalCsv = new Map<string, string>();
  const records = new Map<string, RowRecord[]>();
  for (const table of model.tables) {
    const bytes = tables.get(table.file) ?? new Uint8Array();
    canonicalCsv.set(table.name, new TextDecoder().decode(bytes));
    records.set(table.name, await readRecords(table, bytes));
  }
  const schemaFiles = new Map(
    [...release.files]
      .filter(([file]) => file.startsWith('schemas/') && isReleasedSchemaFile(file.slice('schemas/'.length)) && !file.slice('schemas/'.length).includes('/'))
      .map(([file, bytes]) => [file.slice('schemas/'.length), bytes] as const),
  );
  let rebuilt: Awaited<ReturnType<typeof buildReleaseContents>>;
  try {
    rebuilt = await buildReleaseContents(
      {
        model,
        version: identity.version,
        commit: identity.commit ?? null,
        date: identity.date,
        changelog: new TextDecoder().decode(release.files.get('CHANGELOG.md') ?? new Uint8Array()),
        schemaFiles,
        archived: (relative) => release.files.get(`csv/${relative}`),
      },
      { canonicalCsv, records },
    );
  } catch (error) {
    // Valid data always builds; a release's own schemas may still describe what the writers cannot make.
    return impossible(`building it from its data failed: ${(error as Error).message}`);
  }
  const keys = new Map(releaseTables(model, records).flatMap((t) => [[jsonPath(t), t.primaryKey] as const, [`csv/${csvFile(t)}`, t.primaryKey] as const]));
  const differences: FileDifference[] = [];
  for (const [path, bytes] of rebuilt.files) {
    // The checksums passed, so SHA256SUMS differs exactly when another file does: it says nothing more.
    if (path === 'SHA256SUMS') continue;
    const hash = release.hashes.get(path);
    if (hash === undefined) differences.push({ path, problem: 'missing', detail: 'the rebuild has it, the release does not' });
    else if (hash !== sha256(bytes)) differences.push({ path, problem: 'differs', detail: await describeDifference(path, bytes, release, keys.get(path)) });
  }
  for (const path of release.hashes.keys())
    if (!rebuilt.files.has(path)) differences.push({ path, problem: 'extra', detail: 'a release built from this data has no such file' });
  differences.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files: rebuilt.files.size - 1, differences, suspectCsv: suspectCsvs(model, differences) };
}

/** Where a file differs from its rebuild: CSVs by row and cell (they are in memory), other text by line, binary files by byte. */
async function describeDifference(path: string, rebuilt: Uint8Array, release: ReleaseFiles, primaryKey: string | undefined): Promise<string> {
  const kept = release.files.get(path);
  if (kept && path.endsWith('.csv') && primaryKey) return csvDifference(kept, rebuilt, primaryKey);
  const first = await firstDifference(rebuilt, (onChunk) => (kept ? Promise.resolve(onChunk(kept)) : release.reread(path, onChunk)));
  if (!first) return 'its bytes differ from the rebuild';
  return isText(path) ? textDifference(path, rebuilt, first, primaryKey) : binaryDifference(first, rebuilt);
}

/** Tables whose CSV is what the rebuild gives but whose JSON and Parquet both differ: the CSV itself, it seems, was changed after the build. */
function suspectCsvs(model: DatasetModel, differences: readonly FileDifference[]): RebuildResult['suspectCsv'] {
  const differing = new Set(differences.map((d) => d.path));
  return model.tables
    .filter((t) => differing.has(`json/${t.name}.json`) && differing.has(`parquet/${t.name}.parquet`) && !differing.has(`csv/${t.file}`))
    .map((t) => ({ csv: `csv/${t.file}`, json: `json/${t.name}.json` }));
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
