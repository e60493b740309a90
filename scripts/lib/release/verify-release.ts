import { createHash } from 'node:crypto';
import { closeSync, cpSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, sep } from 'node:path';
import type { ZipLimits } from '../read/zip-reader.ts';
import type { ValidationReport } from '../check/validate-dataset.ts';
import { validateDataset } from '../check/validate-dataset.ts';
import { loadModel } from '../model/load-model.ts';
import type { DatasetModel } from '../model/types.ts';
import { readRecords } from '../read/read-dataset.ts';
import { readCsv } from '../read/read-csv-file.ts';
import { canonicalTable } from '../write/canonical-csv.ts';
import { csvFile, releaseCsv, releaseTables } from './release-tables.ts';
import { unpackZip, type UnpackedZip } from './unpack-zip.ts';

export interface ChecksumProblem {
  readonly path: string;
  readonly problem: 'missing' | 'changed' | 'not listed';
}

export interface VerifyResult {
  readonly folder: string;
  readonly checksums: readonly ChecksumProblem[];
  /** Undefined when the checksums already failed: changed files are not worth validating. */
  readonly validation?: ValidationReport;
  /** CSV files whose derived columns (date bounds and precision, entities) disagree with the data; checked only when the data is valid. */
  readonly derived?: readonly string[];
}

/** Every file below `dir`, as relative paths with forward slashes. */
function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listFiles(dir, path) : [path];
  });
}

/** A release's SHA256SUMS lists under 50 files in a few kB; a larger one is not read. */
const MAX_SUMS_BYTES = 1024 * 1024;

/** The sha256 of a file, read a piece at a time. */
function sha256OfFile(path: string): string {
  const hash = createHash('sha256');
  const buffer = Buffer.alloc(1024 * 1024);
  const fd = openSync(path, 'r');
  try {
    for (let n; (n = readSync(fd, buffer, 0, buffer.length, null)) > 0;) hash.update(buffer.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/**
 * Compares SHA256SUMS with the files: each listed file present and unchanged, and nothing unlisted.
 * `knownHashes` (relative path → sha256) are hashes already taken, as a zip's entries were while inflated.
 */
export function checkChecksums(folder: string, knownHashes: ReadonlyMap<string, string> = new Map()): ChecksumProblem[] {
  const sumsPath = join(folder, 'SHA256SUMS');
  if (statSync(sumsPath).size > MAX_SUMS_BYTES) return [{ path: 'SHA256SUMS', problem: 'changed' }];
  const listed = new Map<string, string>();
  for (const line of readFileSync(sumsPath, 'utf8').split('\n').filter(Boolean)) {
    const match = line.match(/^([0-9a-f]{64}) [ *](.+)$/);
    if (match) listed.set(match[2]!, match[1]!);
  }
  const present = new Set(listFiles(folder).filter((p) => p !== 'SHA256SUMS'));
  const problems: ChecksumProblem[] = [];
  for (const [path, hash] of listed) {
    if (!present.has(path)) problems.push({ path, problem: 'missing' });
    else if ((knownHashes.get(path) ?? sha256OfFile(join(folder, path))) !== hash) problems.push({ path, problem: 'changed' });
  }
  for (const path of present) if (!listed.has(path)) problems.push({ path, problem: 'not listed' });
  return problems.sort((a, b) => a.path.localeCompare(b.path));
}

/** What is given to verify is not a release at all: the message says what it lacks. */
export class NotAReleaseError extends Error {}

/** The release folder: PATH itself, or the single folder inside an unpacked zip (`label` names PATH in messages). */
function releaseFolder(dir: string, label: string): string {
  if (statSync(join(dir, 'SHA256SUMS'), { throwIfNoEntry: false })?.isFile()) return dir;
  const children = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory());
  if (children.length === 1 && statSync(join(dir, children[0]!.name, 'SHA256SUMS'), { throwIfNoEntry: false })?.isFile()) return join(dir, children[0]!.name);
  throw new NotAReleaseError(
    `${label} is not a release of this dataset: it holds no SHA256SUMS, nor one caucasus-allegiances-X.Y.Z folder holding it. Give the release's .zip or the folder unpacked from it.`,
  );
}

/** The zip's hashes by path inside the release folder it unpacked to. */
function insideFolder(unpacked: UnpackedZip, folder: string): Map<string, string> {
  const prefix = relative(unpacked.dir, folder).split(sep).filter(Boolean).join('/');
  const hashes = new Map<string, string>();
  for (const [name, hash] of unpacked.hashes) {
    if (!prefix) hashes.set(name, hash);
    else if (name.startsWith(`${prefix}/`)) hashes.set(name.slice(prefix.length + 1), hash);
  }
  return hashes;
}

/** Checks a downloaded release (folder or zip): checksums, then the data against its own schemas with the project's rules. */
export async function verifyRelease(path: string, options: { label?: string; limits?: ZipLimits } = {}): Promise<VerifyResult> {
  const unpacked = path.endsWith('.zip') ? await unpackZip(path, options.label ?? basename(path), options.limits) : undefined;
  try {
    const folder = releaseFolder(unpacked?.dir ?? path, options.label ?? path);
    const checksums = checkChecksums(folder, unpacked ? insideFolder(unpacked, folder) : undefined);
    if (checksums.length) return { folder: unpacked ? path : folder, checksums };
    const model = loadModel(join(folder, 'schemas'));
    const data = await dataOfRelease(model, join(folder, 'csv'));
    try {
      const validation = await validateDataset({ model, dataDir: data.dir, displayDir: `${unpacked ? path : folder}${sep}csv` });
      const derived = validation.counts.error > 0 ? [] : await derivedMismatches(model, data.dir, join(folder, 'csv'));
      return { folder: unpacked ? path : folder, checksums, validation, derived };
    } finally {
      data.cleanup();
    }
  } finally {
    unpacked?.cleanup();
  }
}

/**
 * The data tables of a release's csv/ as the repository keeps them: the columns of the schemas only
 * (a release's CSVs add each date's bounds and precision), in canonical form, beside the archive.
 */
async function dataOfRelease(model: DatasetModel, csvDir: string): Promise<{ dir: string; cleanup(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'verify-data-'));
  for (const table of model.tables) {
    const rows: string[][] = [];
    await readCsv(join(csvDir, table.file), ({ cells }) => void rows.push([...cells]));
    const [header = [], ...cells] = rows;
    writeFileSync(join(dir, table.file), canonicalTable(table, header, cells));
  }
  if (existsSync(join(csvDir, 'archive'))) cpSync(join(csvDir, 'archive'), join(dir, 'archive'), { recursive: true });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Release CSVs that differ from what the data in `dataDir` gives: a derived column was edited, or a table does not follow from the others. */
async function derivedMismatches(model: DatasetModel, dataDir: string, csvDir: string): Promise<string[]> {
  const records = new Map(await Promise.all(model.tables.map(async (t) => [t.name, await readRecords(t, readFileSync(join(dataDir, t.file)))] as const)));
  return releaseTables(model, records)
    .filter((table) => {
      const file = join(csvDir, csvFile(table));
      return !existsSync(file) || readFileSync(file, 'utf8') !== releaseCsv(table);
    })
    .map((table) => `csv/${csvFile(table)}`);
}
