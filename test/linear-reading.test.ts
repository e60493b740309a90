import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { benchSizes, writeSyntheticDataset } from '../scripts/lib/bench/synthetic-dataset.ts';
import { publishedDataset } from '../scripts/lib/check-page/check-html.ts';
import { checkChosen } from '../scripts/lib/check-page/check-chosen.ts';
import { readCsvBytes } from '../scripts/lib/read/read-csv.ts';
import { planFormat, readTables } from '../scripts/lib/write/format-dataset.ts';
import { planRepairs } from '../scripts/lib/write/repairs.ts';
import { MODEL, TODAY } from './helpers/fixtures.ts';
import { charactersScanned } from './helpers/scan-counter.ts';

const scratch = mkdtempSync(join(tmpdir(), 'linear-reading-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Characters searched per row, in each of the ways a table is read, on a dataset of `allegiances` rows in which no cell is quoted. */
async function scannedPerRow(allegiances: number): Promise<Record<string, number>> {
  const dir = join(scratch, String(allegiances));
  // No quote anywhere: a search for the next quote that does not stop at its row's end reads the rest of the file.
  writeSyntheticDataset(MODEL, dir, benchSizes(MODEL, allegiances), { quoteFree: true });
  const sources = readTables(MODEL, dir).bytes;
  const rows = [...sources.values()].reduce((sum, bytes) => sum + bytes.filter((byte) => byte === 10).length, 0);
  // Given whole, as format and the check page give a table: one piece of a few megabytes.
  const table = readFileSync(join(dir, 'allegiances.csv'));
  const published = publishedDataset(MODEL, dir);
  return {
    reader: (await charactersScanned(() => readCsvBytes([table], () => {}))) / allegiances,
    'format --check': (await charactersScanned(() => planFormat({ model: MODEL, displayDir: 'data', sources }))) / rows,
    'format --fix': (await charactersScanned(() => planRepairs({ model: MODEL, displayDir: 'data', sources }))) / rows,
    'check page': (await charactersScanned(() => checkChosen(published, [{ name: 'allegiances.csv', bytes: table }], { today: TODAY }))) / rows,
  };
}

describe('linear reading', () => {
  it('searches about as many characters per row in a table of 50,000 rows as in one of 5,000: the reader, format, its repairs and the check page', async () => {
    const small = await scannedPerRow(5_000);
    const large = await scannedPerRow(50_000);
    for (const way of Object.keys(small)) {
      // Rows of about 160 characters: a few searches over each (and a quote looked for in its 3 KB source), not the rest of the file (megabytes).
      expect(small[way], way).toBeLessThan(10_000);
      expect(large[way]! / small[way]!, `${way}: ${Math.round(small[way]!)} characters a row at 5,000 rows, ${Math.round(large[way]!)} at 50,000`).toBeLessThan(
        1.25,
      );
    }
  }, 300_000);

  it('parses a row longer than a chunk within a bounded multiple of its length, however long', async () => {
    /** Characters searched per byte reading a table whose second row has `cells` empty cells, streamed 64 KB at a time as a file is. */
    const perByte = async (cells: number): Promise<number> => {
      const bytes = Buffer.from(`a,b\n${','.repeat(cells - 1)}\n`);
      const chunks = Array.from({ length: Math.ceil(bytes.length / 65_536) }, (_, i) => bytes.subarray(i * 65_536, (i + 1) * 65_536));
      let widest = 0;
      const scanned = await charactersScanned(() => readCsvBytes(chunks, ({ cells: read }) => void (widest = Math.max(widest, read.length))));
      expect(widest).toBe(cells);
      return scanned / bytes.length;
    };
    const short = await perByte(200_000);
    const long = await perByte(2_000_000);
    // Parsed again from its start with every chunk, the 2 MB row cost 3.4 times as much a byte as the 200 KB one.
    expect(long / short).toBeLessThan(1.5);
  }, 300_000);
});
