import { readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { detach } from '../text/detach.ts';

/** Archived source texts, read on demand and kept normalised for quote matching. */
export interface ArchiveReader {
  /** The path shown to users for a row's archive file. */
  pathOf(template: string, id: string): string;
  /** The archive text normalised with `normaliseForQuote`, or undefined when there is no such file. */
  normalisedText(template: string, id: string): string | undefined;
}

/** Reads archives below `dataDir`; `displayDir` is how that directory is shown in messages. */
export function fileArchive(dataDir: string, displayDir: string): ArchiveReader {
  // Per template, per id: asked once per row, so no key is built for the lookup.
  const cache = new Map<string, Map<string, string | undefined>>();
  const root = resolve(dataDir);
  const fill = (template: string, id: string): string => template.split('{id}').join(id);
  return {
    pathOf: (template, id) => join(displayDir, fill(template, id)),
    normalisedText(template, id) {
      let texts = cache.get(template);
      if (!texts) cache.set(template, (texts = new Map()));
      const known = texts.get(id);
      if (known !== undefined || texts.has(id)) return known;
      const path = resolve(root, fill(template, id));
      // Ids are slugs, but never let one reach outside the data directory.
      const inside = relative(root, path);
      const text = inside.startsWith('..') || isAbsolute(inside) ? undefined : readTextOrUndefined(path, root);
      texts.set(detach(id), text);
      return text;
    },
  };
}

function readTextOrUndefined(path: string, root: string): string | undefined {
  const text = readInside(root, path);
  return text === undefined ? undefined : normaliseForQuote(text);
}

/** The text of a file below `root`, or undefined when it is missing, unreadable, or (through `..` or a link) outside it. */
export function readInside(root: string, path: string): string | undefined {
  const bytes = readBytesInside(root, path);
  return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
}

/** The bytes of a file below `root`, or undefined when it is missing, unreadable, or (through `..` or a link) outside it. */
export function readBytesInside(root: string, path: string): Uint8Array | undefined {
  try {
    const inside = relative(root, resolve(root, path));
    if (inside.startsWith('..') || isAbsolute(inside)) return undefined;
    // A symbolic link must not lead out of the data directory either.
    const real = relative(realpathSync.native(root), realpathSync.native(resolve(root, path)));
    if (real.startsWith('..') || isAbsolute(real)) return undefined;
    return readFileSync(resolve(root, path));
  } catch {
    return undefined;
  }
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
