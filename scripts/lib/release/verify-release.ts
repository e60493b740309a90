import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, relative, sep, isAbsolute } from 'node:path';
import { unzipSync } from 'fflate';
import type { ValidationReport } from '../check/validate-dataset.ts';
import { validateDataset } from '../check/validate-dataset.ts';
import { loadModel } from '../model/load-model.ts';
import type { DatasetModel } from '../model/types.ts';
import { readRecords } from '../read/read-dataset.ts';
import { readCsv } from '../read/read-csv-file.ts';
import { canonicalTable } from '../write/canonical-csv.ts';
import { csvFile, releaseCsv, releaseTables } from './release-tables.ts';
import { sha256 } from './manifest.ts';

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

/** Compares SHA256SUMS with the files: each listed file present and unchanged, and nothing unlisted. */
export function checkChecksums(folder: string): ChecksumProblem[] {
  const listed = new Map<string, string>();
  for (const line of readFileSync(join(folder, 'SHA256SUMS'), 'utf8').split('\n').filter(Boolean)) {
    const match = line.match(/^([0-9a-f]{64}) [ *](.+)$/);
    if (match) listed.set(match[2]!, match[1]!);
  }
  const present = new Set(listFiles(folder).filter((p) => p !== 'SHA256SUMS'));
  const problems: ChecksumProblem[] = [];
  for (const [path, hash] of listed) {
    if (!present.has(path)) problems.push({ path, problem: 'missing' });
    else if (sha256(readFileSync(join(folder, path))) !== hash) problems.push({ path, problem: 'changed' });
  }
  for (const path of present) if (!listed.has(path)) problems.push({ path, problem: 'not listed' });
  return problems.sort((a, b) => a.path.localeCompare(b.path));
}

/** Unpacks a release zip into a temporary directory, refusing entries that would land outside it. */
export function unpackZip(zipPath: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'verify-'));
  const entries = unzipSync(readFileSync(zipPath));
  for (const [name, bytes] of Object.entries(entries)) {
    const target = normalize(join(dir, name));
    const inside = relative(dir, target);
    if (inside.startsWith('..') || isAbsolute(inside) || name.includes('\0')) throw new Error(`zip entry ${JSON.stringify(name)} points outside the release`);
    if (name.endsWith('/')) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, bytes);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The release folder: PATH itself, or the single folder inside an unpacked zip. */
function releaseFolder(dir: string): string {
  if (statSync(join(dir, 'SHA256SUMS'), { throwIfNoEntry: false })) return dir;
  const children = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory());
  if (children.length === 1) return join(dir, children[0]!.name);
  throw new Error(`${dir} holds no SHA256SUMS and not exactly one release folder`);
}

/** Checks a downloaded release (folder or zip): checksums, then the data against its own schemas with the project's rules. */
export async function verifyRelease(path: string): Promise<VerifyResult> {
  const unpacked = path.endsWith('.zip') ? unpackZip(path) : undefined;
  try {
    const folder = releaseFolder(unpacked?.dir ?? path);
    const checksums = checkChecksums(folder);
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
