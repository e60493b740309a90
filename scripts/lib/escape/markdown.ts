import { visible } from './visible.ts';

/**
 * The GitHub Markdown channel: job summaries (validate's table of findings, the data diff, refresh's
 * section). A value from the data is written so that GitHub's renderer (CommonMark with the GFM
 * tables, autolinks and strikethrough, then its own @mention, issue-reference and emoji filters)
 * shows it as it is and makes nothing of it: no HTML, no image, no link or autolink, no @mention, no
 * code span that it closes, no table cell or line of its own. Values are in their visible form
 * (`↵` for a line break, `␛` for ESC), as in every channel.
 */

/**
 * Inline prose: a name, a description, a file name in a sentence. What can start markup is escaped
 * (`\*`, `\[`, `\<`…; `|` as `&#124;`, which no table splits at), and so is what would start a block
 * if the value began a line (`-`, `+`, `=`, `1.`, and four leading spaces, which would indent code). GitHub's filters that look at the rendered text (@mentions,
 * e-mail and URL autolinks, `:emoji:`, `#12` issue links) find nothing, as a WORD JOINER stands on
 * each side of `@` and after each `:`, `#`, `www` and the first `/` of `//`.
 */
export function text(value: string): string {
  return visible(value)
    .replace(PROSE_SPECIAL, (char) => PROSE_WRITTEN[char] ?? `\\${char}`)
    .replace(WWW, `$&${WORD_JOINER}`)
    .replace(/\/(?=\/)/g, `/${WORD_JOINER}`)
    .replace(BLOCK_START, '$1\\$2')
    .replace(/^ {4,}/, (spaces) => '&#32;'.repeat(spaces.length));
}

/** A literal value as a code span that its content cannot close: its fence is longer than any run of backticks in it. */
export function code(value: string): string {
  return value === '' ? '' : codeSpan(visible(value));
}

/**
 * A code span around `content` (one line) as CommonMark reads it: a fence of one backtick more than
 * its longest run of backticks, and a space inside each end where the content starts or ends with a
 * backtick or with a space at both ends (CommonMark removes one there). Messages use the same form.
 */
export function codeSpan(content: string): string {
  // Two backticks alone are no code span; a space in one reads as the empty value it is.
  if (content === '') return '` `';
  let longest = 0;
  for (const run of content.matchAll(/`+/g)) longest = Math.max(longest, run[0].length);
  const fence = '`'.repeat(longest + 1);
  const pad = /^`|`$/.test(content) || (/^ .* $/s.test(content) && content.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

/**
 * A finding's message or hint, or a line of a report: text in which a value stands in a code span
 * (as `show()` writes it). Its code spans, read as CommonMark reads them, stay code spans; the rest
 * is prose. A backtick without its match is prose too, so a value that was not put in a code span is
 * still only text.
 */
export function message(value: string): string {
  const line = visible(value);
  const runs = [...line.matchAll(/`+/g)].map((run) => ({ at: run.index, length: run[0].length }));
  // The next run of the same length after each run: a code span's closing fence.
  const closer = new Array<number>(runs.length).fill(-1);
  const lastOfLength = new Map<number, number>();
  for (let i = runs.length - 1; i >= 0; i--) {
    closer[i] = lastOfLength.get(runs[i]!.length) ?? -1;
    lastOfLength.set(runs[i]!.length, i);
  }
  const parts: string[] = [];
  let proseFrom = 0;
  for (let i = 0; i < runs.length; i++) {
    const open = runs[i]!;
    if (open.at < proseFrom || closer[i] === -1) continue;
    const close = runs[closer[i]!]!;
    parts.push(text(line.slice(proseFrom, open.at)), code(withoutPadding(line.slice(open.at + open.length, close.at))));
    proseFrom = close.at + close.length;
    i = closer[i]!;
  }
  parts.push(text(line.slice(proseFrom)));
  return parts.join('');
}

/** A table: header cells and rows of cells, each cell already written with `text`, `code` or `message`. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [tableRow(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(tableRow)];
}

/**
 * One row of a table. GFM splits a row at every `|` that is not escaped, even inside a code span, and
 * takes `\|` as a `|` of the cell; so a `|` in a code span is escaped, and a backslash that would stand
 * right before that escape is kept apart from it by a WORD JOINER (parsers disagree on `\\|`).
 * (Prose writes `|` as `&#124;`, which no table splits at.)
 */
export function tableRow(cells: readonly string[]): string {
  const written = cells.map((cell) => cell.replace(/\\?\|/g, (pipe) => (pipe.length === 2 ? `\\${WORD_JOINER}\\|` : '\\|')));
  return `|${written.map((cell) => (cell === '' ? ' ' : ` ${cell} `)).join('|')}|`;
}

/** The content of a code span as CommonMark reads it: one space off each end when both ends have one. */
const withoutPadding = (content: string): string => (/^ .* $/s.test(content) && content.trim() !== '' ? content.slice(1, -1) : content);

/** U+2060, invisible and not a space: it keeps `@name`, `https://`, `#12` and `:emoji:` from being recognised, not from being read. */
const WORD_JOINER = '\u2060';
/** What may start inline markup (code, emphasis, strikethrough, links and images, HTML, entities, math, tables), and what GitHub's filters look for; `_` inside a word (`source_ids`) emphasises nothing. */
const PROSE_SPECIAL = /[\\`*~[\]<>&$|#:@]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu;
/** How the characters that an escape does not make inert enough are written: a table never splits at `&#124;`, and no filter matches across a WORD JOINER. */
const PROSE_WRITTEN: Readonly<Record<string, string>> = {
  '|': '&#124;',
  '#': `\\#${WORD_JOINER}`,
  '@': `${WORD_JOINER}@${WORD_JOINER}`,
  ':': `:${WORD_JOINER}`,
};
/** `www.` starts an autolink without any punctuation before it. */
const WWW = /www(?=\.)/gi;
/** A list item, a setext underline or an ordered list, had the value begun a line. */
const BLOCK_START = /^(\s*(?:\d{1,9})?)([-+=]|(?<=\d)[.)])/;
