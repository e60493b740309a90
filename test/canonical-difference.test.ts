import { describe, expect, it } from 'vitest';
import { canonicalDifference, notCanonicalBecause } from '../scripts/lib/write/canonical-difference.ts';

const canonical = 'id,name\na,Alpha\nb,Beta\n';

describe('canonicalDifference names what a spreadsheet changed', () => {
  it.each([
    ['a byte order mark', `\uFEFF${canonical}`, ['it starts with a byte-order mark']],
    ['CRLF line ends', canonical.replace(/\n/g, '\r\n'), ['its lines end in CRLF (Windows) instead of LF']],
    ['no final line break', canonical.slice(0, -1), ['it has no final line break']],
    ['semicolons', canonical.replace(/,/g, ';'), ['its cells are separated by semicolons']],
    ['columns reordered', 'name,id\nAlpha,a\nBeta,b\n', ['its columns are not in the schema’s order']],
    ['rows unsorted', 'id,name\nb,Beta\na,Alpha\n', ['its rows are not sorted by id']],
    ['blank lines at the end', `${canonical}\n\n`, ['it ends in blank lines']],
    ['a blank line between rows', 'id,name\na,Alpha\n\nb,Beta\n', ['line 3 is blank']],
    ['a quoted cell', 'id,name\na,"Alpha"\nb,Beta\n', ['line 2 differs (spaces around cells, quoting, or characters in another Unicode form)']],
  ])('%s', (_, current, reasons) => {
    expect(canonicalDifference(current, canonical)).toEqual(reasons);
  });

  it('never points at a line that is not there', () => {
    for (const extra of ['\n', '\n\n', '\n\n\n']) expect(canonicalDifference(canonical + extra, canonical).join()).not.toMatch(/line 0|line -/);
  });

  it('names UTF-16 from the bytes', () => {
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from(canonical, 'utf16le')]);
    expect(notCanonicalBecause(utf16, new TextEncoder().encode(canonical))).toBe('not in canonical form: it is UTF-16, not UTF-8');
  });
});
