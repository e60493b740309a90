import * as terminal from '../escape/terminal.ts';
import { OutsideFolderError } from '../files/confined.ts';
import { SchemaError } from '../model/load-model.ts';
import { CsvReadError } from '../read/read-csv.ts';
import { FileWriteError } from '../write/atomic-write.ts';
import { EXIT_USAGE_OR_IO, type CommandIO } from './io.ts';

/**
 * The exit code for an error a command expects at the CLI edge (a file it cannot read or write, a
 * broken schema): its message, and exit 2. Anything else is a bug, and is thrown on.
 */
export function exitForIoError(io: CommandIO, error: unknown): number {
  if (isExpectedError(error)) {
    io.stderr(`${terminal.text(error.message)}\n`);
    return EXIT_USAGE_OR_IO;
  }
  throw error;
}

/** An error a command expects at the CLI edge: a file it cannot read or write, a path outside its folder, a broken schema. */
export function isExpectedError(error: unknown): error is Error {
  return error instanceof FileWriteError || error instanceof CsvReadError || error instanceof SchemaError || error instanceof OutsideFolderError;
}
