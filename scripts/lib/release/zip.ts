import { zipSync, type Zippable } from 'fflate';

/** A fixed timestamp for every entry, so the same files always give the same zip. */
// DOS times are local; building the date from local fields keeps the bytes the same in every time zone.
const FIXED_MTIME = new Date(1980, 0, 1, 12, 0, 0);

/** A zip of `entries` in the order given, mode 0644, fixed times. */
export function reproducibleZipEntries(entries: Iterable<readonly [string, Uint8Array]>): Uint8Array {
  const zippable: Zippable = {};
  for (const [path, bytes] of entries) {
    // Unix mode in the upper 16 bits of the external attributes, as zip tools on Unix write it.
    zippable[path] = [bytes, { mtime: FIXED_MTIME, os: 3, attrs: (0o100644 << 16) >>> 0, level: 9 }];
  }
  return zipSync(zippable);
}

/** A zip of `files` (relative paths) under `folder/`, entries sorted, mode 0644, fixed times. */
export function reproducibleZip(folder: string, files: ReadonlyMap<string, Uint8Array>): Uint8Array {
  return reproducibleZipEntries([...files.keys()].sort().map((path) => [`${folder}/${path}`, files.get(path)!] as const));
}
