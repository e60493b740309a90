import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, realpathSync, rmSync, type BigIntStats } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CsvReadError } from '../read/read-csv.ts';
import { stampOf, writeFileAtomic, writeFilesAtomic, writing, type AtomicWrite, type AtomicWriteOptions, type FileStamp } from '../write/atomic-write.ts';

/*
 * The one place where a path that comes from a schema (x-file, x-archive), a release (SHA256SUMS,
 * zip entries) or a file name (archived texts named by source ids) meets the file system. Every such
 * path is resolved below its folder (the data folder, a release folder, a temporary folder) and must
 * stay there, through symbolic links too; a table is never read through a link at all.
 */

/** A path that would lead out of its folder: refused before anything is read or written (exit 2). */
export class OutsideFolderError extends Error {
  constructor(
    readonly folder: string,
    readonly path: string,
    why: string,
  ) {
    super(`${JSON.stringify(path.slice(0, 200))} is refused: ${why} ${folder}; nothing outside it is read or written.`);
  }
}

/**
 * The absolute path of `path` below `root`. Refused (OutsideFolderError) when it is absolute, climbs
 * out with `..`, names the folder itself, or when a symbolic link on the way, the file itself
 * included, leads out of `root`. A link that stays inside is followed where the caller allows it.
 */
export function pathInside(root: string, path: string): string {
  const target = lexicallyInside(root, path);
  if (target === undefined) throw new OutsideFolderError(root, path, 'it is not a path inside');
  if (!realPathInside(root, target)) throw new OutsideFolderError(root, path, 'a symbolic link on its way leads out of');
  return target;
}

/** Like `pathInside`, but only the folders on the way are checked: the file itself, even a link, is for the caller to judge without following it. */
function folderInside(root: string, path: string): string {
  const target = lexicallyInside(root, path);
  if (target === undefined) throw new OutsideFolderError(root, path, 'it is not a path inside');
  if (dirname(target) !== resolve(root) && !realPathInside(root, dirname(target)))
    throw new OutsideFolderError(root, path, 'a symbolic link on its way leads out of');
  return target;
}

/** `path` resolved below `root` by its text alone, or undefined when it is absolute or leads out. */
function lexicallyInside(root: string, path: string): string | undefined {
  if (path === '' || path.includes('\0') || isAbsolute(path)) return undefined;
  const target = resolve(root, path);
  return isBelow(resolve(root), target) ? target : undefined;
}

function isBelow(folder: string, path: string): boolean {
  const inside = relative(folder, path);
  return inside !== '' && inside !== '..' && !inside.startsWith(`..${sep}`) && !isAbsolute(inside);
}

/** Whether the deepest part of `target` that exists (the whole of it, when it does) is really below `root`, links resolved. */
function realPathInside(root: string, target: string): boolean {
  const realRoot = realpathSync.native(root);
  for (let path = target; ; path = dirname(path)) {
    let real: string;
    try {
      real = realpathSync.native(path);
    } catch {
      // Missing, or a link to nothing: what exists above it decides.
      if (dirname(path) === path) return false;
      continue;
    }
    return real === realRoot ? path !== target : isBelow(realRoot, real);
  }
}

/** A file opened for reading, with how it stood when opened. */
export interface OpenedFile {
  readonly path: string;
  readonly fd: number;
  readonly stamp: FileStamp;
}

/**
 * Opens a plain file below `root` (a table, a file of a release) without following a link: the open
 * file, or `missing`, or `link` (a symbolic link, wherever it points, is never read). Anything else
 * that is not a regular file, or cannot be opened, is a CsvReadError.
 */
export function openPlainFile(root: string, file: string): OpenedFile | 'missing' | 'link' {
  const path = folderInside(root, file);
  const stats = lstatSync(path, { throwIfNoEntry: false });
  if (!stats) return 'missing';
  if (stats.isSymbolicLink()) return 'link';
  let fd: number;
  try {
    // O_NOFOLLOW: a link put in its place since lstat is refused too; O_NONBLOCK: a FIFO cannot hang the open.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'missing';
    if (code === 'ELOOP') return 'link';
    throw new CsvReadError(path, error as NodeJS.ErrnoException);
  }
  return { path, fd, stamp: regularFileStamp(path, fd) };
}

/** The stamp of an open file, or, closing it, a CsvReadError when it is not a regular file (a directory, a FIFO, a device). */
function regularFileStamp(path: string, fd: number): FileStamp {
  const stats = fstatSync(fd, { bigint: true });
  if (stats.isFile()) return stampOf(stats);
  closeSync(fd);
  throw new CsvReadError(path, notAFile(stats));
}

function notAFile(stats: BigIntStats): NodeJS.ErrnoException {
  return Object.assign(new Error(stats.isDirectory() ? 'it is a directory' : 'it is not a regular file'), stats.isDirectory() ? { code: 'EISDIR' } : {});
}

/** A plain file's bytes and how it stood when read, or `missing` or `link` as `openPlainFile` says. */
export function readPlainFile(root: string, file: string): { readonly bytes: Uint8Array; readonly stamp: FileStamp } | 'missing' | 'link' {
  const opened = openPlainFile(root, file);
  if (typeof opened === 'string') return opened;
  try {
    return { bytes: readFileSync(opened.fd), stamp: opened.stamp };
  } catch (error) {
    throw new CsvReadError(opened.path, error as NodeJS.ErrnoException);
  } finally {
    closeSync(opened.fd);
  }
}

/** Bytes of a regular file below `root`; 0 for one that is missing or a link. */
export function plainFileSize(root: string, file: string): number {
  const stats = lstatSync(folderInside(root, file), { throwIfNoEntry: false });
  return stats?.isFile() ? stats.size : 0;
}

/**
 * The bytes of a regular file below `root`, following links that stay inside it (an archived text
 * may be one). OutsideFolderError when the path or a link leads out; CsvReadError when it is missing
 * or cannot be read.
 */
export function readFileInside(root: string, path: string): Uint8Array {
  const target = pathInside(root, path);
  let fd: number;
  try {
    fd = openSync(target, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new CsvReadError(target, error as NodeJS.ErrnoException);
  }
  try {
    regularFileStamp(target, fd);
    return readFileSync(fd);
  } catch (error) {
    throw error instanceof CsvReadError ? error : new CsvReadError(target, error as NodeJS.ErrnoException);
  } finally {
    closeSync(fd);
  }
}

/** Like `readFileInside`, or undefined when the file is missing, unreadable or outside `root`. */
export function readBytesInside(root: string, path: string): Uint8Array | undefined {
  try {
    return readFileInside(root, path);
  } catch {
    return undefined;
  }
}

/** The UTF-8 text of `readBytesInside`, or undefined. */
export function readInside(root: string, path: string): string | undefined {
  const bytes = readBytesInside(root, path);
  return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
}

/** The names of the files (links included, for the reader to judge) directly in `folder` below `root`, as `folder/name`, sorted; none when it does not exist or leads out. */
export function filesInside(root: string, folder: string): string[] {
  try {
    return readdirSync(pathInside(root, folder), { withFileTypes: true })
      .filter((entry) => entry.isFile() || entry.isSymbolicLink())
      .map((entry) => `${folder}/${entry.name}`)
      .sort();
  } catch {
    return [];
  }
}

/** How each entry below `root` stands, by relative path with `/`: every regular file, and what else there is (links are never followed). */
export function walkInside(root: string): { readonly files: string[]; readonly others: { readonly path: string; readonly kind: string }[] } {
  const files: string[] = [];
  const others: { path: string; kind: string }[] = [];
  const walk = (prefix: string): void => {
    for (const entry of readdirSync(prefix ? pathInside(root, prefix) : root, { withFileTypes: true })) {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(path);
      else others.push({ path, kind: entry.isSymbolicLink() ? 'a symbolic link' : 'not a regular file' });
    }
  };
  walk('');
  return { files: files.sort(), others };
}

/**
 * Writes `content` to `path` below `root` through a temporary file and a rename (write/atomic-write.ts),
 * making the folders on its way, all below `root`.
 */
export function writeInside(root: string, path: string, content: string | Uint8Array, options: AtomicWriteOptions = {}): string {
  const target = pathInside(root, path);
  const folder = dirname(target);
  if (folder !== resolve(root)) writing(folder, () => mkdirSync(folder, { recursive: true }));
  // Checked again now that the folders exist: none of them may have been a link out.
  pathInside(root, path);
  writeFileAtomic(target, content, options);
  return target;
}

/** Removes the file `path` below `root` (a link itself, never what it points at); nothing when it is not there. */
export function removeInside(root: string, path: string): void {
  const target = folderInside(root, path);
  writing(target, () => rmSync(target, { force: true }));
}

/** Replaces files directly below `root` together, as `writeFilesAtomic` does: none if any changed since it was read. */
export function replaceInside(root: string, writes: readonly AtomicWrite[], options: Omit<AtomicWriteOptions, 'unchangedSince'> = {}): void {
  writeFilesAtomic(
    writes.map((write) => ({ ...write, path: pathInside(root, write.path) })),
    options,
  );
}

/** The bytes of a plain file below `root` for a writer, which needs the table: missing, or a link, it is a CsvReadError that says so. */
export function requirePlainFile(root: string, file: string): Uint8Array {
  const read = readPlainFile(root, file);
  if (read === 'missing') throw new CsvReadError(join(root, file), Object.assign(new Error('no such file'), { code: 'ENOENT' }));
  if (read === 'link') throw new CsvReadError(join(root, file), new Error('it is a symbolic link, and tables are never read through one'));
  return read.bytes;
}
