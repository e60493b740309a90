import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvReadError, type CsvRow } from '../scripts/lib/read/read-csv.ts';
import { readCsv } from '../scripts/lib/read/read-csv-file.ts';
import { Utf8StreamDecoder } from '../scripts/lib/read/utf8-decoder.ts';
import { hasStrayQuote, innerLineBreaks } from '../scripts/lib/read/raw-window.ts';

const dir = mkdtempSync(join(tmpdir(), 'reader-'));
let counter = 0;

async function read(content: string | Uint8Array): Promise<{ rows: CsvRow[]; facts: Awaited<ReturnType<typeof readCsv>> }> {
  const path = join(dir, `f${counter++}.csv`);
  writeFileSync(path, content);
  const rows: CsvRow[] = [];
  const facts = await readCsv(path, (row) => rows.push(row));
  return { rows, facts };
}

describe('readCsv', () => {
  it('numbers rows as a spreadsheet does and lines as an editor does', async () => {
    const { rows } = await read('id,notes\na,"two\nlines"\nb,x\n');
    expect(rows.map((r) => [r.row, r.line, r.cells])).toEqual([
      [1, 1, ['id', 'notes']],
      [2, 2, ['a', 'two\nlines']],
      [3, 4, ['b', 'x']],
    ]);
  });

  it('accepts CRLF, a BOM and a missing final newline; line breaks in cells read as LF', async () => {
    const { rows, facts } = await read('\uFEFFid,notes\r\na,"x\r\ny"\r\nb,z');
    expect(rows.map((r) => r.cells)).toEqual([
      ['id', 'notes'],
      ['a', 'x\ny'],
      ['b', 'z'],
    ]);
    expect(rows[2]!.line).toBe(4);
    expect(facts).toMatchObject({ bom: true, newline: '\r\n', endsWithNewline: false, rows: 3 });
  });

  it('keeps a real blank row but drops the empty record after the final newline', async () => {
    const { rows, facts } = await read('id\na\n\nb\n');
    expect(rows.map((r) => r.cells)).toEqual([['id'], ['a'], [''], ['b']]);
    expect(facts.rows).toBe(4);
  });

  it('reports an unterminated quote on the row where it opens', async () => {
    const { rows } = await read('id,notes\na,x\nb,"open\nc,d\n');
    expect(rows[2]).toMatchObject({ row: 3, line: 3, quoteProblem: 'unterminated' });
  });

  it('ties each byte that is not UTF-8 to the row it is in', async () => {
    const { rows, facts } = await read(Buffer.concat([Buffer.from('id,name\na,Ren'), Buffer.from([0xe9]), Buffer.from('\nb,ok\n')]));
    expect(rows[1]).toMatchObject({ row: 2, cells: ['a', 'Ren\uFFFD'], invalidBytes: [0xe9] });
    expect(rows[2]!.invalidBytes).toBeUndefined();
    expect(facts.invalidByteCount).toBe(1);
  });

  it('reads an empty file as no rows', async () => {
    const { rows, facts } = await read('');
    expect(rows).toEqual([]);
    expect(facts.rows).toBe(0);
  });

  it('throws CsvReadError for a path that cannot be read', async () => {
    await expect(readCsv(join(dir, 'missing.csv'), () => {})).rejects.toBeInstanceOf(CsvReadError);
    await expect(readCsv(dir, () => {})).rejects.toBeInstanceOf(CsvReadError);
  });

  it('fails with the error a row handler throws, at any row, and leaves no stream error behind', async () => {
    const path = join(dir, 'handler-throws.csv');
    writeFileSync(path, `id,a\n${Array.from({ length: 20000 }, (_, i) => `${i},x`).join('\n')}\n`);
    for (const at of [1, 2, 5000, 20001]) {
      const bug = new Error(`bug at row ${at}`);
      const throwing = (row: CsvRow): void => {
        if (row.row === at) throw bug;
      };
      await expect(readCsv(path, throwing, { chunkSize: 1024 })).rejects.toBe(bug);
    }
  });

  it('reads files larger than one chunk with multi-byte characters intact', async () => {
    const line = 'абв-日本-🙂,"quoted, with ""quotes"""';
    const body = Array.from({ length: 5000 }, (_, i) => `${i},${line}`).join('\n');
    const { rows, facts } = await read(`id,a,b\n${body}\n`);
    expect(facts.bytes).toBeGreaterThan(1 << 17);
    expect(rows).toHaveLength(5001);
    expect(rows[4321]!.cells).toEqual(['4320', 'абв-日本-🙂', 'quoted, with "quotes"']);
    expect(facts.invalidByteCount).toBe(0);
  });
});

describe('Utf8StreamDecoder', () => {
  it('decodes the same text however the bytes are split into chunks', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.array(fc.nat(), { maxLength: 8 }), (text, cuts) => {
        const bytes = Buffer.from(text, 'utf8');
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const decoder = new Utf8StreamDecoder();
        let out = '';
        let from = 0;
        for (const point of [...points, bytes.length]) {
          out += decoder.decode(bytes.subarray(from, point)).text;
          from = point;
        }
        out += decoder.end().text;
        expect(out).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('reports invalid bytes in order, whatever the chunking, and never throws', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat(), (bytes, cut) => {
        const at = cut % (bytes.length + 1);
        const decoder = new Utf8StreamDecoder();
        const first = decoder.decode(bytes.subarray(0, at));
        const second = decoder.decode(bytes.subarray(at));
        const last = decoder.end();
        const whole = new Utf8StreamDecoder();
        const once = whole.decode(bytes);
        const onceEnd = whole.end();
        expect(first.text + second.text + last.text).toBe(once.text + onceEnd.text);
        expect([...first.invalid, ...second.invalid, ...last.invalid]).toEqual([...once.invalid, ...onceEnd.invalid]);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('raw row checks', () => {
  /** Character by character, the plain way: the quote-jumping version must agree with it. */
  function strayQuoteByCharacter(raw: string, delimiter: string): boolean {
    let atFieldStart = true;
    let quoted = false;
    for (let i = 0; i < raw.length; i++) {
      const char = raw[i];
      if (quoted) {
        if (char === '"') {
          if (raw[i + 1] === '"') i++;
          else quoted = false;
        }
        continue;
      }
      if (char === '"') {
        if (!atFieldStart) return true;
        quoted = true;
        atFieldStart = false;
      } else atFieldStart = char === delimiter || char === '\n';
    }
    return false;
  }
  const rowText = fc.array(fc.constantFrom('a', '"', ',', ';', '\n', ' ', 'é'), { maxLength: 30 }).map((chars) => chars.join(''));

  it('finds a stray quote exactly where a character-by-character scan does', () => {
    fc.assert(
      fc.property(rowText, fc.constantFrom(',', ';'), (row, delimiter) => {
        expect(hasStrayQuote(row, delimiter)).toBe(strayQuoteByCharacter(row, delimiter));
      }),
    );
    expect(hasStrayQuote('a,b"c,d\n', ',')).toBe(true);
    expect(hasStrayQuote('"a, ""b""",c\n', ',')).toBe(false);
  });

  it('counts the line breaks inside a row, not the one that ends it', () => {
    fc.assert(
      fc.property(rowText, (row) => {
        const text = `${row}\n`;
        expect(innerLineBreaks(text)).toBe(row.split('\n').length - 1);
      }),
    );
  });
});
