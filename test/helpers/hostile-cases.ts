import { cpSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../../scripts/lib/check/finding.ts';
import {
  actors,
  ACTORS_HEADER,
  allegianceRow as row,
  ALLEGIANCES_HEADER,
  allegiances,
  BASE_FIXTURE,
  cellAfterLast,
  cellOf,
  groups,
  row as rowOf,
  tableText,
} from './fixtures.ts';

const ACTORS = actors();
const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

export interface HostileCase {
  readonly files: () => Record<string, string | Uint8Array | null>;
  /** The finding that must be among the results, with its location. */
  readonly expect: Partial<Finding> & { code: string; file: string };
  /** Run inside the data directory before validating (links and the like). */
  readonly prepare?: (dataDir: string) => void;
}

/**
 * Files a stranger's pull request, a broken save or an attacker could put in data/. Each must give
 * its documented finding at its location, exit 1, and no stack trace, in bounded time.
 */
export const CASES: Record<string, HostileCase> = {
  'empty file': { files: () => ({ 'actors.csv': '' }), expect: { code: 'header-missing', file: 'data/actors.csv', row: 1 } },
  'header only': { files: () => ({ 'actors.csv': `${ACTORS_HEADER}\n` }), expect: { code: 'empty-table', file: 'data/actors.csv', row: 1 } },
  'a lone BOM': { files: () => ({ 'actors.csv': '\uFEFF' }), expect: { code: 'header-missing', file: 'data/actors.csv', row: 1 } },
  'UTF-16 LE with BOM (Excel "Unicode text")': {
    files: () => ({ 'actors.csv': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(ACTORS, 'utf16le')]) }),
    expect: { code: 'utf16-encoding', file: 'data/actors.csv', row: 1 },
  },
  'UTF-16 BE with BOM': {
    files: () => ({ 'actors.csv': Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(ACTORS, 'utf16le').swap16()]) }),
    expect: { code: 'utf16-encoding', file: 'data/actors.csv', row: 1 },
  },
  'NUL bytes in a cell': {
    files: () => ({ 'allegiances.csv': allegiances(row({ notes: 'a\u0000b' })) }),
    expect: { code: 'hidden-characters', file: 'data/allegiances.csv', row: 5, cell: cellOf('allegiances', 'notes', 5) },
  },
  'a PNG renamed .csv': {
    files: () => ({ 'actors.csv': Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 0)]) }),
    expect: { code: 'not-a-csv', file: 'data/actors.csv' },
  },
  'an .xlsx workbook renamed .csv': {
    files: () => ({ 'actors.csv': Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)]) }),
    expect: { code: 'not-a-csv', file: 'data/actors.csv' },
  },
  'binary noise with NULs': {
    files: () => ({ 'actors.csv': Buffer.from(Array.from({ length: 4096 }, (_, i) => ((i * 7919) % 3 === 0 ? 0 : (i * 31) % 256))) }),
    expect: { code: 'not-a-csv', file: 'data/actors.csv' },
  },
  'a 20 MB single cell': {
    files: () => ({ 'allegiances.csv': allegiances(row({ notes: 'x'.repeat(20 * 1024 * 1024) })) }),
    expect: { code: 'too-long', file: 'data/allegiances.csv', row: 5, cell: cellOf('allegiances', 'notes', 5) },
  },
  'a 1 MB line': {
    files: () => ({ 'allegiances.csv': allegiances(row({ quote: 'Kebekov leads the Emirate. '.repeat(40_000) })) }),
    expect: { code: 'too-long', file: 'data/allegiances.csv', row: 5, cell: cellOf('allegiances', 'quote', 5) },
  },
  '10 000 columns': {
    files: () => ({ 'allegiances.csv': `${ALLEGIANCES_HEADER},${Array.from({ length: 10_000 }, (_, i) => `extra${i}`).join(',')}\n` }),
    expect: { code: 'unknown-column', file: 'data/allegiances.csv', row: 1, cell: cellAfterLast('allegiances', 1), value: 'extra0' },
  },
  'an unterminated quote at the end of the file': {
    files: () => ({ 'allegiances.csv': `${allegiances()}${row({})}"never closed` }),
    expect: { code: 'unterminated-quote', file: 'data/allegiances.csv', row: 5 },
  },
  'a stray quote inside an unquoted field': {
    files: () => ({ 'allegiances.csv': allegiances(`${row({})}5" tall`) }),
    expect: { code: 'stray-quote', file: 'data/allegiances.csv', row: 5 },
  },
  'mixed LF, CRLF and CR': {
    files: () => ({
      'allegiances.csv': allegiances(row({ id: 'a1' }), row({ id: 'a2' }))
        .replace('\n', '\r\n')
        .replace(/\na1/, '\ra1'),
    }),
    expect: { code: 'mixed-line-endings', file: 'data/allegiances.csv' },
  },
  'a header named __proto__': {
    files: () => ({ 'allegiances.csv': `${ALLEGIANCES_HEADER},__proto__\n${row({})},x\n` }),
    expect: { code: 'unknown-column', file: 'data/allegiances.csv', row: 1, cell: cellAfterLast('allegiances', 1), value: '__proto__' },
  },
  'a header named constructor': {
    files: () => ({ 'allegiances.csv': `constructor,${ALLEGIANCES_HEADER}\n` }),
    expect: { code: 'unknown-column', file: 'data/allegiances.csv', row: 1, cell: cellOf('allegiances', 'id', 1), value: 'constructor' },
  },
  'a header named prototype': {
    files: () => ({ 'allegiances.csv': `${ALLEGIANCES_HEADER},prototype\n` }),
    expect: { code: 'unknown-column', file: 'data/allegiances.csv', row: 1, cell: cellAfterLast('allegiances', 1), value: 'prototype' },
  },
  'a header named hasOwnProperty': {
    files: () => ({ 'allegiances.csv': `${ALLEGIANCES_HEADER},hasOwnProperty\n` }),
    expect: { code: 'unknown-column', file: 'data/allegiances.csv', row: 1, cell: cellAfterLast('allegiances', 1), value: 'hasOwnProperty' },
  },
  'a duplicate header': {
    files: () => ({ 'allegiances.csv': `${ALLEGIANCES_HEADER},id\n` }),
    expect: { code: 'duplicate-column', file: 'data/allegiances.csv', row: 1, cell: cellAfterLast('allegiances', 1), value: 'id' },
  },
  'an empty header name': {
    files: () => ({ 'allegiances.csv': `${ALLEGIANCES_HEADER},\n` }),
    expect: { code: 'unknown-column', file: 'data/allegiances.csv', row: 1, cell: cellAfterLast('allegiances', 1), value: '' },
  },
  'an id with a Cyrillic look-alike letter': {
    files: () => ({ 'allegiances.csv': allegiances(row({ id: 'k\u0435bekov-row' })) }),
    expect: { code: 'invalid-value', file: 'data/allegiances.csv', row: 5, cell: cellOf('allegiances', 'id', 5) },
  },
  'an id with a zero-width space': {
    files: () => ({ 'allegiances.csv': allegiances(row({ id: 'kebekov\u200B-row' })) }),
    expect: { code: 'hidden-characters', file: 'data/allegiances.csv', row: 5, cell: cellOf('allegiances', 'id', 5) },
  },
  'a right-to-left override in a name': {
    files: () => ({ 'actors.csv': ACTORS.replace('Umar Shishani', 'Umar \u202EinahsihS') }),
    expect: { code: 'hidden-characters', file: 'data/actors.csv', row: 4, cell: cellOf('actors', 'name', 4) },
  },
  'a bidi isolate in a quote': {
    files: () => ({ 'allegiances.csv': allegiances(row({ quote: 'Kebekov \u2066leads\u2069 the Emirate.' })) }),
    expect: { code: 'hidden-characters', file: 'data/allegiances.csv', row: 5, cell: cellOf('allegiances', 'quote', 5) },
  },
  'a byte order mark inside a cell': {
    files: () => ({ 'allegiances.csv': allegiances(row({ role: 'am\uFEFFir' })) }),
    expect: { code: 'hidden-characters', file: 'data/allegiances.csv', row: 5, cell: cellOf('allegiances', 'role', 5) },
  },
  'an unpaired surrogate (CESU-8 bytes)': {
    files: () => ({ 'allegiances.csv': Buffer.concat([utf8(allegiances()), utf8(row({ notes: 'x' }).slice(0, -1)), Buffer.from([0xed, 0xa0, 0x80, 0x0a])]) }),
    expect: { code: 'not-utf8', file: 'data/allegiances.csv', row: 5, cell: cellOf('allegiances', 'notes', 5) },
  },
  'Windows-1252 bytes': {
    files: () => ({ 'allegiances.csv': Buffer.concat([utf8(allegiances()), utf8(row({ notes: 'caf' })), Buffer.from([0xe9, 0x0a])]) }),
    expect: { code: 'not-utf8', file: 'data/allegiances.csv', row: 5, cell: cellOf('allegiances', 'notes', 5) },
  },
  '2015-02-30': {
    files: () => ({ 'allegiances.csv': allegiances(row({ started: '2015-02-30' })) }),
    expect: { code: 'invalid-value', file: 'data/allegiances.csv', row: 5, cell: cellOf('allegiances', 'started', 5), value: '2015-02-30' },
  },
  '2015-02-29, not a leap year': {
    files: () => ({ 'allegiances.csv': allegiances(row({ started: '2015-02-29' })) }),
    expect: { code: 'invalid-value', file: 'data/allegiances.csv', row: 5, cell: cellOf('allegiances', 'started', 5), value: '2015-02-29' },
  },
  '0000': {
    files: () => ({ 'allegiances.csv': allegiances(row({ started: '0000' })) }),
    expect: { code: 'invalid-value', file: 'data/allegiances.csv', row: 5, cell: cellOf('allegiances', 'started', 5), value: '0000' },
  },
  '99999': {
    files: () => ({ 'allegiances.csv': allegiances(row({ started: '99999' })) }),
    expect: { code: 'spreadsheet-date', file: 'data/allegiances.csv', row: 5, cell: cellOf('allegiances', 'started', 5), value: '99999' },
  },
  '2015-13': {
    files: () => ({ 'allegiances.csv': allegiances(row({ started: '2015-13' })) }),
    expect: { code: 'invalid-value', file: 'data/allegiances.csv', row: 5, cell: cellOf('allegiances', 'started', 5), value: '2015-13' },
  },
  'A part of B part of A': {
    files: () => ({ 'allegiances.csv': allegiances(row({ id: 'emirate-in-jjq', subject_id: 'emirate', kind: 'part_of', target_id: 'jjq' })) }),
    expect: { code: 'containment-cycle', file: 'data/allegiances.csv', row: 5, cell: cellOf('allegiances', 'target_id', 5) },
  },
  'a three-group circle through affiliate_of': {
    files: () => ({
      'groups.csv': groups(rowOf('groups', { id: 'third', name: 'Third group', kind: 'organization', source_ids: 'src-a' })),
      'allegiances.csv': allegiances(
        row({ id: 'emirate-in-third', subject_id: 'emirate', kind: 'part_of', target_id: 'third' }),
        row({ id: 'third-in-jjq', subject_id: 'third', kind: 'affiliate_of', target_id: 'jjq' }),
      ),
    }),
    expect: { code: 'containment-cycle', file: 'data/allegiances.csv', row: 6, cell: cellOf('allegiances', 'target_id', 6) },
  },
  'a source id that climbs out of data/archive/': {
    files: () => ({
      'sources.csv': tableText(
        'sources',
        rowOf('sources', { id: 'src-a', title: 'A', published: '2015-02-10', language: 'en' }),
        rowOf('sources', { id: 'src-b', title: 'B', published: '2014-11-24', language: 'en' }),
        rowOf('sources', { id: '../../outside', title: 'C', published: '2015', language: 'en' }),
      ),
    }),
    expect: { code: 'invalid-value', file: 'data/sources.csv', row: 4, cell: cellOf('sources', 'id', 4), value: '../../outside' },
  },
  'an archive file that is a link to a file outside data/': {
    files: () => ({}),
    prepare: (dir) => {
      // The archive becomes a link to a file outside the data directory that holds the quoted text.
      const outside = `${dir}-outside.txt`;
      writeFileSync(outside, 'The group said it is "affiliated" with the Emirate.');
      rmSync(join(dir, 'archive', 'src-b.txt'));
      symlinkSync(outside, join(dir, 'archive', 'src-b.txt'));
    },
    expect: { code: 'archive-missing', file: 'data/sources.csv', row: 3, cell: cellOf('sources', 'id', 3) },
  },
  'a table that is a link to a file outside data/': {
    files: () => ({}),
    prepare: (dir) => {
      // What the link leads to is a good table, so that reading it would go unnoticed.
      const outside = `${dir}-outside-actors.csv`;
      writeFileSync(outside, readFileSync(join(dir, 'actors.csv')));
      rmSync(join(dir, 'actors.csv'));
      symlinkSync(outside, join(dir, 'actors.csv'));
    },
    expect: { code: 'file-is-link', file: 'data/actors.csv' },
  },
  'a table that is a link to /dev/zero': {
    files: () => ({}),
    prepare: (dir) => {
      rmSync(join(dir, 'groups.csv'));
      symlinkSync('/dev/zero', join(dir, 'groups.csv'));
    },
    expect: { code: 'file-is-link', file: 'data/groups.csv' },
  },
  'a table that is a link to another file inside data/': {
    files: () => ({}),
    prepare: (dir) => {
      writeFileSync(join(dir, 'actors-copy.csv'), readFileSync(join(dir, 'actors.csv')));
      rmSync(join(dir, 'actors.csv'));
      symlinkSync('actors-copy.csv', join(dir, 'actors.csv'));
    },
    expect: { code: 'file-is-link', file: 'data/actors.csv' },
  },
  'an archive folder that is a link out of data/': {
    files: () => ({}),
    prepare: (dir) => {
      // A copy of the archive outside data/, so that following the link would find every quote.
      cpSync(join(dir, 'archive'), `${dir}-outside-archive`, { recursive: true });
      rmSync(join(dir, 'archive'), { recursive: true });
      symlinkSync(`${dir}-outside-archive`, join(dir, 'archive'));
    },
    expect: { code: 'archive-missing', file: 'data/sources.csv', row: 2, cell: cellOf('sources', 'id', 2) },
  },
  'a formula that runs a command': {
    files: () => ({ 'allegiances.csv': allegiances(row({ notes: "=cmd|' /C calc'!A0" })) }),
    expect: { code: 'formula-injection', file: 'data/allegiances.csv', row: 5, cell: cellOf('allegiances', 'notes', 5) },
  },
  'an @ formula': {
    files: () => ({ 'allegiances.csv': allegiances(row({ role: '@SUM(1+1)' })) }),
    expect: { code: 'formula-injection', file: 'data/allegiances.csv', row: 5, cell: cellOf('allegiances', 'role', 5) },
  },
  'a + formula': {
    files: () => ({ 'allegiances.csv': allegiances(row({ role: '+1+1' })) }),
    expect: { code: 'formula-injection', file: 'data/allegiances.csv', row: 5, cell: cellOf('allegiances', 'role', 5) },
  },
  'a leading tab': {
    files: () => ({ 'allegiances.csv': allegiances(row({ notes: '\t=1+1' })) }),
    expect: { code: 'formula-injection', file: 'data/allegiances.csv', row: 5, cell: cellOf('allegiances', 'notes', 5) },
  },
  'a spreadsheet error value': {
    files: () => ({ 'allegiances.csv': allegiances(row({ notes: '#REF!' })) }),
    expect: { code: 'spreadsheet-error-value', file: 'data/allegiances.csv', row: 5, cell: cellOf('allegiances', 'notes', 5) },
  },
  'text after a closing quote': {
    files: () => ({ 'allegiances.csv': allegiances(`${row({})}"said" twice`) }),
    expect: { code: 'malformed-quote', file: 'data/allegiances.csv', row: 5 },
  },
  '100 000 blank lines': {
    files: () => ({ 'allegiances.csv': allegiances(...Array.from({ length: 100_000 }, () => '')) }),
    expect: { code: 'blank-row', file: 'data/allegiances.csv', row: 5 },
  },
  'a row with too many cells': {
    files: () => ({ 'allegiances.csv': allegiances(`${row({})},extra`) }),
    expect: { code: 'too-many-cells', file: 'data/allegiances.csv', row: 5, cell: cellAfterLast('allegiances', 5) },
  },
  'data where the header belongs': {
    files: () => ({ 'actors.csv': `${rowOf('actors', { id: 'kebekov', name: 'Aliaskhab Kebekov', source_ids: 'src-a' })}\n` }),
    expect: { code: 'header-missing', file: 'data/actors.csv', row: 1, cell: cellOf('actors', 'id', 1) },
  },
  'semicolons instead of commas': {
    files: () => ({ 'actors.csv': ACTORS.replace(/,/g, ';') }),
    expect: { code: 'wrong-delimiter', file: 'data/actors.csv', row: 1 },
  },
  'a reference to nothing': {
    files: () => ({ 'allegiances.csv': allegiances(row({ target_id: 'nowhere' })) }),
    expect: { code: 'reference-not-found', file: 'data/allegiances.csv', row: 5, cell: cellOf('allegiances', 'target_id', 5) },
  },
  'a duplicated id': {
    files: () => ({ 'allegiances.csv': allegiances(row({ id: 'jjq-affiliate' })) }),
    expect: { code: 'duplicate-id', file: 'data/allegiances.csv', row: 5, cell: cellOf('allegiances', 'id', 5) },
  },
  'an entity related to itself': {
    files: () => ({ 'allegiances.csv': allegiances(row({ kind: 'rival_of', target_id: 'kebekov' })) }),
    expect: { code: 'self-relation', file: 'data/allegiances.csv', row: 5, cell: cellOf('allegiances', 'target_id', 5) },
  },
  'a date in 2099': {
    files: () => ({ 'allegiances.csv': allegiances(row({ started: '2099' })) }),
    expect: { code: 'date-in-future', file: 'data/allegiances.csv', row: 5, cell: cellOf('allegiances', 'started', 5) },
  },
  '100 000 doubled quotes in one cell': {
    files: () => ({ 'allegiances.csv': allegiances(row({ notes: '"'.repeat(100_000) })) }),
    expect: { code: 'too-long', file: 'data/allegiances.csv', row: 5, cell: cellOf('allegiances', 'notes', 5) },
  },
  'a 100 000-character id made to make a regex backtrack': {
    files: () => ({ 'allegiances.csv': allegiances(row({ id: `${'a-'.repeat(50_000)}!` })) }),
    expect: { code: 'too-long', file: 'data/allegiances.csv', row: 5, cell: cellOf('allegiances', 'id', 5) },
  },
  'a quote written as a regular expression': {
    files: () => ({ 'allegiances.csv': allegiances(row({ quote: '(a+)+$ .* [...] (x|x)*' })) }),
    expect: { code: 'quote-not-found', file: 'data/allegiances.csv', row: 5, cell: cellOf('allegiances', 'quote', 5) },
  },
  'an emoji in an id': {
    files: () => ({ 'allegiances.csv': allegiances(row({ id: 'kebekov-🙂' })) }),
    expect: { code: 'invalid-value', file: 'data/allegiances.csv', row: 5, cell: cellOf('allegiances', 'id', 5) },
  },
  'a missing table': { files: () => ({ 'sources.csv': null }), expect: { code: 'file-missing', file: 'data/sources.csv' } },
  // Text that means something to a reader of the output (each output channel is checked on every case).
  'a workflow command after a quoted line break in an id': {
    files: () => ({ 'actors.csv': actors(rowOf('actors', { id: 'zz-ghid\n::error::INJECTED-ID', name: 'Injected', source_ids: 'src-a' })) }),
    expect: { code: 'unreferenced-row', file: 'data/actors.csv', row: 5, cell: cellOf('actors', 'id', 5), value: 'zz-ghid\n::error::INJECTED-ID' },
  },
  'a workflow command after a lone CR in an id that names an entity twice': {
    files: () => ({ 'actors.csv': actors(rowOf('actors', { id: 'zz-dup\r::warning::DUP-ID', name: 'Umar Shishani', source_ids: 'src-a' })) }),
    expect: { code: 'possible-duplicate', file: 'data/actors.csv', row: 5, cell: cellOf('actors', 'name', 5) },
  },
  'terminal escapes in a cell (window title, clear screen, 8-bit CSI)': {
    files: () => ({ 'allegiances.csv': allegiances(row({ notes: '\u001b]0;title\u0007\u001b[2J\u009b31m ##[set-output name=a;]b' })) }),
    expect: { code: 'hidden-characters', file: 'data/allegiances.csv', row: 5, cell: cellOf('allegiances', 'notes', 5) },
  },
  'a backtick and an image in a reference, for the job summary': {
    files: () => ({ 'allegiances.csv': allegiances(row({ source_ids: 'x`<img src="https://example.org/x.png"> @octocat' })) }),
    expect: {
      code: 'invalid-value',
      file: 'data/allegiances.csv',
      row: 5,
      cell: cellOf('allegiances', 'source_ids', 5),
      value: 'x`<img src="https://example.org/x.png"> @octocat',
    },
  },
  'a 50 000-character web address that almost matches its pattern': {
    files: () => ({
      'sources.csv': `${readFileSync(join(BASE_FIXTURE, 'sources.csv'), 'utf8')}${rowOf('sources', { id: 'src-long', title: 'Long', published: '2015', url: `https://${'a'.repeat(50_000)} x`, language: 'en' })}\n`,
    }),
    expect: { code: 'too-long', file: 'data/sources.csv', cell: cellOf('sources', 'url', 4) },
  },
};

/** Schema documents by file name, edited as plain JSON. */
type Schemas = Record<string, Record<string, any>>;

export interface HostileSchema {
  /** Changes the repository's schemas, by file name, in place. */
  readonly edit: (schemas: Schemas) => void;
  /** The schema error: the file and JSON pointer it names, and words its message contains. */
  readonly file: string;
  readonly pointer: string;
  readonly says: string;
}

/**
 * Schemas a pull request or a downloaded release could carry. Each must be refused with a schema
 * error (exit 2) naming the file and the place, before any cell is read: never a hang, a stack
 * overflow or a check silently dropped.
 */
export const SCHEMA_CASES: Record<string, HostileSchema> = {
  'a nested quantifier that backtracks for hours': {
    edit: (s) => void (s['defs.schema.json']!.$defs.Name.pattern = '^([a-z]+)+$'),
    file: 'defs.schema.json',
    pointer: '/$defs/Name/pattern',
    says: 'catastrophic backtracking: `([a-z]+)+`',
  },
  'overlapping alternatives under a star, inside anyOf': {
    edit: (s) => void (s['actors.schema.json']!.properties.name.anyOf = [{ type: 'string', pattern: '^(a|a)*$' }]),
    file: 'actors.schema.json',
    pointer: '/properties/name/anyOf/0/pattern',
    says: 'catastrophic backtracking',
  },
  'words and optional spaces repeated, (\\w+\\s?)+$': {
    edit: (s) => void (s['defs.schema.json']!.$defs.Sentence.pattern = '(\\w+\\s?)+$'),
    file: 'defs.schema.json',
    pointer: '/$defs/Sentence/pattern',
    says: 'catastrophic backtracking',
  },
  'a quadratic pattern: two repetitions of the same characters': {
    edit: (s) => void (s['defs.schema.json']!.$defs.Url.pattern = '^https?://[^\\s/?#]+[^\\s]*$'),
    file: 'defs.schema.json',
    pointer: '/$defs/Url/pattern',
    says: '`[^\\s/?#]` and `[^\\s]` can match the same characters',
  },
  'a pattern that is not a regular expression': {
    edit: (s) => void (s['defs.schema.json']!.$defs.Id.pattern = '^[a-z'),
    file: 'defs.schema.json',
    pointer: '/$defs/Id/pattern',
    says: 'is not a valid regular expression (/^[a-z/u: Unterminated character class)',
  },
  'a pattern that is a number': {
    edit: (s) => void (s['defs.schema.json']!.$defs.Id.pattern = 5),
    file: 'defs.schema.json',
    pointer: '/$defs/Id/pattern',
    says: 'pattern must be a string',
  },
  'a catastrophic patternProperties name': {
    edit: (s) => void (s['actors.schema.json']!.properties.name.patternProperties = { '(a+)+$': {} }),
    file: 'actors.schema.json',
    pointer: '/properties/name/patternProperties/(a+)+$',
    says: 'catastrophic backtracking',
  },
  'two definitions that refer to each other': {
    edit: (s) => Object.assign(s['defs.schema.json']!.$defs, { Name: { $ref: '#/$defs/Text' }, Text: { $ref: '#/$defs/Name' } }),
    file: 'defs.schema.json',
    pointer: '/$defs/Name/$ref',
    says: '$ref leads back to itself (defs.schema.json#/$defs/Name → defs.schema.json#/$defs/Text → defs.schema.json#/$defs/Name)',
  },
  'a column that refers to itself through allOf': {
    edit: (s) => void (s['actors.schema.json']!.properties.name.allOf = [{ $ref: '#/properties/name' }]),
    file: 'actors.schema.json',
    pointer: '/properties/name/allOf/0/$ref',
    says: '$ref leads back to itself',
  },
  'a $ref to nothing': {
    edit: (s) => void (s['actors.schema.json']!.properties.name.$ref = 'defs.schema.json#/$defs/Nothing'),
    file: 'actors.schema.json',
    pointer: '/properties/name/$ref',
    says: '$ref defs.schema.json#/$defs/Nothing points at nothing',
  },
  'a $ref to a schema that does not exist': {
    edit: (s) => void (s['actors.schema.json']!.properties.name.anyOf = [{ $ref: 'elsewhere.json#/x' }]),
    file: 'actors.schema.json',
    pointer: '/properties/name/anyOf/0/$ref',
    says: 'names no schema ($id elsewhere.json)',
  },
  'an enum of numbers and null': {
    edit: (s) => void (s['allegiances.schema.json']!.properties.certainty.enum = [1, null, 'reported']),
    file: 'allegiances.schema.json',
    pointer: '/properties/certainty/enum/0',
    says: 'enum values must be text',
  },
  'x-references as one string, which would drop the check': {
    edit: (s) => void (s['allegiances.schema.json']!.properties.subject_id['x-references'] = 'actors'),
    file: 'allegiances.schema.json',
    pointer: '/properties/subject_id/x-references',
    says: 'x-references must be an array of strings',
  },
  'an unknown format': {
    edit: (s) => void (s['defs.schema.json']!.$defs.Id.format = 'slug'),
    file: 'defs.schema.json',
    pointer: '/$defs/Id',
    says: 'unknown format "slug"',
  },
  'maxLength as text': {
    edit: (s) => void (s['defs.schema.json']!.$defs.Id.maxLength = '100'),
    file: 'defs.schema.json',
    pointer: '/$defs/Id/maxLength',
    says: 'must be integer',
  },
  'a list without items': {
    edit: (s) => void delete s['defs.schema.json']!.$defs.IdList.items,
    file: 'defs.schema.json',
    pointer: '/$defs/IdList/items',
    says: 'a list (type array) needs items',
  },
  'schemas nested 500 levels deep': {
    edit: (s) => void (s['actors.schema.json']!.properties.name.allOf = [JSON.parse(`${'{"not":'.repeat(500)}{}${'}'.repeat(500)}`)]),
    file: 'actors.schema.json',
    pointer: `/properties/name/allOf/0${'/not'.repeat(63)}`,
    says: 'nested more than 64 levels deep',
  },
  'two schemas with the same $id': {
    edit: (s) => void (s['groups.schema.json']!.$id = 'actors.schema.json'),
    file: 'groups.schema.json',
    pointer: '/$id',
    says: '$id actors.schema.json is already the $id of actors.schema.json',
  },
};

/** A schema keyword set to a path that is not a plain name inside the data folder. */
export interface HostilePathSchema {
  readonly schema: string;
  readonly keyword: 'x-file' | 'x-archive';
  readonly value: unknown;
}

/**
 * Schemas a pull request or a tampered release could carry, naming files outside the data folder (or
 * nowhere sensible). Each must be refused when the model is built: exit 2, the schema file and the
 * keyword named, nothing read or written.
 */
export const PATH_SCHEMA_CASES: Record<string, HostilePathSchema> = {
  'x-file climbing out of data/': { schema: 'actors.schema.json', keyword: 'x-file', value: '../../../../../../../../../../etc/passwd' },
  'x-file one folder up': { schema: 'actors.schema.json', keyword: 'x-file', value: '../README.md' },
  'x-file absolute': { schema: 'actors.schema.json', keyword: 'x-file', value: '/etc/passwd' },
  'x-file in a subfolder': { schema: 'groups.schema.json', keyword: 'x-file', value: 'archive/src-a.txt' },
  'x-file the folder itself': { schema: 'groups.schema.json', keyword: 'x-file', value: '.' },
  'x-file ..': { schema: 'groups.schema.json', keyword: 'x-file', value: '..' },
  'x-file with backslashes': { schema: 'actors.schema.json', keyword: 'x-file', value: '..\\..\\victim.csv' },
  'x-file a hidden temporary name': { schema: 'actors.schema.json', keyword: 'x-file', value: '.actors.csv.1234.tmp' },
  'x-file with a NUL byte': { schema: 'actors.schema.json', keyword: 'x-file', value: 'actors.csv\u0000/../../x' },
  'x-file with a line break': { schema: 'actors.schema.json', keyword: 'x-file', value: 'actors.csv\n::error::x' },
  'x-file another table already has': { schema: 'groups.schema.json', keyword: 'x-file', value: 'actors.csv' },
  'x-archive climbing out of data/': { schema: 'sources.schema.json', keyword: 'x-archive', value: '../../../../../../../../tmp/{id}.txt' },
  'x-archive absolute': { schema: 'sources.schema.json', keyword: 'x-archive', value: '/tmp/{id}.txt' },
  'x-archive through ..': { schema: 'sources.schema.json', keyword: 'x-archive', value: 'archive/../../{id}.txt' },
  'x-archive without {id}': { schema: 'sources.schema.json', keyword: 'x-archive', value: 'archive/all.txt' },
  'x-archive with {id} as a folder': { schema: 'sources.schema.json', keyword: 'x-archive', value: '{id}/text.txt' },
  'x-archive with {id} twice': { schema: 'sources.schema.json', keyword: 'x-archive', value: 'archive/{id}{id}.txt' },
  'x-archive not a string': { schema: 'sources.schema.json', keyword: 'x-archive', value: { path: '../x' } },
};
