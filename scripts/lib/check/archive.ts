/** Archived source texts, read on demand and kept normalised for quote matching. */
export interface ArchiveReader {
  /** The path shown to users for a row's archive file. */
  pathOf(template: string, id: string): string;
  /** The archive text normalised with `normaliseForQuote`, or undefined when there is no such file. */
  normalisedText(template: string, id: string): string | undefined;
}

/** The path of an archive file for a row, as a template such as `archive/{id}.txt` fills it. */
export function archivePath(template: string, id: string): string {
  return template.split('{id}').join(id);
}

/**
 * Archives held in memory, by path relative to the data folder (`archive/x.txt`): what a browser has
 * once a person chose files; `displayDir` is how the data folder is shown in messages.
 */
export function textArchive(displayDir: string, texts: ReadonlyMap<string, string>): ArchiveReader {
  const normalised = new Map<string, string>();
  return {
    pathOf: (template, id) => displayJoin(displayDir, archivePath(template, id)),
    normalisedText(template, id) {
      // The same path as a file system would resolve it, so `archive/../x.txt` finds no archive here either way.
      const path = normalisePath(archivePath(template, id));
      if (path === undefined) return undefined;
      const text = texts.get(path);
      if (text === undefined) return undefined;
      if (!normalised.has(path)) normalised.set(path, normaliseForQuote(text));
      return normalised.get(path);
    },
  };
}

/** A relative path with `.` and `..` resolved, or undefined when it leads out of its folder. */
function normalisePath(path: string): string | undefined {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return path.startsWith('/') ? undefined : parts.join('/');
}

/**
 * A file of the data folder as findings show it (`data/actors.csv`), joined and normalised as Node's
 * path.join does on POSIX, so that a browser shows the paths the command line shows.
 */
export function displayJoin(dir: string, file: string): string {
  const joined = dir === '' ? file : `${dir}/${file}`;
  const absolute = joined.startsWith('/');
  const parts: string[] = [];
  for (const part of joined.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else if (part !== '..' || !absolute) parts.push(part);
  }
  const path = `${absolute ? '/' : ''}${parts.join('/')}`;
  return path === '' ? '.' : path;
}

/** Makes a quote and its source comparable: Unicode NFC, straight quotes, `...` for an ellipsis, single spaces. */
export function normaliseForQuote(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u2018\u2019\u201A\u201B\u2032\u02BC]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"')
    .replace(/\u2026/g, '...')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The parts of a quote between `[...]` omission marks, each of which must appear in order. */
export function quoteParts(quote: string): string[] {
  return normaliseForQuote(quote)
    .split(/\s*\[\.\.\.\]\s*/)
    .filter((part) => part.length > 0);
}

export function quoteFoundIn(quote: string, normalisedText: string): boolean {
  // Most quotes are already plain text that the source holds as is; normalise only when that fails.
  if (normalisedText.includes(quote) && !quote.includes('[...]') && !/\s\s|[\n\r\t]/.test(quote)) return true;
  let from = 0;
  for (const part of quoteParts(quote)) {
    const at = normalisedText.indexOf(part, from);
    if (at < 0) return false;
    from = at + part.length;
  }
  return true;
}

/** Where each part of a quote stands in a normalised text, as [start, end) offsets; undefined when it is not there. */
export function quoteRanges(quote: string, normalisedText: string): [number, number][] | undefined {
  const ranges: [number, number][] = [];
  let from = 0;
  for (const part of quoteParts(quote)) {
    const at = normalisedText.indexOf(part, from);
    if (at < 0) return undefined;
    ranges.push([at, at + part.length]);
    from = at + part.length;
  }
  return ranges;
}
