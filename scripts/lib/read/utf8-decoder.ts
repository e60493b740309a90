/**
 * Decodes a byte stream as UTF-8 chunk by chunk without ever splitting a character, and without
 * throwing on bytes that are not UTF-8: each such byte becomes U+FFFD and is reported, in order,
 * so the caller can tie it to the cell it landed in.
 */
export class Utf8StreamDecoder {
  readonly #strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  #carry: Uint8Array = new Uint8Array(0);

  /** Returns the text of every complete character so far, and the bytes that were not UTF-8. */
  decode(chunk: Uint8Array): DecodedText {
    const bytes = this.#carry.length ? concat(this.#carry, chunk) : chunk;
    const cut = bytes.length - incompleteTailLength(bytes);
    this.#carry = bytes.slice(cut);
    return decodeComplete(this.#strict, bytes.subarray(0, cut));
  }

  /** Flushes what is left; a character cut off by the end of the file is reported as invalid. */
  end(): DecodedText {
    const rest = this.#carry;
    this.#carry = new Uint8Array(0);
    return decodeComplete(this.#strict, rest);
  }
}

export interface DecodedText {
  readonly text: string;
  /** Each byte that is not part of valid UTF-8, as it appears in the text as U+FFFD. */
  readonly invalid: readonly number[];
  /** Some character is well-formed UTF-8 of more than one byte. */
  readonly multiByte: boolean;
}

const REPLACEMENT = '\uFFFD';

function decodeComplete(strict: TextDecoder, bytes: Uint8Array): DecodedText {
  try {
    const text = strict.decode(bytes);
    // Fewer UTF-16 units than bytes: some character took more than one byte.
    return { text, invalid: [], multiByte: text.length !== bytes.length };
  } catch {
    return decodeLeniently(strict, bytes);
  }
}

/** The slow path, taken only for chunks that hold invalid bytes. */
function decodeLeniently(strict: TextDecoder, bytes: Uint8Array): DecodedText {
  const parts: string[] = [];
  const invalid: number[] = [];
  let multiByte = false;
  let runStart = 0;
  let i = 0;
  while (i < bytes.length) {
    const length = validSequenceLength(bytes, i);
    if (length > 0) {
      if (length > 1) multiByte = true;
      i += length;
      continue;
    }
    parts.push(strict.decode(bytes.subarray(runStart, i)), REPLACEMENT);
    invalid.push(bytes[i]!);
    i += 1;
    runStart = i;
  }
  parts.push(strict.decode(bytes.subarray(runStart)));
  return { text: parts.join(''), invalid, multiByte };
}

const isContinuation = (byte: number | undefined): boolean => byte !== undefined && byte >= 0x80 && byte <= 0xbf;
const inRange = (byte: number | undefined, low: number, high: number): boolean => byte !== undefined && byte >= low && byte <= high;

/** Length of the well-formed UTF-8 sequence at `i` (Unicode table 3-7), or 0 when there is none. */
export function validSequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i]!;
  if (b0 < 0x80) return 1;
  const b1 = bytes[i + 1];
  if (b0 >= 0xc2 && b0 <= 0xdf) return isContinuation(b1) ? 2 : 0;
  const b2 = bytes[i + 2];
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const secondOk = b0 === 0xe0 ? inRange(b1, 0xa0, 0xbf) : b0 === 0xed ? inRange(b1, 0x80, 0x9f) : isContinuation(b1);
    return secondOk && isContinuation(b2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const secondOk = b0 === 0xf0 ? inRange(b1, 0x90, 0xbf) : b0 === 0xf4 ? inRange(b1, 0x80, 0x8f) : isContinuation(b1);
    return secondOk && isContinuation(b2) && isContinuation(bytes[i + 3]) ? 4 : 0;
  }
  return 0;
}

/** How many bytes at the end start a multi-byte character that the next chunk completes. */
function incompleteTailLength(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if (byte < 0x80) return 0;
    if (byte >= 0xc0) {
      const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return needed > back ? back : 0;
    }
  }
  return 0;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a, 0);
  joined.set(b, a.length);
  return joined;
}
