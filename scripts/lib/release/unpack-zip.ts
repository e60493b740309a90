import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openAsBlob, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openZip, shownName, ZipError, type ZipLimits } from '../read/zip-reader.ts';

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

export interface UnpackedZip {
  readonly dir: string;
  /** sha256 of every file entry, by its name in the zip, computed as it was inflated. */
  readonly hashes: ReadonlyMap<string, string>;
  cleanup(): void;
}

/**
 * Unpacks the zip at `zipPath` into a new temporary folder, inflating each entry as a stream straight
 * to its file and its hash, and refusing (ZipError, nothing left behind) a name that could land outside
 * the folder or any entry past the limits. The folder is the caller's to remove with `cleanup`.
 */
export async function unpackZip(zipPath: string, label: string, limits: ZipLimits = RELEASE_ZIP_LIMITS): Promise<UnpackedZip> {
  const dir = mkdtempSync(join(tmpdir(), 'verify-'));
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    const zip = await openZip(await openAsBlob(zipPath), label, limits);
    const hashes = new Map<string, string>();
    try {
      for (const entry of zip.entries) {
        const path = entryPath(entry.name, label);
        if (entry.directory) {
          makeFolder(join(dir, path), entry.name, label);
          continue;
        }
        makeFolder(join(dir, dirname(path)), entry.name, label);
        const fd = openNew(join(dir, path), entry.name, label);
        const hash = createHash('sha256');
        try {
          await zip.inflate(entry, (bytes) => {
            hash.update(bytes);
            for (let written = 0; written < bytes.length;) written += writeSync(fd, bytes, written);
          });
        } finally {
          closeSync(fd);
        }
        hashes.set(entry.name, hash.digest('hex'));
      }
    } finally {
      await zip.close();
    }
    return { dir, hashes, cleanup };
  } catch (error) {
    cleanup();
    throw error;
  }
}

/**
 * The entry's name as a relative path. zip.js already refuses names that climb out; this also refuses
 * control characters, which no release's names have and which a terminal would act on.
 */
function entryPath(name: string, label: string): string {
  const parts = name.replace(/\/$/, '').split('/');
  const unsafe =
    name === '' ||
    name.startsWith('/') ||
    /^[A-Za-z]:/.test(name) ||
    name.includes('\\') ||
    /[\u0000-\u001f\u007f-\u009f]/.test(name) ||
    parts.some((part) => part === '' || part === '.' || part === '..');
  if (unsafe) {
    throw new ZipError(
      `The entry ${shownName(name)} in ${label} has a name no release has (control characters, or a path outside its folder): nothing was unpacked; do not use this zip.`,
      name,
    );
  }
  return parts.join('/');
}

function makeFolder(path: string, name: string, label: string): void {
  try {
    mkdirSync(path, { recursive: true });
  } catch (error) {
    throw fileProblem(error, name, label);
  }
}

/** Opens a file that must not exist yet: a second entry of the same path, or one through a link, is refused rather than followed. */
function openNew(path: string, name: string, label: string): number {
  try {
    return openSync(path, 'wx', 0o644);
  } catch (error) {
    throw fileProblem(error, name, label);
  }
}

function fileProblem(error: unknown, name: string, label: string): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EEXIST' || code === 'ENOTDIR') {
    return new ZipError(
      `The entry ${shownName(name)} in ${label} collides with another entry of the same path: nothing was unpacked; do not use this zip.`,
      name,
    );
  }
  return error as Error;
}
