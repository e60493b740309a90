import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, relative, sep, isAbsolute } from 'node:path';
import { unzipSync } from 'fflate';
import type { ValidationReport } from '../check/validate-dataset.ts';
import { validateDataset } from '../check/validate-dataset.ts';
import { loadModel } from '../model/load-model.ts';
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
    const validation = await validateDataset({ model, dataDir: join(folder, 'csv'), displayDir: `${unpacked ? path : folder}${sep}csv` });
    return { folder: unpacked ? path : folder, checksums, validation };
  } finally {
    unpacked?.cleanup();
  }
}
