import * as zip from '@zip.js/zip.js';

/**
 * A zip opened from any Blob (a file in Node through fs.openAsBlob, a chosen file in a browser) and
 * inflated entry by entry as a stream, under limits checked from its table of contents before anything
 * is inflated. zip.js reads it in its strictest mode: names that climb out, entries that share their
 * bytes, data outside the zip structure and local headers that disagree with the table of contents are
 * refused, and inflating stops the moment an entry passes the size it declares. So no zip, however it
 * was made, takes more than the limits: the declared sizes bound the total, and the ratio bounds each.
 */

export interface ZipLimits {
  /** Most bytes all entries may declare, and so inflate to, together. */
  readonly maxTotalBytes: number;
  readonly maxEntries: number;
  /** Most inflated bytes per compressed byte an entry may declare once it is larger than `ratioAfterBytes`. */
  readonly maxRatio: number;
  readonly ratioAfterBytes: number;
  /** The option that raises `maxTotalBytes`, named in the refusal (e.g. `--max-bytes`), if there is one. */
  readonly raiseWith?: string;
}

/** A refusal of the zip, or of one of its entries, in words a person can act on. */
export class ZipError extends Error {
  constructor(
    message: string,
    readonly entry?: string,
  ) {
    super(message);
  }
}

export interface ZipEntry {
  readonly name: string;
  readonly directory: boolean;
  readonly compressedSize: number;
  /** The inflated size the table of contents declares: inflating is stopped the moment it is passed. */
  readonly size: number;
}

export interface OpenZip {
  readonly entries: readonly ZipEntry[];
  /** Inflates `entry`, giving its bytes to `onChunk` a piece at a time, and checks its size and CRC at the end. */
  inflate(entry: ZipEntry, onChunk: (bytes: Uint8Array) => void | Promise<void>): Promise<void>;
  close(): Promise<void>;
}

const READ_OPTIONS = {
  useWebWorkers: false,
  // The platform's own inflater (Node and browsers have DecompressionStream): no WebAssembly, so no CSP change.
  useCompressionStream: true,
  strictness: 'strict',
  filenameValidation: 'strict',
  checkOverlappingEntry: true,
  checkSignature: true,
} as const;

/** A name as it can be shown: quoted, with control, format and line-separator characters spelled out. */
export function shownName(name: string): string {
  return JSON.stringify(name).replace(
    /[\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const bytes = (n: number): string => `${n.toLocaleString('en-US')} bytes`;
const DAMAGED = 'the zip is damaged or was not made by a zip program; download it again';
const CRAFTED =
  'No zip program writes this: the zip was made to exhaust memory or disk (a "zip bomb") or to mislead. Do not use it; get the file again from where it was published';

/** Opens the zip in `blob` (`label` names it in messages) and checks every limit that its table of contents allows. */
export async function openZip(blob: Blob, label: string, limits: ZipLimits): Promise<OpenZip> {
  const reader = new zip.ZipReader(new zip.BlobReader(blob), READ_OPTIONS);
  let listed: zip.Entry[];
  try {
    listed = await reader.getEntries();
  } catch (error) {
    await reader.close().catch(() => undefined);
    throw refusal(error, label);
  }
  const byName = new Map(listed.map((entry) => [entry.filename, entry]));
  const entries: ZipEntry[] = listed.map((entry) => ({
    name: entry.filename,
    directory: entry.directory,
    compressedSize: entry.compressedSize,
    size: entry.uncompressedSize,
  }));
  try {
    checkDeclarations(entries, label, limits);
  } catch (error) {
    await reader.close().catch(() => undefined);
    throw error;
  }
  return {
    entries,
    async inflate(entry, onChunk) {
      const source = byName.get(entry.name);
      if (!source || source.directory) throw new ZipError(`${label} has no file entry ${shownName(entry.name)}.`, entry.name);
      try {
        await source.getData(new WritableStream<Uint8Array>({ write: (chunk) => onChunk(chunk) }), READ_OPTIONS);
      } catch (error) {
        if (error instanceof ZipError || !(error instanceof Error) || !isZipJsError(error)) throw error;
        throw refusal(error, label, entry);
      }
    },
    close: () => reader.close(),
  };
}

function checkDeclarations(entries: readonly ZipEntry[], label: string, limits: ZipLimits): void {
  if (entries.length > limits.maxEntries) {
    throw new ZipError(
      `${label} has ${entries.length.toLocaleString('en-US')} entries, more than the ${limits.maxEntries.toLocaleString('en-US')} it can plausibly hold. ${CRAFTED}.`,
    );
  }
  let total = 0;
  for (const entry of entries) {
    total += entry.size;
    const ratio = entry.size / Math.max(entry.compressedSize, 1);
    if (entry.size > limits.ratioAfterBytes && ratio > limits.maxRatio) {
      throw new ZipError(
        `The entry ${shownName(entry.name)} in ${label} would inflate ${Math.round(ratio).toLocaleString('en-US')} times, from ${bytes(entry.compressedSize)} to ${bytes(entry.size)}; no real file of this kind compresses more than ${limits.maxRatio} times. ${CRAFTED}.`,
        entry.name,
      );
    }
  }
  if (total > limits.maxTotalBytes) {
    const largest = entries.reduce((a, b) => (b.size > a.size ? b : a));
    const raise = limits.raiseWith ? `; if you expect one this large, raise the limit with ${limits.raiseWith} N` : '';
    throw new ZipError(
      `${label} declares ${bytes(total)} unpacked (the entry ${shownName(largest.name)} alone ${bytes(largest.size)}), more than the limit of ${bytes(limits.maxTotalBytes)}${raise}.`,
      largest.name,
    );
  }
}

/** zip.js's errors carry one of its exported ERR_ messages; the rest (a writer's own error) are not its. */
const ZIP_JS_MESSAGES = new Set(
  Object.entries(zip)
    .filter(([key, value]) => key.startsWith('ERR_') && typeof value === 'string')
    .map(([, value]) => value as string),
);
const isZipJsError = (error: Error): boolean => ZIP_JS_MESSAGES.has(error.message) || error.name === 'TypeError' || error.name === 'RangeError';

/** zip.js's error, or the platform inflater's, as a sentence: Node's and zip.js's own wording never reaches the person. */
function refusal(error: unknown, label: string, entry?: ZipEntry): ZipError {
  const message = error instanceof Error ? error.message : '';
  const name = (error as { filename?: unknown }).filename;
  const who = entry?.name ?? (typeof name === 'string' ? name : undefined);
  const theEntry = who === undefined ? label : `The entry ${shownName(who)} in ${label}`;
  switch (message) {
    case zip.ERR_EOCDR_NOT_FOUND:
    case zip.ERR_BAD_FORMAT:
      return new ZipError(
        `${label} is not a zip (it has no end-of-archive record where a zip has one): the download is incomplete or it is another kind of file; download it again.`,
      );
    case zip.ERR_EOCDR_LOCATOR_ZIP64_NOT_FOUND:
    case zip.ERR_EXTRAFIELD_ZIP64_NOT_FOUND:
      return new ZipError(`${theEntry} says it is a large (zip64) archive, but its zip64 records are missing or wrong: ${DAMAGED}.`, who);
    case zip.ERR_CENTRAL_DIRECTORY_NOT_FOUND:
    case zip.ERR_ITERATOR_COMPLETED_TOO_SOON:
      return new ZipError(`${label}'s table of contents is missing or ends before the entries it declares: ${DAMAGED}.`);
    case zip.ERR_LOCAL_FILE_HEADER_NOT_FOUND:
    case zip.ERR_ENTRY_DATA_OUT_OF_BOUNDS:
      return new ZipError(`${theEntry} is not where the table of contents puts it, or runs past the end of the file: ${DAMAGED}.`, who);
    case zip.ERR_ENCRYPTED:
    case zip.ERR_ENCRYPTED_CENTRAL_DIRECTORY:
    case zip.ERR_UNSUPPORTED_ENCRYPTION:
      return new ZipError(`${theEntry} is encrypted; a release never is: do not use this zip.`, who);
    case zip.ERR_UNSUPPORTED_COMPRESSION:
    case zip.ERR_RESERVED_COMPRESSION_METHOD:
      return new ZipError(
        `${theEntry} is compressed with a method other than deflate or none, which zip programs write for ordinary files; it cannot be read.`,
        who,
      );
    case zip.ERR_INVALID_CRC32:
      return new ZipError(`${theEntry} fails its CRC check (its bytes are not those it was zipped with): ${DAMAGED}.`, who);
    case zip.ERR_INVALID_UNCOMPRESSED_SIZE:
      return new ZipError(
        `${theEntry} does not inflate to the ${entry ? bytes(entry.size) : 'size'} it declares (inflating was stopped as soon as it passed it, or it ended short). ${CRAFTED}.`,
        who,
      );
    case zip.ERR_OVERLAPPING_ENTRY:
      return new ZipError(`${theEntry} shares its compressed bytes with another entry. ${CRAFTED}.`, who);
    case zip.ERR_AMBIGUOUS_ARCHIVE:
      return new ZipError(
        `${label} could be read in more than one way (data before or after the zip, an entry named twice, or headers that disagree with its table of contents). ${CRAFTED}.`,
      );
    case zip.ERR_UNSAFE_FILENAME:
      return new ZipError(
        `${theEntry} names a path outside the folder it is unpacked into (with \`..\`, from the root or a drive letter) or an empty or \`.\` part: nothing was unpacked; do not use this zip.`,
        who,
      );
    case zip.ERR_SPLIT_ZIP_FILE:
      return new ZipError(`${label} is one part of a zip split over several files; only a zip in one file can be read.`);
    default:
      return new ZipError(`${theEntry} cannot be read as a zip (its compressed data or structure is invalid): ${DAMAGED}.`, who);
  }
}
