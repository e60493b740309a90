import { foldId } from './id-as-meant.ts';
import { decodeArchiveText, type ArchiveProblem } from '../text/archive-text.ts';

/** An archived source text as the validator read it. */
export interface ArchivedText {
  /** Normalised with `normaliseForQuote`; undefined when the text could not be read as it was meant (then no quote is checked against it). */
  readonly normalised: string | undefined;
  /** The text itself, as read (UTF-8, or decoded as it was meant), for showing where a quote differs. */
  readonly text: string | undefined;
  /** What is wrong with how the file is encoded, if anything. */
  readonly problem?: ArchiveProblem;
  /** The file starts with a UTF-8 byte order mark. */
  readonly bom: boolean;
}

/** An archived text read as it was meant that holds nothing but white space: `archive-empty` says so, and no other archive rule looks at it. */
export function isBlankText(archived: ArchivedText): boolean {
  return archived.text !== undefined && archived.text.trim() === '';
}

/** Archived source texts, read on demand and kept normalised for quote matching. */
export interface ArchiveReader {
  /** The path shown to users for a row's archive file. */
  pathOf(template: string, id: string): string;
  /** The archived text of a row, or undefined when there is no such file (or it cannot be read at all). */
  read(template: string, id: string): ArchivedText | undefined;
  /**
   * Files beside where a row's archive belongs whose names are near misses of it, as paths shown to
   * users: `src-b.TXT`, `src-b.txt.txt`, `src-b (1).txt`, `Src-B.txt` for `src-b.txt`. None is read.
   */
  nearMisses(template: string, id: string): readonly string[];
}

/** The path of an archive file for a row, as a template such as `archive/{id}.txt` fills it. */
export function archivePath(template: string, id: string): string {
  return template.split('{id}').join(id);
}

/** The folder of a template's files (`archive`), and what comes before and after the id in a file's name. */
export function archiveFolder(template: string): { folder: string; prefix: string; suffix: string } {
  const slash = template.lastIndexOf('/');
  const name = template.slice(slash + 1);
  const at = name.indexOf('{id}');
  return { folder: slash < 0 ? '' : template.slice(0, slash), prefix: name.slice(0, at), suffix: name.slice(at + 4) };
}

/**
 * The id whose archived text a file name was probably meant to be, when the name is a near miss of
 * the template's (`archive/{id}.txt`): the ending in capitals or twice (Windows hides the `.txt` a name
 * typed with one gets again), a copy's ` (1)` or ` - Copy`, capitals, `_` or spaces in the id. Undefined
 * when the name is exactly the template's or nothing like it.
 */
export function nearMissId(name: string, template: string): string | undefined {
  const { prefix, suffix } = archiveFolder(template);
  if (!suffix || !name.toLowerCase().startsWith(prefix.toLowerCase())) return undefined;
  let stem = name.slice(prefix.length);
  let endings = 0;
  while (stem.toLowerCase().endsWith(suffix.toLowerCase()) && stem.length > suffix.length) {
    stem = stem.slice(0, -suffix.length).replace(COPY_MARK, '');
    endings += 1;
  }
  if (endings === 0) return undefined;
  const id = foldId(stem);
  return id !== '' && `${prefix}${id}${suffix}` !== name ? id : undefined;
}

/** Whether a file name in the archive folder is one the template gives an archived text: exactly `<prefix><id><suffix>`, no near miss. */
export function isArchiveName(name: string, template: string): boolean {
  const { prefix, suffix } = archiveFolder(template);
  return name.startsWith(prefix) && name.endsWith(suffix) && name.length > prefix.length + suffix.length && nearMissId(name, template) === undefined;
}

/** What a browser, Windows or macOS adds to the name of a second download or a copy. */
const COPY_MARK = /(?:\s*\(\d+\)|\s+-\s+copy(?:\s*\(\d+\))?|\s+copy(?:\s+\d+)?)+$/i;

/**
 * Archives held in memory, by path relative to the data folder (`archive/x.txt`): text as it is (the
 * published data, which was read when it was built), or a file's bytes, read as carefully as the
 * command line reads a file (what a person chose in a browser); `displayDir` is how the data folder is
 * shown in messages.
 */
export function textArchive(displayDir: string, texts: ReadonlyMap<string, string | Uint8Array>): ArchiveReader {
  const read = new Map<string, ArchivedText>();
  return {
    pathOf: (template, id) => displayJoin(displayDir, archivePath(template, id)),
    read(template, id) {
      // The same path as a file system would resolve it, so `archive/../x.txt` finds no archive here either way.
      const path = normalisePath(archivePath(template, id));
      if (path === undefined) return undefined;
      const content = texts.get(path);
      if (content === undefined) return undefined;
      let archived = read.get(path);
      if (!archived)
        read.set(path, (archived = typeof content === 'string' ? archivedText({ text: content, bom: false }) : archivedText(decodeArchiveText(content))));
      return archived;
    },
    nearMisses(template, id) {
      const { folder } = archiveFolder(template);
      const missed: string[] = [];
      for (const path of texts.keys()) {
        const slash = path.lastIndexOf('/');
        if (path.slice(0, Math.max(0, slash)) === folder && nearMissId(path.slice(slash + 1), template) === id) missed.push(displayJoin(displayDir, path));
      }
      return missed.sort();
    },
  };
}

/** An archive as the rules see it, from what was decoded. */
export function archivedText(decoded: { readonly text: string | undefined; readonly problem?: ArchiveProblem; readonly bom: boolean }): ArchivedText {
  const { text, problem, bom } = decoded;
  return { text, normalised: text === undefined ? undefined : normaliseForQuote(text), bom, ...(problem ? { problem } : {}) };
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
