import { buildZip, deflated, stored, zeros, type BuiltEntry } from './zip-builder.ts';

/**
 * Zips someone checking a hostile download could be given. Each must be refused by `verify` in a
 * sentence naming the entry (where there is one) and what is wrong, exit 1, in bounded time and
 * memory, with nothing written outside a temporary folder and that folder removed.
 */
export interface HostileZip {
  readonly build: () => Buffer;
  /** Words the refusal must contain. */
  readonly says: readonly string[];
  /** Run in a child process with its peak memory measured (the large bombs). */
  readonly measureMemory?: boolean;
}

const FOLDER = 'caucasus-allegiances-9.9.9';
const GB = 1_000_000_000;
const aRelease = (...extra: BuiltEntry[]): BuiltEntry[] => [deflated(`${FOLDER}/SHA256SUMS`, ''), ...extra];

export const HOSTILE_ZIPS: Record<string, HostileZip> = {
  'a 2 GB entry that says so': {
    build: () => buildZip(aRelease(zeros(`${FOLDER}/csv/actors.csv`, 2 * GB))),
    says: [`"${FOLDER}/csv/actors.csv"`, 'would inflate 1,011 times', 'zip bomb'],
    measureMemory: true,
  },
  'a 2 GB entry that declares 1,000 bytes': {
    build: () => buildZip(aRelease(zeros(`${FOLDER}/csv/actors.csv`, 2 * GB, 1000))),
    says: [`"${FOLDER}/csv/actors.csv"`, 'does not inflate to the 1,000 bytes it declares', 'inflating was stopped'],
    measureMemory: true,
  },
  'a 4 GB entry that declares 900 kB': {
    build: () => buildZip(aRelease(zeros(`${FOLDER}/caucasus-allegiances.sqlite`, 4 * GB, 900_000))),
    says: [`"${FOLDER}/caucasus-allegiances.sqlite"`, 'does not inflate to the 900,000 bytes it declares'],
    measureMemory: true,
  },
  'a 4 GB entry declared in zip64 records': {
    build: () => buildZip(aRelease({ ...zeros(`${FOLDER}/parquet/big.parquet`, 4 * GB + 5), zip64: true }), { zip64End: true }),
    says: [`"${FOLDER}/parquet/big.parquet"`, 'would inflate'],
    measureMemory: true,
  },
  'four 1 GB entries': {
    build: () => buildZip(aRelease(...[1, 2, 3, 4].map((i) => zeros(`${FOLDER}/json/part${i}.json`, GB)))),
    says: [`"${FOLDER}/json/part1.json"`, 'would inflate'],
    measureMemory: true,
  },
  'four entries of 300 MB within the ratio, 1.2 GB in all': {
    // Padded after their final block so that each declares under 100 times its compressed size.
    build: () =>
      buildZip(
        aRelease(
          ...[1, 2, 3, 4].map((i) => {
            const entry = zeros(`${FOLDER}/json/part${i}.json`, 300_000_000);
            return { ...entry, data: Buffer.concat([entry.data, Buffer.alloc(3_100_000)]) };
          }),
        ),
      ),
    says: ['declares 1,200,000,000 bytes unpacked', `"${FOLDER}/json/part1.json" alone 300,000,000 bytes`, '--max-bytes'],
    measureMemory: true,
  },
  'a bomb that keeps to the ratio until it is past it': {
    // Declares 100 times its compressed size, within the ratio, and inflates 1,000 times.
    build: () => {
      const bomb = zeros(`${FOLDER}/caucasus-allegiances.sqlite`, GB);
      return buildZip(aRelease({ ...bomb, size: bomb.data.length * 100 }));
    },
    says: [`"${FOLDER}/caucasus-allegiances.sqlite"`, 'does not inflate to the', 'inflating was stopped'],
    measureMemory: true,
  },
  'a table larger than verify checks in memory, within the ratio': {
    build: () => {
      const bomb = zeros(`${FOLDER}/csv/groups.csv`, GB);
      return buildZip(aRelease({ ...bomb, size: bomb.data.length * 100 }));
    },
    says: ['more than the 67,108,864 bytes verify checks in memory', 'The tables, texts and schemas of release.zip come to'],
    measureMemory: true,
  },
  'entries that share their compressed bytes (a non-recursive bomb)': {
    build: () => {
      const kernel = zeros(`${FOLDER}/a.bin`, 50_000, 50_000);
      return buildZip(aRelease(kernel, ...[1, 2, 3].map((i) => ({ ...kernel, name: `${FOLDER}/b${i}.bin`, sameDataAs: 1 }))));
    },
    says: ['could be read in more than one way'],
  },
  'a bomb nested in the zip, as the workbook': {
    build: () =>
      buildZip([
        deflated(`${FOLDER}/SHA256SUMS`, ''),
        stored(`${FOLDER}/caucasus-allegiances-9.9.9.xlsx`, buildZip([zeros('xl/worksheets/sheet1.xml', 4 * GB, 1000)])),
      ]),
    says: ['caucasus-allegiances-9.9.9.xlsx: not listed'],
    measureMemory: true,
  },
  'a name that climbs out (zip slip)': {
    build: () => buildZip(aRelease(deflated('../../evil.txt', 'pwned'))),
    says: ['"../../evil.txt"', 'names a path outside the folder'],
  },
  'an absolute name': {
    build: () => buildZip(aRelease(deflated('/tmp/evil.txt', 'pwned'))),
    says: ['"/tmp/evil.txt"', 'names a path outside the folder'],
  },
  'a Windows drive name': {
    build: () => buildZip(aRelease(deflated('C:/evil.txt', 'pwned'))),
    says: ['"C:/evil.txt"', 'names a path outside the folder'],
  },
  'a backslash name that climbs out on Windows': {
    build: () => buildZip(aRelease(deflated(`${FOLDER}\\..\\..\\evil.txt`, 'pwned'))),
    says: ['evil.txt', 'names a path outside the folder'],
  },
  'a name with a line break and a terminal escape': {
    build: () => buildZip(aRelease(deflated(`${FOLDER}/x\n\u001b[2Jy.csv`, 'x'))),
    says: ['\\n\\u001b[2Jy.csv', 'has a name no release has'],
  },
  'the same name twice': {
    build: () => buildZip(aRelease(deflated(`${FOLDER}/csv/actors.csv`, 'a'), deflated(`${FOLDER}/csv/actors.csv`, 'b'))),
    says: ['could be read in more than one way', 'an entry named twice'],
  },
  'a file and a folder of one name': {
    build: () => buildZip(aRelease(deflated(`${FOLDER}/csv`, 'a'), deflated(`${FOLDER}/csv/actors.csv`, 'b'))),
    says: ['do not match SHA256SUMS', 'csv/actors.csv: not listed'],
  },
  'an encrypted entry': {
    build: () => buildZip(aRelease({ ...deflated(`${FOLDER}/csv/actors.csv`, 'secret'), flags: 1 })),
    says: [`"${FOLDER}/csv/actors.csv"`, 'encrypted'],
  },
  'an unknown compression method': {
    build: () => buildZip(aRelease({ ...deflated(`${FOLDER}/csv/actors.csv`, 'x'), method: 12 })),
    says: [`"${FOLDER}/csv/actors.csv"`, 'compressed with a method other than deflate'],
  },
  'a CRC that does not match': {
    build: () => buildZip(aRelease({ ...deflated(`${FOLDER}/csv/actors.csv`, 'id,name\n'), crc32: 12345 })),
    says: [`"${FOLDER}/csv/actors.csv"`, 'CRC'],
  },
  'deflate data that is not deflate': {
    build: () => buildZip(aRelease({ name: `${FOLDER}/csv/actors.csv`, data: Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), method: 8, size: 10 })),
    says: [`"${FOLDER}/csv/actors.csv"`, 'download it again'],
  },
  'an entry shorter than it declares': {
    build: () => buildZip(aRelease({ ...deflated(`${FOLDER}/csv/actors.csv`, 'id,name\n'), size: 5000 })),
    says: [`"${FOLDER}/csv/actors.csv"`, 'download it again'],
  },
  'a table of contents declaring more entries than it has': {
    build: () => buildZip(aRelease(deflated(`${FOLDER}/csv/actors.csv`, 'x')), { declaredCount: 60_000 }),
    says: ['table of contents is missing or ends before the entries it declares'],
  },
  'a table of contents that ends early': {
    build: () => buildZip(aRelease(deflated(`${FOLDER}/csv/actors.csv`, 'x')), { declaredCount: 5 }),
    says: ['table of contents is missing or ends before the entries it declares'],
  },
  'a truncated download': {
    build: () => buildZip(aRelease(deflated(`${FOLDER}/csv/actors.csv`, 'x'.repeat(5000)))).subarray(0, 120),
    says: ['is not a zip', 'incomplete'],
  },
  'not a zip at all': {
    build: () => Buffer.from('<html><body>404 Not Found</body></html>\n'),
    says: ['is not a zip'],
  },
  'an empty zip': {
    build: () => buildZip([]),
    says: ['is not a release of this dataset'],
  },
};
