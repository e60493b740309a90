import { parseArgs, type ParseArgsConfig } from 'node:util';
import * as terminal from '../escape/terminal.ts';
import { EXIT_OK, EXIT_USAGE_OR_IO, type CommandIO } from './io.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses a command's arguments with `--help`/`-h` added. Returns the parsed values, or the exit code
 * when the command is done already: 0 after printing the usage, 2 after a usage error.
 */
export function parseCommandArgs<const O extends Options>(argv: string[], io: CommandIO, usage: string, options: O, allowPositionals = false) {
  try {
    if (argv.includes('--help') || argv.includes('-h')) {
      io.stdout(usage);
      return EXIT_OK;
    }
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (error) {
    io.stderr(`${terminal.text((error as Error).message)}\n\n${usage}`);
    return EXIT_USAGE_OR_IO;
  }
}
