import { crc32 as zlibCrc32, constants, deflateRawSync } from 'node:zlib';

/**
 * Writes zips byte by byte, including the ones no zip program writes: sizes that lie, entries that
 * share their bytes, names that climb out, zip64 records. For the hostile-zip corpus.
 */
export interface BuiltEntry {
  readonly name: string;
  /** The compressed bytes as stored (raw DEFLATE for method 8). */
  readonly data: Uint8Array;
  readonly method?: number;
  /** Declared inflated size; the real one unless a test lies. */
  readonly size: number;
  readonly crc32?: number;
  readonly flags?: number;
  /** Use the data of an earlier entry (by index) instead of writing this one's: entries that overlap. */
  readonly sameDataAs?: number;
  /** Write sizes and offset as zip64 (0xFFFFFFFF in the 32-bit fields, the values in an extra field). */
  readonly zip64?: boolean;
}

/** A zip entry of `text` or bytes, deflated, with its true size and CRC. */
export function deflated(name: string, content: string | Uint8Array): BuiltEntry {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return { name, data: deflateRawSync(bytes), method: 8, size: bytes.length, crc32: zlibCrc32(bytes) };
}

/** A zip entry of bytes, stored uncompressed. */
export function stored(name: string, content: string | Uint8Array): BuiltEntry {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return { name, data: bytes, method: 0, size: bytes.length, crc32: zlibCrc32(bytes) };
}

const MIB = 1024 * 1024;

/**
 * Raw DEFLATE of `length` zero bytes in about length/1000 bytes, made in milliseconds: one fully
 * flushed block of 1 MiB of zeros (it refers to nothing before it, so it can be repeated), repeated,
 * then the rest, then an empty final block.
 */
export function deflatedZeros(length: number): Uint8Array {
  const block = deflateRawSync(Buffer.alloc(MIB), { finishFlush: constants.Z_FULL_FLUSH });
  const rest = length % MIB ? deflateRawSync(Buffer.alloc(length % MIB), { finishFlush: constants.Z_FULL_FLUSH }) : Buffer.alloc(0);
  const copies = Math.floor(length / MIB);
  const out = Buffer.alloc(block.length * copies + rest.length + 2);
  for (let i = 0; i < copies; i++) block.copy(out, i * block.length);
  rest.copy(out, copies * block.length);
  out[out.length - 2] = 0x03; // BFINAL=1, fixed Huffman, end of block
  out[out.length - 1] = 0x00;
  return out;
}

/** A zip bomb entry: `realSize` zeros, declaring `declaredSize` (the truth by default). */
export function zeros(name: string, realSize: number, declaredSize = realSize): BuiltEntry {
  // The CRC of a bomb is never reached; a small entry's is true, so that other checks are what refuse it.
  const crc32 = realSize <= 16 * MIB ? zlibCrc32(Buffer.alloc(realSize)) : 0;
  return { name, data: deflatedZeros(realSize), method: 8, size: declaredSize, crc32 };
}

export function buildZip(entries: readonly BuiltEntry[], options: { declaredCount?: number; zip64End?: boolean } = {}): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  const offsets: number[] = [];
  let offset = 0;
  entries.forEach((entry, index) => {
    const name = Buffer.from(entry.name, 'utf8');
    const method = entry.method ?? 8;
    const flags = (entry.flags ?? 0) | 0x800;
    const crc = entry.crc32 ?? 0;
    const extra = entry.zip64 ? zip64Extra(entry.size, entry.data.length, offset) : Buffer.alloc(0);
    const small = (n: number): number => (entry.zip64 ? 0xffffffff : n);
    if (entry.sameDataAs === undefined) {
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(entry.zip64 ? 45 : 20, 4);
      local.writeUInt16LE(flags, 6);
      local.writeUInt16LE(method, 8);
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(small(entry.data.length), 18);
      local.writeUInt32LE(small(entry.size), 22);
      local.writeUInt16LE(name.length, 26);
      offsets[index] = offset;
      parts.push(local, name, Buffer.from(entry.data));
      offset += 30 + name.length + entry.data.length;
    } else offsets[index] = offsets[entry.sameDataAs]!;
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(0x031e, 4);
    header.writeUInt16LE(entry.zip64 ? 45 : 20, 6);
    header.writeUInt16LE(flags, 8);
    header.writeUInt16LE(method, 10);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(small(entry.data.length), 20);
    header.writeUInt32LE(small(entry.size), 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt16LE(extra.length, 30);
    header.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    header.writeUInt32LE(entry.zip64 ? 0xffffffff : offsets[index]!, 42);
    central.push(header, name, entry.zip64 ? zip64Extra(entry.size, entry.data.length, offsets[index]!) : Buffer.alloc(0));
  });
  const directory = Buffer.concat(central);
  const count = options.declaredCount ?? entries.length;
  const tail: Buffer[] = [];
  if (options.zip64End) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeUInt16LE(45, 12);
    record.writeUInt16LE(45, 14);
    record.writeBigUInt64LE(BigInt(count), 24);
    record.writeBigUInt64LE(BigInt(count), 32);
    record.writeBigUInt64LE(BigInt(directory.length), 40);
    record.writeBigUInt64LE(BigInt(offset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(offset + directory.length), 8);
    locator.writeUInt32LE(1, 16);
    tail.push(record, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(options.zip64End ? 0xffff : Math.min(count, 0xffff), 8);
  end.writeUInt16LE(options.zip64End ? 0xffff : Math.min(count, 0xffff), 10);
  end.writeUInt32LE(options.zip64End ? 0xffffffff : directory.length, 12);
  end.writeUInt32LE(options.zip64End ? 0xffffffff : offset, 16);
  return Buffer.concat([...parts, directory, ...tail, end]);
}

function zip64Extra(size: number, compressedSize: number, offset: number): Buffer {
  const extra = Buffer.alloc(28);
  extra.writeUInt16LE(0x0001, 0);
  extra.writeUInt16LE(24, 2);
  extra.writeBigUInt64LE(BigInt(size), 4);
  extra.writeBigUInt64LE(BigInt(compressedSize), 12);
  extra.writeBigUInt64LE(BigInt(offset), 20);
  return extra;
}
