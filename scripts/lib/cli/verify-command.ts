import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import * as terminal from '../escape/terminal.ts';
import { ZipError } from '../read/zip-reader.ts';
import { NotAReleaseError, RELEASE_ZIP_LIMITS, verifyRelease } from '../release/verify-release.ts';
import { textReport } from '../report/text.ts';
import { parseCommandArgs } from './args.ts';
import { isExpectedError } from './known-errors.ts';
import { EXIT_DATA_ERRORS, EXIT_OK, EXIT_USAGE_OR_IO, type CommandIO } from './io.ts';
import { wantsColor } from './paths.ts';

export const VERIFY_USAGE = `Usage: npm run verify -- PATH [--max-bytes N]

Checks a downloaded release, a caucasus-allegiances-X.Y.Z folder or its .zip: every file against
SHA256SUMS, then the data against the release's own schemas with the project's rules, and
that the derived columns (date bounds and precisions, entities) follow from the data.
Nothing is written: a zip is read entry by entry as a stream, the tables, texts and schemas
kept in memory and every other file only hashed. It is refused, before anything is inflated
where possible, if it would inflate to more than
--max-bytes (default ${RELEASE_ZIP_LIMITS.maxTotalBytes.toLocaleString('en-US')}, a release far larger than any so far), has an entry
inflating more than ${RELEASE_ZIP_LIMITS.maxRatio} times, or an entry larger than it declares.
Exit status: 0 all hold, 1 a checksum, the zip or the data fails, 2 PATH cannot be read.
`;

export async function verifyCommand(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommandArgs(argv, io, VERIFY_USAGE, { 'max-bytes': { type: 'string' } }, true);
  if (typeof parsed === 'number') return parsed;
  const { positionals, values } = parsed;
  if (positionals.length !== 1) {
    io.stderr(VERIFY_USAGE);
    return EXIT_USAGE_OR_IO;
  }
  const maxBytes = values['max-bytes'] === undefined ? RELEASE_ZIP_LIMITS.maxTotalBytes : Number(values['max-bytes']);
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) {
    io.stderr(`--max-bytes takes a whole number of bytes, such as 2000000000; got ${JSON.stringify(values['max-bytes'])}.\n`);
    return EXIT_USAGE_OR_IO;
  }
  const path = resolve(io.cwd, positionals[0]!);
  if (!existsSync(path)) {
    io.stderr(`${terminal.text(positionals[0]!)} does not exist.\n`);
    return EXIT_USAGE_OR_IO;
  }
  try {
    const result = await verifyRelease(path, { label: positionals[0]!, limits: { ...RELEASE_ZIP_LIMITS, maxTotalBytes: maxBytes } });
    if (result.checksums.length) {
      io.stdout(
        `✖ ${terminal.text(positionals[0]!)}: ${result.checksums.length} file(s) do not match SHA256SUMS:\n${result.checksums.map((c) => `  ${terminal.text(c.path)}: ${terminal.text(c.problem)}`).join('\n')}\n`,
      );
      return EXIT_DATA_ERRORS;
    }
    io.stdout(`✔ checksums: every file matches SHA256SUMS\n`);
    const report = result.validation!;
    io.stdout(textReport(report, { color: wantsColor(io) }));
    if (result.derived?.length) {
      io.stdout(
        `✖ ${terminal.text(result.derived.join(', '))}: the date bounds, precisions or entities do not follow from the data (the checksums were recomputed after an edit).\n`,
      );
      return EXIT_DATA_ERRORS;
    }
    return report.counts.error > 0 ? EXIT_DATA_ERRORS : EXIT_OK;
  } catch (error) {
    if (error instanceof ZipError || error instanceof NotAReleaseError) {
      io.stdout(`✖ ${terminal.text(error.message)}\n`);
      return EXIT_DATA_ERRORS;
    }
    if (isExpectedError(error)) {
      io.stderr(`Cannot verify ${terminal.text(positionals[0]!)}: ${terminal.text(error.message)}\n`);
      return EXIT_USAGE_OR_IO;
    }
    const problem = fileSystemProblem(error);
    if (problem) {
      io.stderr(`Cannot verify ${terminal.text(positionals[0]!)}: ${terminal.text(problem)}\n`);
      return EXIT_USAGE_OR_IO;
    }
    throw error;
  }
}

/** A file-system error as a sentence (the path and what to do), never Node's own wording; undefined for anything else. */
function fileSystemProblem(error: unknown): string | undefined {
  const { code, path } = error as NodeJS.ErrnoException;
  const where = path ? ` (${path})` : '';
  switch (code) {
    case 'ENOSPC':
      return `the disk is full${where}: free some space in the temporary folder (TMPDIR) and run it again.`;
    case 'EACCES':
    case 'EPERM':
      return `a file cannot be read or written${where}: permission denied.`;
    case 'ENOENT':
      return `a file disappeared while it was being read${where}; run it again.`;
    case 'EISDIR':
    case 'ENOTDIR':
      return `a folder is where a file should be, or the other way round${where}: this is not a release folder or zip.`;
    case 'EMFILE':
    case 'ENFILE':
      return 'too many files are open on this machine; close some programs and run it again.';
    case 'EIO':
      return `the disk could not be read${where}.`;
    default:
      return undefined;
  }
}
