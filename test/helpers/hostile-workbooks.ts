import { deflated, stored, zeros, type BuiltEntry } from './zip-builder.ts';
import { columnName, xlsx, xlsxParts, zipParts, type XCell } from './xlsx-builder.ts';
import { ALLEGIANCES_HEADER, cellAfterLast } from './fixtures.ts';

/**
 * Workbooks a stranger's pull request, a broken download or an attacker could hand `npm run import`
 * (or the check page). Each must be a finding (exit 1) or exit 2, in a sentence naming what is wrong,
 * in bounded time and memory, with nothing written (inside the data folder or out of it) and no
 * stack trace.
 */
export interface HostileWorkbook {
  readonly build: () => Buffer;
  /** Words the report must contain. */
  readonly says: readonly string[];
  readonly exit: 0 | 1 | 2;
  /** Its tables are written, as import writes any workbook without a structural error (findings in its rows or not). */
  readonly writes?: boolean;
  /** Run in a child process with its peak memory measured (the large ones). */
  readonly measureMemory?: boolean;
}

const HEADER = ALLEGIANCES_HEADER.split(',');
const GB = 1_000_000_000;
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

/** A workbook whose allegiances sheet is the header and these rows. */
const allegiancesBook = (...rows: (readonly XCell[])[]): Buffer => xlsx({ sheets: [{ name: 'allegiances', rows: [HEADER, ...rows] }] });

/** The parts of a small workbook, its sheet's part replaced by `sheet` (raw entries, for parts too large to build as text twice). */
function withSheetEntry(sheet: BuiltEntry, extra: readonly BuiltEntry[] = []): Buffer {
  const parts = xlsxParts({ sheets: [{ name: 'allegiances', rows: [HEADER] }] });
  delete parts['xl/worksheets/sheet1.xml'];
  for (const entry of extra) delete parts[entry.name];
  return zipParts(parts, [{ ...sheet, name: 'xl/worksheets/sheet1.xml' }, ...extra]);
}

/** A sheet part of the header row and `rows` rows made by `row`, built as one buffer. */
function bigSheet(rows: number, row: (n: number) => string, header = HEADER): Buffer {
  const head = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${MAIN}"><sheetData><row r="1">${header
    .map((name, i) => `<c r="${columnName(i)}1" t="inlineStr"><is><t>${name}</t></is></c>`)
    .join('')}</row>`;
  const chunks = [head];
  for (let n = 2; n <= rows + 1; n++) chunks.push(row(n));
  chunks.push('</sheetData></worksheet>');
  return Buffer.from(chunks.join(''), 'utf8');
}

const DTD_REFUSED = 'declares a document type (a DTD)';

export const HOSTILE_WORKBOOKS: Record<string, HostileWorkbook> = {
  'an empty file': { build: () => Buffer.alloc(0), says: ['the file is empty'], exit: 1 },
  'a CSV renamed .xlsx': { build: () => Buffer.from(`${ALLEGIANCES_HEADER}\n`), says: ['it is a text file (a CSV?), not a workbook'], exit: 1 },
  'binary noise': {
    build: () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)),
    says: ['it is not a zip, as every .xlsx workbook is'],
    exit: 1,
  },
  'an Excel 97-2003 .xls renamed .xlsx': {
    build: () => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]),
    says: ['Excel 97-2003 workbook (.xls)', 'save it as an Excel Workbook (.xlsx)'],
    exit: 1,
  },
  'a truncated workbook (half a download)': {
    build: () => {
      const whole = allegiancesBook(['a1', 'kebekov', 'leader_of', 'emirate', '', '', '', 'reported', 'src-a', 'Kebekov leads the Emirate.', '']);
      return whole.subarray(0, Math.floor(whole.length / 2));
    },
    says: ['is not a zip', 'the download is incomplete'],
    exit: 1,
  },
  'an OpenDocument spreadsheet renamed .xlsx': {
    build: () => zipParts({ mimetype: 'application/vnd.oasis.opendocument.spreadsheet', 'content.xml': '<office:document-content/>' }),
    says: ['OpenDocument spreadsheet (.ods)', 'Excel 2007-365 (.xlsx)'],
    exit: 1,
  },
  'a Word document renamed .xlsx': {
    build: () =>
      zipParts({
        '_rels/.rels': `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
        'word/document.xml': '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>',
      }),
    says: ['not a spreadsheet'],
    exit: 1,
  },
  'a zip bomb: a 2 GB sheet part that says so': {
    build: () => withSheetEntry(zeros('sheet', 2 * GB)),
    says: ['"xl/worksheets/sheet1.xml"', 'would inflate', 'no real file of this kind compresses more than 500 times'],
    exit: 1,
    measureMemory: true,
  },
  'a zip bomb: a 2 GB sheet part that declares 1,000 bytes': {
    build: () => withSheetEntry(zeros('sheet', 2 * GB, 1000)),
    says: ['"xl/worksheets/sheet1.xml"', 'does not inflate to the 1,000 bytes it declares'],
    exit: 1,
    measureMemory: true,
  },
  'entries named ../ and a relationship that climbs out of the zip': {
    build: () =>
      zipParts(
        {
          ...xlsxParts({ sheets: [{ name: 'allegiances', rows: [HEADER] }] }),
          'xl/_rels/workbook.xml.rels': `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="../../../../tmp/evil.xml"/></Relationships>`,
        },
        [deflated('../../evil.txt', 'evil'), stored('/tmp/evil.txt', 'evil')],
      ),
    says: ['../../evil.txt'],
    exit: 1,
  },
  'billion laughs in the shared strings': {
    build: () =>
      xlsx({
        sheets: [{ name: 'allegiances', rows: [HEADER] }],
        parts: {
          'xl/sharedStrings.xml': `<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;"><!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">]><sst xmlns="${MAIN}"><si><t>&i;</t></si></sst>`,
        },
      }),
    says: ['"xl/sharedStrings.xml"', DTD_REFUSED],
    exit: 1,
  },
  'an external entity in a sheet': {
    build: () =>
      xlsx({
        sheets: [{ name: 'allegiances', rows: [HEADER] }],
        parts: {
          'xl/worksheets/sheet1.xml': `<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]><worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row></sheetData></worksheet>`,
        },
      }),
    says: ['"xl/worksheets/sheet1.xml"', DTD_REFUSED],
    exit: 1,
  },
  'an entity used without a declaration': {
    build: () =>
      xlsx({
        sheets: [{ name: 'allegiances', rows: [HEADER] }],
        parts: {
          'xl/worksheets/sheet1.xml': `<?xml version="1.0"?><worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&passwd;</t></is></c></row></sheetData></worksheet>`,
        },
      }),
    says: ['"xl/worksheets/sheet1.xml" is not well-formed XML'],
    exit: 1,
  },
  'a sheet of a million rows': {
    build: () =>
      withSheetEntry(
        deflated(
          'sheet',
          bigSheet(1_048_575, (n) => `<row r="${n}"><c r="A${n}" t="inlineStr"><is><t>r${n}</t></is></c></row>`),
        ),
      ),
    says: ['missing-value', 'allegiances!B2', 'more changes not shown here'],
    exit: 1,
    writes: true,
    measureMemory: true,
  },
  'a row beyond the last a spreadsheet has': {
    build: () =>
      withSheetEntry(
        deflated(
          'sheet',
          bigSheet(1, () => '<row r="1048577"><c r="A1048577"><v>1</v></c></row>'),
        ),
      ),
    says: ['beyond the 1,048,576 rows a spreadsheet has'],
    exit: 1,
  },
  '16,384 columns in the header': {
    build: () =>
      withSheetEntry(
        deflated(
          'sheet',
          bigSheet(
            0,
            () => '',
            Array.from({ length: 16_384 }, (_, i) => HEADER[i] ?? `extra${i}`),
          ),
        ),
      ),
    says: ['unknown-column', `allegiances!${cellAfterLast('allegiances', 1)}`],
    exit: 1,
  },
  'a cell right of XFD, the last column': {
    build: () =>
      withSheetEntry(
        deflated(
          'sheet',
          bigSheet(1, (n) => `<row r="${n}"><c r="XFE${n}"><v>1</v></c></row>`),
        ),
      ),
    says: ['beyond the last column (XFD)'],
    exit: 1,
  },
  'a 30 MB shared-strings part': {
    build: () => {
      const strings = Array.from({ length: 300_000 }, (_, i) => `<si><t>${`string ${i} `.padEnd(100, 'x')}</t></si>`);
      return withSheetEntry(
        deflated(
          'sheet',
          bigSheet(1, (n) => `<row r="${n}"><c r="A${n}" t="s"><v>299999</v></c></row>`),
        ),
        [deflated('xl/sharedStrings.xml', `<?xml version="1.0"?><sst xmlns="${MAIN}" count="300000" uniqueCount="300000">${strings.join('')}</sst>`)],
      );
    },
    says: ['allegiances!B2', 'missing-value'],
    exit: 1,
    writes: true,
    measureMemory: true,
  },
  'a million empty rows, formatted (a whole column given a style)': {
    build: () =>
      withSheetEntry(
        deflated(
          'sheet',
          bigSheet(1_048_575, (n) => `<row r="${n}"><c r="A${n}" s="1"/></row>`),
        ),
      ),
    // A sheet with no rows is that table emptied: a warning, and the diff lists every row it removes.
    says: ['empty-table', 'removed'],
    exit: 0,
    writes: true,
  },
  'a shared string index past the last': {
    build: () =>
      xlsx({
        sheets: [{ name: 'allegiances', rows: [HEADER] }],
        parts: {
          'xl/worksheets/sheet1.xml': `<?xml version="1.0"?><worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1" t="s"><v>99999999</v></c></row></sheetData></worksheet>`,
        },
      }),
    says: ['allegiances!A1', 'refers to shared string'],
    exit: 1,
  },
};
