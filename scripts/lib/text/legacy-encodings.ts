/**
 * The single-byte encodings spreadsheets write or read by default, as tables of 256 characters each
 * way. Pure: no Node APIs, so the same code runs in a browser.
 */

export type LegacyEncoding = 'Windows-1252' | 'Latin-1' | 'Mac Roman';

const LATIN_1 = Array.from({ length: 256 }, (_, byte) => String.fromCharCode(byte)).join('');

/**
 * Windows-1252's 0x80-0x9F. The five bytes it leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) read as
 * the C1 control of the same number, as Excel, LibreOffice and Python's "sloppy" codecs do, so that
 * every byte has a character and the table can be inverted.
 */
const WINDOWS_1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';
const WINDOWS_1252 = LATIN_1.slice(0, 0x80) + WINDOWS_1252_HIGH + LATIN_1.slice(0xa0);

/** Mac OS Roman, as the Encoding Standard defines it (every browser and Node have it). */
const MAC_ROMAN = new TextDecoder('macintosh').decode(Uint8Array.from({ length: 256 }, (_, byte) => byte));

const TABLES: Readonly<Record<LegacyEncoding, string>> = { 'Windows-1252': WINDOWS_1252, 'Latin-1': LATIN_1, 'Mac Roman': MAC_ROMAN };

/** LibreOffice reads Windows-1252's undefined bytes as private-use characters instead: 0x81 as U+F181. */
export const LIBREOFFICE_UNDEFINED = '\uF181\uF18D\uF18F\uF190\uF19D';

const encoder = (table: string, also: Iterable<[string, number]> = []): ReadonlyMap<string, number> =>
  new Map([...[...table].map((char, byte) => [char, byte] as [string, number]), ...also]);
const ENCODERS: Readonly<Record<LegacyEncoding, ReadonlyMap<string, number>>> = {
  'Windows-1252': encoder(
    WINDOWS_1252,
    [...LIBREOFFICE_UNDEFINED].map((char) => [char, char.charCodeAt(0) - 0xf100]),
  ),
  'Latin-1': encoder(LATIN_1),
  'Mac Roman': encoder(MAC_ROMAN),
};

/** Every character the encodings write as a byte 0x80-0xFF. */
export const HIGH_CHARACTERS = [...new Set(Object.values(TABLES).flatMap((table) => [...table.slice(0x80)]))].join('') + LIBREOFFICE_UNDEFINED;

/** The encodings a file is tried in, in order of how often spreadsheets write them. */
export const LEGACY_ENCODINGS: readonly LegacyEncoding[] = ['Windows-1252', 'Latin-1', 'Mac Roman'];

export function decodeLegacy(bytes: ArrayLike<number>, encoding: LegacyEncoding): string {
  const table = TABLES[encoding];
  let text = '';
  for (let i = 0; i < bytes.length; i++) text += table[bytes[i]!]!;
  return text;
}

/** The bytes of `text` in a legacy encoding, or undefined when it has a character the encoding lacks. */
export function encodeLegacy(text: string, encoding: LegacyEncoding): Uint8Array | undefined {
  const encoder = ENCODERS[encoding];
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const byte = encoder.get(text[i]!);
    if (byte === undefined) return undefined;
    bytes[i] = byte;
  }
  return bytes;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text of well-formed UTF-8, or undefined. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

export function encodeUtf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export const hex = (byte: number): string => `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
