import { visible } from './visible.ts';

/**
 * The GitHub Actions log channel. The runner reads a step's stdout and stderr line by line (a line
 * ends at LF, CR or CR LF) and runs as a workflow command
 *  - a line that starts with `::` once leading whitespace is trimmed (.NET's `TrimStart`, so any
 *    Unicode space, NEL and U+2028 included): `::error file=…::message`, `::stop-commands::…`;
 *  - a line that holds `##[` anywhere, followed by a command name and `]` (the legacy form:
 *    `##[set-output name=x;]…`, `##[add-mask]…`).
 * So the commands the project means to give are written by `command`, and every other line of a
 * step's log by `plain`: no value from the data can start a command, stop command processing or
 * turn one of our annotations into something else.
 */

export type AnnotationLevel = 'error' | 'warning' | 'notice';

/** Properties of an annotation, in the order they are written; an undefined one is left out. */
export type AnnotationProperties = Readonly<Record<string, string | number | undefined>>;

/** One workflow command, as one line without its line feed: `::warning file=data/a.csv,line=3,title=…::message`. */
export function command(level: AnnotationLevel, properties: AnnotationProperties, message: string): string {
  const written = Object.entries(properties).flatMap(([name, value]) => (value === undefined ? [] : [`${name}=${escapeProperty(String(value))}`]));
  return `::${level}${written.length ? ` ${written.join(',')}` : ''}::${escapeData(message)}`;
}

/**
 * Log text that gives no command: each line that the runner would take for one is changed so it
 * reads the same to a person (a WORD JOINER, U+2060, which is not whitespace to .NET, goes between
 * the two colons, or between `#` and `#[`). Line breaks are kept.
 */
export function plain(text: string): string {
  return text.replace(LEGACY, LEGACY_INERT).replace(LINE_START_COMMAND, `$1$2:${WORD_JOINER}`);
}

/**
 * Text with no legacy command in it (`##[` never appears): the project writes none, so the CLI's
 * output goes through this whatever the command, with the terminal guard.
 */
export const withoutLegacyCommands = (text: string): string => text.replace(LEGACY, LEGACY_INERT);

/** The message of a command: in its visible form (one line, so the runner reads it whole), then escaped as the runner unescapes it. */
function escapeData(text: string): string {
  return visible(text).replace(/%/g, '%25').replace(LEGACY, LEGACY_INERT);
}

/** A property value: as a message, and `:` and `,` too, which end a property. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const WORD_JOINER = '\u2060';
const LEGACY = /##\[/g;
const LEGACY_INERT = `#${WORD_JOINER}#[`;
/**
 * The start of a line, then what .NET's `char.IsWhiteSpace` trims (and, to be safe, other controls and
 * invisible characters a log might hold), then `::`.
 */
const LINE_START_COMMAND = /(^|\r\n|[\r\n])([\t\v\f \u0000-\u001F\u007F-\u00A0\u1680\u2000-\u200F\u2028-\u202F\u205F-\u206F\u3000\uFEFF]*):(?=:)/g;
