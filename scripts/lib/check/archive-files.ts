import { readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { archivePath, normaliseForQuote, type ArchiveReader } from './archive.ts';
import { detach } from '../text/detach.ts';

/** Reads archives below `dataDir`; `displayDir` is how that directory is shown in messages. */
export function fileArchive(dataDir: string, displayDir: string): ArchiveReader {
  // Per template, per id: asked once per row, so no key is built for the lookup.
  const cache = new Map<string, Map<string, string | undefined>>();
  const root = resolve(dataDir);
  return {
    pathOf: (template, id) => join(displayDir, archivePath(template, id)),
    normalisedText(template, id) {
      let texts = cache.get(template);
      if (!texts) cache.set(template, (texts = new Map()));
      const known = texts.get(id);
      if (known !== undefined || texts.has(id)) return known;
      const path = resolve(root, archivePath(template, id));
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
