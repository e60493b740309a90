import { parseArgs, type ParseArgsConfig } from 'node:util';
import * as terminal from '../escape/terminal.ts';
import { EXIT_OK, EXIT_USAGE_OR_IO, type CommandIO } from './io.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses a command's arguments with `--help`/`-h` added. Returns the parsed values, or the exit code
 * when the command is done already: 0 after printing the usage, 2 after a usage error. Options that
 * npm kept for itself, because `--` was left out of `npm run validate --data DIR`, are a usage error
 * that says how to pass them on.
 */
export function parseCommandArgs<const O extends Options>(argv: string[], io: CommandIO, usage: string, options: O, allowPositionals = false) {
  try {
    if (argv.includes('--help') || argv.includes('-h')) {
      io.stdout(usage);
      return EXIT_OK;
    }
    const kept = keptByNpm(argv, io.env, usage, options);
    if (kept) {
      io.stderr(`${terminal.text(kept)}\n\n${usage}`);
      return EXIT_USAGE_OR_IO;
    }
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (error) {
    const unexpected = (error as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' && io.env.npm_lifecycle_event !== undefined;
    const message = (error as Error).message.replace(/([^.])$/, '$1.');
    io.stderr(`${terminal.text(message)}${unexpected ? `\n${terminal.text(withoutDashes(usage, argv))}` : ''}\n\n${usage}`);
    return EXIT_USAGE_OR_IO;
  }
}

/** The command as its usage names it: `validate` for `Usage: npm run validate -- …`. */
const commandOf = (usage: string): string | undefined => /npm run ([\w:-]+)/.exec(usage)?.[1];

/**
 * When npm ran this command and kept some of its options for itself (`npm run format --fix` runs
 * format without --fix; `npm run validate --data DIR` gives the command only `DIR`), what to type
 * instead. npm tells what it kept in `npm_config_<name>` (`true` for a flag, or for an option whose
 * value it left as an argument).
 */
function keptByNpm(argv: readonly string[], env: NodeJS.ProcessEnv, usage: string, options: Options): string | undefined {
  const command = commandOf(usage);
  if (!command || env.npm_lifecycle_event !== command) return undefined;
  const positional = argv.filter((arg) => !arg.startsWith('-'));
  const given: string[] = [];
  const kept: string[] = [];
  for (const [name, option] of Object.entries(options)) {
    const value = env[`npm_config_${name.replace(/-/g, '_')}`] ?? expandedByNpm(name, argv, positional, env, usage);
    if (value === undefined) continue;
    kept.push(`--${name}`);
    if (option.type === 'boolean') given.push(`--${name}`);
    else given.push(`--${name}`, value === 'true' ? (positional.shift() ?? '…') : value);
  }
  if (kept.length === 0) return undefined;
  const typed = [...given, ...positional].map(quoteForShell).join(' ');
  return `npm took ${kept.join(', ')} as ${kept.length === 1 ? 'a setting' : 'settings'} of its own and did not pass ${kept.length === 1 ? 'it' : 'them'} on to the command: options go after \`--\`, as in \`npm run ${command} -- ${typed}\`.`;
}

/**
 * npm's own settings that an option's name is the start of: npm takes `--format` for its
 * `--format-package-lock` ("Expanding --format to --format-package-lock") and passes on only the value.
 */
const NPM_EXPANDS: Readonly<Record<string, string>> = { format: 'format-package-lock' };

/**
 * `true` (the value was left as an argument) when npm took the option for one of its own settings.
 * Some versions of npm say so in `npm_config_format_package_lock`; others say nothing, since its value
 * is the default: then the argument npm passed on being one of the values the usage lists for the
 * option tells.
 */
function expandedByNpm(name: string, argv: readonly string[], positional: readonly string[], env: NodeJS.ProcessEnv, usage: string): string | undefined {
  const own = NPM_EXPANDS[name];
  if (own === undefined || argv.includes(`--${name}`) || positional.length === 0) return undefined;
  if (env[`npm_config_${own.replace(/-/g, '_')}`] !== undefined) return 'true';
  const line = usage.split('\n').find((text) => text.trimStart().startsWith(`--${name} `));
  return line !== undefined && new RegExp(`\\b${positional[0]!.replace(/[^\w]/g, '\\$&')}\\b`).test(line.trimStart().slice(name.length + 2))
    ? 'true'
    : undefined;
}

/** The hint for arguments npm passed on that the command does not take: most often options typed without the `--` before them. */
function withoutDashes(usage: string, argv: readonly string[]): string {
  const command = commandOf(usage);
  return command
    ? `Options go after \`--\`: \`npm run ${command} -- --option value\` (npm keeps options typed before \`--\` for itself, and passes on only their values: here ${argv
        .filter((a) => !a.startsWith('-'))
        .map((a) => `\`${a}\``)
        .join(' ')}).`
    : '';
}

const quoteForShell = (arg: string): string => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);
