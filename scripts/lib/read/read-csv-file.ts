import { createReadStream } from 'node:fs';
import { openPlainFile } from '../files/confined.ts';
import { CsvReadError, readCsvBytes, type CsvFileFacts, type CsvHandlers, type CsvRow, type ReadOptions } from './read-csv.ts';

/**
 * Streams the table `file` of the folder `root` as `readCsv` does, or says why it is not read: there
 * is no such file, or it is a symbolic link (never followed). The path must stay inside `root`.
 */
export function readTableCsv(
  root: string,
  file: string,
  handlers: CsvHandlers | ((row: CsvRow) => void),
  options: ReadOptions = {},
): Promise<CsvFileFacts> | 'missing' | 'link' {
  const opened = openPlainFile(root, file);
  return typeof opened === 'string' ? opened : readCsv(opened.path, handlers, options, opened.fd);
}

/**
 * Streams a CSV file row by row into `handlers.row`. Memory stays flat: a few chunks and one row at a time.
 * Bytes are decoded here rather than by papaparse, which would split multi-byte characters at chunk edges.
 */
export async function readCsv(path: string, handlers: CsvHandlers | ((row: CsvRow) => void), options: ReadOptions = {}, fd?: number): Promise<CsvFileFacts> {
  // Given `fd` (a file opened by files/confined.ts), `path` only names it in errors.
  const file = createReadStream(path, { highWaterMark: options.chunkSize ?? 1 << 16, ...(fd !== undefined ? { fd } : {}) });
  const failure = new Promise<never>((_, reject) => file.on('error', (error) => reject(new CsvReadError(path, error))));
  failure.catch(() => {});
  try {
    const source = options.onBytes ? counted(file, options.onBytes) : file;
    return await Promise.race([readCsvBytes(source, handlers), failure]);
  } catch (error) {
    // Errors of the file system are I/O errors; an error thrown by a handler stays what it is.
    throw error instanceof CsvReadError || !isSystemError(error) ? error : new CsvReadError(path, error);
  } finally {
    file.destroy();
  }
}

function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

async function* counted(source: AsyncIterable<Uint8Array>, onBytes: (bytes: number) => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    onBytes(chunk.length);
    yield chunk;
  }
}
