/** What the first bytes of a file say about it, before any decoding. */
export interface Sniffed {
  readonly encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
  /** The kind of binary file this is, when it is not text at all (an image, a workbook…). */
  readonly binary?: string;
}

const MAGIC: readonly [string, readonly number[]][] = [
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a ZIP archive (an .xlsx or .ods workbook is one)', [0x50, 0x4b, 0x03, 0x04]],
  ['a PDF document', [0x25, 0x50, 0x44, 0x46]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['an old Excel workbook (.xls)', [0xd0, 0xcf, 0x11, 0xe0]],
  ['a gzip archive', [0x1f, 0x8b]],
];

/** How far into a file to look for NUL bytes, which text never contains. */
const SNIFF_BYTES = 8192;

export function sniff(bytes: Uint8Array): Sniffed {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be' };
  for (const [name, magic] of MAGIC) if (magic.every((byte, i) => bytes[i] === byte)) return { encoding: 'utf-8', binary: name };
  const head = bytes.subarray(0, SNIFF_BYTES);
  const nuls = head.reduce((count, byte) => count + (byte === 0 ? 1 : 0), 0);
  // UTF-16 without a BOM is mostly NULs in every other byte; any other run of NULs is binary.
  if (nuls > head.length / 4 && head.length >= 4) {
    return {
      encoding: 'utf-8',
      binary:
        head[0] === 0
          ? 'UTF-16 (big-endian) text without a byte order mark, or binary data'
          : 'UTF-16 (little-endian) text without a byte order mark, or binary data',
    };
  }
  return { encoding: 'utf-8' };
}
