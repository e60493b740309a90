import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as terminal from '../escape/terminal.ts';
import { FileWriteError, writeFileAtomic, writing } from '../write/atomic-write.ts';
import { EXIT_DATA_ERRORS, EXIT_OK, EXIT_USAGE_OR_IO, type CommandIO } from './io.ts';

/**
 * Brings derived files up to date, or with `check` only names the stale ones (exit 1), as
 * `generate` and `render` do. Files are written atomically; a write failure is exit 2 with its path.
 */
export function syncFiles(io: CommandIO, files: ReadonlyMap<string, string>, check: boolean, command: string): number {
  const stale = [...files].filter(([path, content]) => readOrEmpty(resolve(io.cwd, path)) !== content).map(([path]) => path);
  if (check) {
    if (stale.length === 0) return EXIT_OK;
    io.stderr(`Out of date: ${stale.join(', ')}\nRun \`npm run ${command}\` and commit the result.\n`);
    return EXIT_DATA_ERRORS;
  }
  try {
    for (const path of stale) {
      const target = resolve(io.cwd, path);
      writing(target, () => mkdirSync(dirname(target), { recursive: true }));
      writeFileAtomic(target, files.get(path)!);
    }
  } catch (error) {
    if (!(error instanceof FileWriteError)) throw error;
    io.stderr(`${terminal.text(error.message)}\n`);
    return EXIT_USAGE_OR_IO;
  }
  io.stdout(stale.length ? `Wrote ${stale.join(', ')}\n` : `${[...files.keys()].join(', ')}: up to date\n`);
  return EXIT_OK;
}

/** A file's text, or '' when it does not exist: a missing derived file is a stale one. */
export function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
