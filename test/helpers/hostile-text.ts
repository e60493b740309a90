import fc from 'fast-check';

/**
 * Pieces of text that mean something to one reader or another: line breaks of every kind, terminal
 * escapes and controls, workflow commands, Markdown and HTML syntax, links, mentions, bidirectional
 * overrides, lone surrogates. Property tests of the output channels join them with arbitrary text.
 */
export const HOSTILE_TEXT: readonly string[] = [
  ...['\r', '\n', '\r\n', '\n\n', '\u2028', '\u2029', '\u0085', '\u000b', '\u000c', '\t'],
  ...['\u0000', '\u0007', '\u001b', '\u001b[2J', '\u001b]0;title\u0007', '\u001b[31m', '\u001b[2K', '\u009b', '\u009b2J', '\u007f', '\u0090', '\u009d'],
  ...['\u202e', '\u202d', '\u2066', '\u2069', '\u200f', '\u061c', '\u200b', '\u2060', '\ufeff', '\u00a0', '\u3000', '\ud800', '\udfff'],
  ...['::', '::error::INJECTED', ' ::warning file=x::y', '::stop-commands::token', '::add-mask::x', '##[', '##[set-output name=a;]b', '##[error]x'],
  ...['%', '%0A', '%0D', '%25', '%3A', ',', '=', ':', ';'],
  ...[
    '`',
    '``',
    '```',
    '~~~',
    '\\',
    '\\|',
    '\\\\',
    '|',
    '||',
    '*',
    '**',
    '_',
    '__',
    '~',
    '~~',
    '#',
    '# ',
    '### ',
    '>',
    '> ',
    '- ',
    '+ ',
    '1. ',
    '1) ',
    '---',
    '===',
    '    ',
  ],
  ...[
    '<',
    '>',
    '&',
    '&amp;',
    '&#60;',
    '&lt;',
    '<!--',
    '-->',
    '<img src="https://example.org/x.png">',
    '<script>alert(1)</script>',
    '<details>',
    '</td>',
    '<del>',
    '"',
    "'",
  ],
  ...[
    '[x](https://example.org)',
    '![i](https://example.org/i.png)',
    '[x]: https://example.org',
    '[^1]',
    '<https://example.org>',
    'https://example.org',
    'http://a.b',
    'www.example.org',
    'ftp://x.y',
  ],
  ...['@', '@octocat', 'a@b.org', '@org/team', 'mailto:a@b.org', '#12', 'GH-12', ':shipit:', ':smile:', '$x$', '$$'],
  ...[' ', '  ', 'a', 'zz-ghid', 'Шишани', 'é', 'e\u0301', '😀', '0'],
];

/** Arbitrary text built from hostile pieces, any UTF-16 code units (lone surrogates and every control included) and any code points. */
export function hostileText(): fc.Arbitrary<string> {
  const piece = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)) },
  );
  return fc.array(piece, { maxLength: 10 }).map((pieces) => pieces.join(''));
}

export interface RunnerCommand {
  readonly command: string;
  readonly properties: Record<string, string>;
  readonly data: string;
}

/**
 * The workflow commands the GitHub Actions runner would take from a step's log, as its ActionCommand
 * parser reads them (src/Runner.Common/ActionCommand.cs): lines split at LF, CR and CR LF; a line
 * that starts with `::` after .NET's TrimStart, or that holds `##[` (the legacy form). Any command
 * name counts, as the runner's list of them grows and a stop token is any name.
 */
export function runnerCommands(log: string): RunnerCommand[] {
  const commands: RunnerCommand[] = [];
  for (const line of log.split(/\r\n|\r|\n/)) {
    const trimmed = line.replace(DOTNET_LEADING_WHITESPACE, '');
    const end = trimmed.startsWith('::') ? trimmed.indexOf('::', 2) : -1;
    if (end >= 0) {
      const info = trimmed.slice(2, end);
      const space = info.indexOf(' ');
      const properties: Record<string, string> = {};
      if (space > 0)
        for (const pair of info
          .slice(space + 1)
          .trim()
          .split(',')
          .filter((p) => p !== '')) {
          const [name, value] = splitOnce(pair);
          if (name && value) properties[name] = unescape(value, PROPERTY_ESCAPES);
        }
      commands.push({ command: space < 0 ? info : info.slice(0, space), properties, data: unescape(trimmed.slice(end + 2), DATA_ESCAPES) });
      continue;
    }
    const legacy = line.indexOf('##[');
    if (legacy >= 0 && line.indexOf(']', legacy) >= 0) commands.push({ command: line.slice(legacy + 3, line.indexOf(']', legacy)), properties: {}, data: '' });
  }
  return commands;
}

/** What .NET's char.IsWhiteSpace is true of. */
const DOTNET_LEADING_WHITESPACE = /^[\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+/;
const DATA_ESCAPES: readonly [string, string][] = [
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%25', '%'],
];
const PROPERTY_ESCAPES: readonly [string, string][] = [
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%3A', ':'],
  ['%2C', ','],
  ['%25', '%'],
];
const unescape = (text: string, escapes: readonly [string, string][]): string => escapes.reduce((t, [from, to]) => t.split(from).join(to), text);
const splitOnce = (pair: string): [string, string] => {
  const at = pair.indexOf('=');
  return at < 0 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
};

/**
 * The commands in a step's log that are not the annotations `validate --format github` gives: any
 * command but error, warning and notice; an annotation on a file outside the data directory; a
 * notice that is not the count of annotations left out; a line the runner would take for a command
 * that is not one of these (a legacy `##[`).
 */
export function injectedCommands(log: string, dataDir: string): string[] {
  const commands = runnerCommands(log);
  const lines = log.split(/\r\n|\r|\n/).filter((line) => DOTNET_LEADING_WHITESPACE_OR_NONE.test(line) || line.includes('##['));
  const injected = commands.flatMap((c) => {
    const ours =
      (c.command === 'error' || c.command === 'warning' || (c.command === 'notice' && c.properties.file !== undefined)) &&
      c.properties.file?.startsWith(`${dataDir}/`) &&
      /^[^/]*$/.test(c.properties.file.slice(dataDir.length + 1).replace(/^archive\//, ''));
    const count = c.command === 'notice' && c.properties.file === undefined && /^\d+ more (errors|warnings)$/.test(c.properties.title ?? '');
    return ours || count ? [] : [`${c.command} ${JSON.stringify(c.properties)} ${c.data}`];
  });
  return lines.length === commands.length ? injected : [...injected, `${lines.length} command lines for ${commands.length} commands`];
}

const DOTNET_LEADING_WHITESPACE_OR_NONE = /^[\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*::/;
