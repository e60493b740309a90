import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTORS_HEADER, allegianceRow as row, ALLEGIANCES_HEADER, allegiances, BASE_FIXTURE, type FixtureFiles } from './fixtures.ts';

export interface RuleCase {
  readonly files: FixtureFiles;
  readonly expected: Record<string, unknown>;
}

/** One fixture per rule: the finding it must produce, with its exact location. */
export const CASES: Record<string, RuleCase> = {
  'file-missing': {
    files: { 'groups.csv': null },
    expected: { file: 'data/groups.csv', row: undefined, column: undefined, cell: undefined, value: undefined },
  },
  'file-is-link': {
    // Even a link to a good copy of the table is not read.
    files: { 'actors.csv': { linkOutTo: readFileSync(join(BASE_FIXTURE, 'actors.csv')) } },
    expected: { file: 'data/actors.csv', row: undefined, column: undefined, cell: undefined, value: undefined },
  },
  'header-missing': { files: { 'groups.csv': '' }, expected: { file: 'data/groups.csv', row: 1, column: undefined, cell: undefined, value: undefined } },
  'unknown-column': {
    files: { 'allegiances.csv': `${ALLEGIANCES_HEADER},comment\n` },
    expected: { file: 'data/allegiances.csv', row: 1, column: 'comment', cell: 'L1', value: 'comment' },
  },
  'duplicate-column': {
    files: { 'allegiances.csv': `${ALLEGIANCES_HEADER},notes\n` },
    expected: { file: 'data/allegiances.csv', row: 1, column: 'notes', cell: 'L1', value: 'notes' },
  },
  'missing-column': {
    files: { 'allegiances.csv': `${ALLEGIANCES_HEADER.replace(',role', '')}\n` },
    expected: { file: 'data/allegiances.csv', row: 1, column: 'role', cell: undefined, value: undefined },
  },
  'column-order': {
    files: { 'allegiances.csv': `${ALLEGIANCES_HEADER.replace('subject_id,kind', 'kind,subject_id')}\n` },
    expected: { file: 'data/allegiances.csv', row: 1, column: undefined, cell: undefined, value: undefined },
  },
  'not-utf8': {
    files: { 'allegiances.csv': Buffer.concat([Buffer.from(allegiances()), Buffer.from(`${row({ notes: 'caf' })}`), Buffer.from([0xe9, 0x0a])]) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'notes', cell: 'K5', value: 'caf\uFFFD' },
  },
  'unterminated-quote': {
    files: { 'allegiances.csv': `${allegiances()}${row({})}\n${row({ id: 'x' })}"no closing quote\n` },
    expected: { file: 'data/allegiances.csv', row: 6, column: undefined, cell: undefined, value: undefined },
  },
  'malformed-quote': {
    files: { 'allegiances.csv': allegiances(row({}).replace(/,$/, ',"said" twice')) },
    expected: { file: 'data/allegiances.csv', row: 5, column: undefined, cell: undefined, value: undefined },
  },
  'blank-row': {
    files: { 'allegiances.csv': allegiances(',,,,,,,,,,') },
    expected: { file: 'data/allegiances.csv', row: 5, column: undefined, cell: undefined, value: undefined },
  },
  'too-many-cells': {
    files: { 'allegiances.csv': allegiances(`${row({})},stray`) },
    expected: { file: 'data/allegiances.csv', row: 5, column: undefined, cell: 'L5', value: 'stray' },
  },
  'too-few-cells': {
    files: { 'allegiances.csv': allegiances('new-row,kebekov,leader_of,emirate') },
    expected: { file: 'data/allegiances.csv', row: 5, column: undefined, cell: undefined, value: undefined },
  },
  'wrong-delimiter': {
    files: { 'allegiances.csv': allegiances(row({})).replace(/,/g, ';') },
    expected: { file: 'data/allegiances.csv', row: 1, column: undefined, cell: undefined, value: undefined },
  },
  'spreadsheet-date': {
    files: { 'allegiances.csv': allegiances(row({ started: '42036' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'started', cell: 'F5', value: '42036' },
  },
  'spreadsheet-number': {
    files: { 'allegiances.csv': allegiances(row({ subject_id: '1.23457E+15' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'subject_id', cell: 'B5', value: '1.23457E+15' },
  },
  'spreadsheet-error-value': {
    files: { 'allegiances.csv': allegiances(row({ notes: '#NAME?' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'notes', cell: 'K5', value: '#NAME?' },
  },
  'replaced-characters': {
    files: {
      'actors.csv': `${ACTORS_HEADER}\nbaghdadi,Abu Bakr al-Baghdadi,,,,,,,,src-a,\nkebekov,Aliaskhab Kebekov,Алиасхаб Кебеков|Ali Abu Mu?ammad,,,,,,,src-a,\nshishani,Umar Shishani,,,,,,,,src-a,\n`,
    },
    expected: { file: 'data/actors.csv', row: 3, column: 'aliases', cell: 'C3', value: 'Ali Abu Mu?ammad' },
  },
  'not-a-csv': {
    files: { 'groups.csv': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]) },
    expected: { file: 'data/groups.csv', row: undefined, column: undefined, cell: undefined, value: undefined },
  },
  'utf16-encoding': {
    files: { 'allegiances.csv': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(allegiances(), 'utf16le')]) },
    expected: { file: 'data/allegiances.csv', row: 1, column: undefined, cell: undefined, value: undefined },
  },
  'empty-table': {
    files: { 'allegiances.csv': `${ALLEGIANCES_HEADER}\n` },
    expected: { file: 'data/allegiances.csv', row: 1, column: undefined, cell: undefined, value: undefined },
  },
  'mixed-line-endings': {
    files: { 'allegiances.csv': allegiances(row({})).replace('\n', '\r\n') },
    expected: { file: 'data/allegiances.csv', row: undefined, column: undefined, cell: undefined, value: undefined },
  },
  'stray-quote': {
    files: { 'allegiances.csv': allegiances(row({}).replace(/,$/, ',5" tall')) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'notes', cell: 'K5', value: '5" tall' },
  },
  'garbled-text': {
    files: { 'allegiances.csv': allegiances(row({ role: 'Ã©mir' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'role', cell: 'E5', value: 'Ã©mir' },
  },
  'hidden-characters': {
    files: { 'allegiances.csv': allegiances(row({ role: 'am\u202Eir' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'role', cell: 'E5', value: 'am\u202Eir' },
  },
  'containment-cycle': {
    files: { 'allegiances.csv': allegiances(row({ id: 'emirate-in-jjq', subject_id: 'emirate', kind: 'part_of', target_id: 'jjq' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'target_id', cell: 'D5', value: 'jjq' },
  },
  'missing-value': {
    files: { 'allegiances.csv': allegiances(row({ kind: '' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'kind', cell: 'C5', value: '' },
  },
  'invalid-value': {
    files: { 'allegiances.csv': allegiances(row({ started: '2015-13' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'started', cell: 'F5', value: '2015-13' },
  },
  'value-not-allowed': {
    files: { 'allegiances.csv': allegiances(row({ kind: 'leader' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'kind', cell: 'C5', value: 'leader' },
  },
  'too-long': {
    files: { 'allegiances.csv': allegiances(row({ notes: 'x'.repeat(5001) })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'notes', cell: 'K5', value: `${'x'.repeat(200)}…` },
  },
  'duplicate-item': {
    files: { 'allegiances.csv': allegiances(row({ source_ids: 'src-a|src-a' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'source_ids', cell: 'I5', value: 'src-a|src-a' },
  },
  'cell-whitespace': {
    files: { 'allegiances.csv': allegiances(row({ role: 'amir ' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'role', cell: 'E5', value: 'amir ' },
  },
  'formula-injection': {
    files: { 'allegiances.csv': allegiances(row({ notes: '=HYPERLINK("http://x")' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'notes', cell: 'K5', value: '=HYPERLINK("http://x")' },
  },
  'duplicate-id': {
    files: { 'allegiances.csv': allegiances(row({ id: 'kebekov-leads-emirate' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'id', cell: 'A5', value: 'kebekov-leads-emirate' },
  },
  'id-conflict': {
    files: {
      'groups.csv':
        'id,name,aliases,kind,area,countries,founded,dissolved,description,wikidata,source_ids,notes\nemirate,Caucasus Emirate,,organization,,,,,,,src-a,\njjq,JJQ,,organization,,,,,,,src-b,\nkebekov,Kebekov group,,organization,,,,,,,src-a,\n',
    },
    expected: { file: 'data/groups.csv', row: 4, column: 'id', cell: 'A4', value: 'kebekov' },
  },
  'reference-not-found': {
    files: { 'allegiances.csv': allegiances(row({ subject_id: 'kebekovv' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'subject_id', cell: 'B5', value: 'kebekovv' },
  },
  'endpoint-type': {
    files: { 'allegiances.csv': allegiances(row({ subject_id: 'jjq', kind: 'leader_of' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'subject_id', cell: 'B5', value: 'jjq' },
  },
  'self-relation': {
    files: { 'allegiances.csv': allegiances(row({ kind: 'rival_of', target_id: 'kebekov' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'target_id', cell: 'D5', value: 'kebekov' },
  },
  'date-order': {
    files: { 'allegiances.csv': allegiances(row({ started: '2015-01', ended: '2014-12' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'ended', cell: 'G5', value: '2014-12' },
  },
  'date-in-future': {
    files: { 'allegiances.csv': allegiances(row({ started: '2026-02' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'started', cell: 'F5', value: '2026-02' },
  },
  'date-after-source': {
    files: { 'allegiances.csv': allegiances(row({ started: '2015-03' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'started', cell: 'F5', value: '2015-03' },
  },
  'too-few-publishers': {
    // src-b names no publisher, so only one publisher (src-a's) stands behind the row.
    files: { 'allegiances.csv': allegiances(row({ certainty: 'confirmed', source_ids: 'src-a|src-b' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'certainty', cell: 'H5', value: 'confirmed' },
  },
  'archive-missing': { files: { 'archive/src-b.txt': null }, expected: { file: 'data/sources.csv', row: 3, column: 'id', cell: 'A3', value: 'src-b' } },
  'quote-not-found': {
    files: { 'allegiances.csv': allegiances(row({ quote: 'Kebekov leads the Caliphate.' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'quote', cell: 'J5', value: 'Kebekov leads the Caliphate.' },
  },
  'unreferenced-row': {
    files: {
      'sources.csv': 'id,title,publisher,author,published,url,language,notes\nsrc-a,A,,,2015-02-10,,en,\nsrc-b,B,,,2014-11-24,,en,\nsrc-c,C,,,2015,,en,\n',
      'archive/src-c.txt': 'text',
    },
    expected: { file: 'data/sources.csv', row: 4, column: 'id', cell: 'A4', value: 'src-c' },
  },
  'possible-duplicate': {
    files: {
      'actors.csv': `${ACTORS_HEADER}\nbaghdadi,Abu Bakr al-Baghdadi,,,,,,,,src-a,\nkebekov,Aliaskhab Kebekov,,,,,,,,src-a,\nshishani,Umar Shishani,,,,,,,,src-a,\numar,UMAR SHISHANI,,,,,,,,src-a,\n`,
    },
    expected: { file: 'data/actors.csv', row: 5, column: 'name', cell: 'B5', value: 'UMAR SHISHANI' },
  },
};
