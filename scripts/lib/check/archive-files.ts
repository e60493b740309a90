import { join } from 'node:path';
import { archiveFolder, archivedText, archivePath, nearMissId, type ArchivedText, type ArchiveReader } from './archive.ts';
import { filesInside, readBytesInside } from '../files/confined.ts';
import { decodeArchiveText } from '../text/archive-text.ts';
import { detach } from '../text/detach.ts';

/** Reads archives below `dataDir` (never outside it, links included); `displayDir` is how that directory is shown in messages. */
export function fileArchive(dataDir: string, displayDir: string): ArchiveReader {
  // Per template, per id: asked once per row, so no key is built for the lookup.
  const cache = new Map<string, Map<string, ArchivedText | undefined>>();
  /** Per folder, its files' names by the id each is a near miss for. */
  const nearMissesIn = new Map<string, Map<string, string[]>>();
  return {
    pathOf: (template, id) => join(displayDir, archivePath(template, id)),
    read(template, id) {
      let texts = cache.get(template);
      if (!texts) cache.set(template, (texts = new Map()));
      const known = texts.get(id);
      if (known !== undefined || texts.has(id)) return known;
      // Ids are slugs, but one that climbs out of the data directory, or an archive that is a link out of it, is no archive.
      const bytes = readBytesInside(dataDir, archivePath(template, id));
      const archived = bytes === undefined ? undefined : archivedText(decodeArchiveText(bytes));
      texts.set(detach(id), archived);
      return archived;
    },
    nearMisses(template, id) {
      let byId = nearMissesIn.get(template);
      if (!byId) {
        nearMissesIn.set(template, (byId = new Map()));
        const { folder } = archiveFolder(template);
        for (const path of filesInside(dataDir, folder || '.')) {
          const name = path.slice(path.lastIndexOf('/') + 1);
          const meant = nearMissId(name, template);
          if (meant !== undefined) byId.set(meant, [...(byId.get(meant) ?? []), join(displayDir, folder, name)]);
        }
      }
      return byId.get(id) ?? [];
    },
  };
}
