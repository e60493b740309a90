import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import * as terminal from '../escape/terminal.ts';
import { SchemaError } from '../model/load-model.ts';
import { CsvReadError } from '../read/read-csv.ts';
import { verifyRelease } from '../release/verify-release.ts';
import { textReport } from '../report/text.ts';
import { parseCommandArgs } from './args.ts';
import { EXIT_DATA_ERRORS, EXIT_OK, EXIT_USAGE_OR_IO, type CommandIO } from './io.ts';
import { wantsColor } from './paths.ts';

export const VERIFY_USAGE = `Usage: npm run verify -- PATH

Checks a downloaded release, a caucasus-allegiances-X.Y.Z folder or its .zip: every file against
SHA256SUMS, then the data against the release's own schemas with the project's rules, and
that the derived columns (date bounds and precisions, entities) follow from the data.
Exit status: 0 both hold, 1 a checksum or the data fails, 2 PATH cannot be read.
`;

export async function verifyCommand(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommandArgs(argv, io, VERIFY_USAGE, {}, true);
  if (typeof parsed === 'number') return parsed;
  const { positionals } = parsed;
  if (positionals.length !== 1) {
    io.stderr(VERIFY_USAGE);
    return EXIT_USAGE_OR_IO;
  }
  const path = resolve(io.cwd, positionals[0]!);
  if (!existsSync(path)) {
    io.stderr(`${terminal.text(positionals[0]!)} does not exist.\n`);
    return EXIT_USAGE_OR_IO;
  }
  try {
    const result = await verifyRelease(path);
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
    if (error instanceof CsvReadError || error instanceof SchemaError || (error as NodeJS.ErrnoException).code || error instanceof Error) {
      io.stderr(`Cannot verify ${terminal.text(positionals[0]!)}: ${terminal.text((error as Error).message)}\n`);
      return EXIT_USAGE_OR_IO;
    }
    throw error;
  }
}
