import { lstatSync, renameSync, rmSync, writeFileSync, type BigIntStats } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A file that could not be written (full disk, no permission): an I/O problem, exit 2, with its path. */
export class FileWriteError extends Error {
  constructor(
    readonly path: string,
    override readonly cause: NodeJS.ErrnoException,
    message = `cannot write ${path}: ${cause.code ?? cause.message}${cause.code === 'ENOSPC' ? ' (the disk is full)' : ''}`,
  ) {
    super(message);
  }
}

/** A file that another program changed after it was read and before it was to be replaced: left as that program wrote it (exit 2). */
export class FileChangedError extends FileWriteError {
  constructor(path: string) {
    super(
      path,
      Object.assign(new Error('changed since it was read'), { code: 'ECHANGED' }),
      `${path} was changed by another program after it was read, so nothing was rewritten. Run the command again once that program is done with the file.`,
    );
  }
}

/** How a file stood when it was read: the same file, untouched since, has the same stamp. */
export interface FileStamp {
  readonly dev: bigint;
  readonly ino: bigint;
  readonly size: bigint;
  readonly mtimeNs: bigint;
  /** Changed by every write, and unlike mtime not settable by the program that writes. */
  readonly ctimeNs: bigint;
}

export const stampOf = (stats: BigIntStats): FileStamp => ({
  dev: stats.dev,
  ino: stats.ino,
  size: stats.size,
  mtimeNs: stats.mtimeNs,
  ctimeNs: stats.ctimeNs,
});

const sameStamp = (a: FileStamp, b: FileStamp): boolean =>
  a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;

/** Whether the file at `path` still stands as `stamp` says (not replaced, written, or turned into a link). */
export function unchangedSince(path: string, stamp: FileStamp): boolean {
  const now = lstatSync(path, { bigint: true, throwIfNoEntry: false });
  return now !== undefined && now.isFile() && sameStamp(now, stamp);
}

export interface AtomicWriteOptions {
  /** How the file stood when it was read: if another program changed it since, nothing is written (FileChangedError). */
  readonly unchangedSince?: FileStamp;
  /** Called once the new content is in its temporary file, just before the file is compared and replaced; tests change the file here. */
  readonly beforeReplace?: (path: string) => void;
  /** File mode of a new file (less the umask), as writeFileSync takes it. */
  readonly mode?: number;
}

/** Runs a write, turning a failure into a FileWriteError that names the path. */
export function writing<T>(path: string, write: () => T): T {
  try {
    return write();
  } catch (error) {
    if (error instanceof FileWriteError) throw error;
    throw new FileWriteError(path, error as NodeJS.ErrnoException);
  }
}

/** One file for `writeFilesAtomic`: its path, its new content, and how it stood when read (when it was). */
export interface AtomicWrite {
  readonly path: string;
  readonly content: string | Uint8Array;
  /** How the file stood when it was read: if another program changed it since, nothing is written (FileChangedError). */
  readonly unchangedSince?: FileStamp;
}

/**
 * Writes a file through a temporary file in the same directory and a rename, so an interrupted
 * run leaves either the old file or the new one, never half of one. The temporary name starts
 * with a dot and ends in .tmp, so nobody takes it for a table. It is created afresh (never
 * through a link or a file left there), and with `unchangedSince` the rename happens only if
 * the file is still as it was read.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const { unchangedSince: stamp, ...rest } = options;
  writeFilesAtomic([{ path, content, ...(stamp ? { unchangedSince: stamp } : {}) }], rest);
}

/**
 * Writes several files as `writeFileAtomic` writes one: every new content goes to its temporary file
 * first; then, if any of the files changed since it was read, none is replaced (FileChangedError
 * names the first); otherwise each is renamed into place.
 */
export function writeFilesAtomic(writes: readonly AtomicWrite[], options: Omit<AtomicWriteOptions, 'unchangedSince'> = {}): void {
  const temporaries = writes.map(({ path }) => join(dirname(path), `.${basename(path)}.${process.pid}.tmp`));
  try {
    writes.forEach(({ path, content }, i) =>
      writing(path, () => {
        // A link or file of that name (left by a killed run, or put there) is removed, not written through.
        rmSync(temporaries[i]!, { force: true });
        writeFileSync(temporaries[i]!, content, { flag: 'wx', ...(options.mode !== undefined ? { mode: options.mode } : {}) });
      }),
    );
    for (const { path } of writes) options.beforeReplace?.(path);
    const changed = writes.find(({ path, unchangedSince: stamp }) => stamp && !unchangedSince(path, stamp));
    if (changed) throw new FileChangedError(changed.path);
    writes.forEach(({ path }, i) => writing(path, () => renameSync(temporaries[i]!, path)));
  } catch (error) {
    for (const temporary of temporaries) rmSync(temporary, { force: true });
    throw error;
  }
}
