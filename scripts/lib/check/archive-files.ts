import { join } from 'node:path';
import { archivePath, normaliseForQuote, type ArchiveReader } from './archive.ts';
import { readInside } from '../files/confined.ts';
import { detach } from '../text/detach.ts';

/** Reads archives below `dataDir` (never outside it, links included); `displayDir` is how that directory is shown in messages. */
export function fileArchive(dataDir: string, displayDir: string): ArchiveReader {
  // Per template, per id: asked once per row, so no key is built for the lookup.
  const cache = new Map<string, Map<string, string | undefined>>();
  return {
    pathOf: (template, id) => join(displayDir, archivePath(template, id)),
    normalisedText(template, id) {
      let texts = cache.get(template);
      if (!texts) cache.set(template, (texts = new Map()));
      const known = texts.get(id);
      if (known !== undefined || texts.has(id)) return known;
      // Ids are slugs, but one that climbs out of the data directory, or an archive that is a link out of it, is no archive.
      const text = readInside(dataDir, archivePath(template, id));
      const normalised = text === undefined ? undefined : normaliseForQuote(text);
      texts.set(detach(id), normalised);
      return normalised;
    },
  };
}
