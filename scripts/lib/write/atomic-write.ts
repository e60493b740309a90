import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A file that could not be written (full disk, no permission): an I/O problem, exit 2, with its path. */
export class FileWriteError extends Error {
  constructor(
    readonly path: string,
    override readonly cause: NodeJS.ErrnoException,
  ) {
    super(`cannot write ${path}: ${cause.code ?? cause.message}${cause.code === 'ENOSPC' ? ' (the disk is full)' : ''}`);
  }
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

/**
 * Writes a file through a temporary file in the same directory and a rename, so an interrupted
 * run leaves either the old file or the new one, never half of one. The temporary name starts
 * with a dot and ends in .tmp, so nobody takes it for a table.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  writing(path, () => {
    try {
      writeFileSync(temporary, content);
      renameSync(temporary, path);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
  });
}
