import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  actors,
  allegianceRow as row,
  ALLEGIANCES_HEADER,
  allegiances,
  BASE_FIXTURE,
  cellAfterLast,
  cellOf,
  columnsOf,
  groups,
  row as rowOf,
  tableText,
  type FixtureFiles,
} from './fixtures.ts';

/** Columns with two of them swapped. */
const swapped = (columns: string[], a: string, b: string): string[] => columns.map((c) => (c === a ? b : c === b ? a : c));

/** A cell of allegiances.csv by column name. */
const at = (column: string, line: number): string => cellOf('allegiances', column, line);

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
    expected: { file: 'data/allegiances.csv', row: 1, column: 'comment', cell: cellAfterLast('allegiances', 1), value: 'comment' },
  },
  'duplicate-column': {
    files: { 'allegiances.csv': `${ALLEGIANCES_HEADER},notes\n` },
    expected: { file: 'data/allegiances.csv', row: 1, column: 'notes', cell: cellAfterLast('allegiances', 1), value: 'notes' },
  },
  'missing-column': {
    files: {
      'allegiances.csv': `${columnsOf('allegiances')
        .filter((c) => c !== 'role')
        .join(',')}\n`,
    },
    expected: { file: 'data/allegiances.csv', row: 1, column: 'role', cell: undefined, value: undefined },
  },
  'column-order': {
    files: { 'allegiances.csv': `${swapped(columnsOf('allegiances'), 'subject_id', 'kind').join(',')}\n` },
    expected: { file: 'data/allegiances.csv', row: 1, column: undefined, cell: undefined, value: undefined },
  },
  'not-utf8': {
    files: { 'allegiances.csv': Buffer.concat([Buffer.from(allegiances()), Buffer.from(`${row({ notes: 'caf' })}`), Buffer.from([0xe9, 0x0a])]) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'notes', cell: at('notes', 5), value: 'caf\uFFFD' },
  },
  'unterminated-quote': {
    files: { 'allegiances.csv': `${allegiances()}${row({})}\n${row({ id: 'x' })}"no closing quote\n` },
    expected: { file: 'data/allegiances.csv', row: 6, column: undefined, cell: undefined, value: undefined },
  },
  'malformed-quote': {
    files: { 'allegiances.csv': allegiances(row({ notes: 'NOTES' }).replace('NOTES', '"said" twice')) },
    expected: { file: 'data/allegiances.csv', row: 5, column: undefined, cell: undefined, value: undefined },
  },
  'blank-row': {
    files: { 'allegiances.csv': allegiances(','.repeat(columnsOf('allegiances').length - 1)) },
    expected: { file: 'data/allegiances.csv', row: 5, column: undefined, cell: undefined, value: undefined },
  },
  'too-many-cells': {
    files: { 'allegiances.csv': allegiances(`${row({})},stray`) },
    expected: { file: 'data/allegiances.csv', row: 5, column: undefined, cell: cellAfterLast('allegiances', 5), value: 'stray' },
  },
  'too-few-cells': {
    files: { 'allegiances.csv': allegiances(row({}).split(',').slice(0, 4).join(',')) },
    expected: { file: 'data/allegiances.csv', row: 5, column: undefined, cell: undefined, value: undefined },
  },
  'wrong-delimiter': {
    files: { 'allegiances.csv': allegiances(row({})).replace(/,/g, ';') },
    expected: { file: 'data/allegiances.csv', row: 1, column: undefined, cell: undefined, value: undefined },
  },
  'spreadsheet-date': {
    files: { 'allegiances.csv': allegiances(row({ started: '42036' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'started', cell: at('started', 5), value: '42036' },
  },
  'spreadsheet-number': {
    files: { 'allegiances.csv': allegiances(row({ subject_id: '1.23457E+15' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'subject_id', cell: at('subject_id', 5), value: '1.23457E+15' },
  },
  'spreadsheet-error-value': {
    files: { 'allegiances.csv': allegiances(row({ notes: '#NAME?' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'notes', cell: at('notes', 5), value: '#NAME?' },
  },
  'replaced-characters': {
    files: {
      'actors.csv': tableText(
        'actors',
        rowOf('actors', { id: 'baghdadi', name: 'Abu Bakr al-Baghdadi', source_ids: 'src-a' }),
        rowOf('actors', { id: 'kebekov', name: 'Aliaskhab Kebekov', aliases: 'Алиасхаб Кебеков|Ali Abu Mu?ammad', source_ids: 'src-a' }),
        rowOf('actors', { id: 'shishani', name: 'Umar Shishani', source_ids: 'src-a' }),
      ),
    },
    expected: { file: 'data/actors.csv', row: 3, column: 'aliases', cell: cellOf('actors', 'aliases', 3), value: 'Ali Abu Mu?ammad' },
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
    files: { 'allegiances.csv': allegiances(row({ notes: 'NOTES' }).replace('NOTES', '5" tall')) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'notes', cell: at('notes', 5), value: '5" tall' },
  },
  'garbled-text': {
    files: { 'allegiances.csv': allegiances(row({ role: 'Ã©mir' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'role', cell: at('role', 5), value: 'Ã©mir' },
  },
  'hidden-characters': {
    files: { 'allegiances.csv': allegiances(row({ role: 'am\u202Eir' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'role', cell: at('role', 5), value: 'am\u202Eir' },
  },
  'containment-cycle': {
    files: { 'allegiances.csv': allegiances(row({ id: 'emirate-in-jjq', subject_id: 'emirate', kind: 'part_of', target_id: 'jjq' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'target_id', cell: at('target_id', 5), value: 'jjq' },
  },
  'missing-value': {
    files: { 'allegiances.csv': allegiances(row({ kind: '' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'kind', cell: at('kind', 5), value: '' },
  },
  'invalid-value': {
    files: { 'allegiances.csv': allegiances(row({ started: '2015-13' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'started', cell: at('started', 5), value: '2015-13' },
  },
  'value-not-allowed': {
    files: { 'allegiances.csv': allegiances(row({ kind: 'leader' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'kind', cell: at('kind', 5), value: 'leader' },
  },
  'too-long': {
    files: { 'allegiances.csv': allegiances(row({ notes: 'x'.repeat(5001) })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'notes', cell: at('notes', 5), value: `${'x'.repeat(200)}…` },
  },
  'duplicate-item': {
    files: { 'allegiances.csv': allegiances(row({ source_ids: 'src-a|src-a' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'source_ids', cell: at('source_ids', 5), value: 'src-a|src-a' },
  },
  'cell-whitespace': {
    files: { 'allegiances.csv': allegiances(row({ role: 'amir ' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'role', cell: at('role', 5), value: 'amir ' },
  },
  'formula-injection': {
    files: { 'allegiances.csv': allegiances(row({ notes: '=HYPERLINK("http://x")' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'notes', cell: at('notes', 5), value: '=HYPERLINK("http://x")' },
  },
  'duplicate-id': {
    files: { 'allegiances.csv': allegiances(row({ id: 'kebekov-leads-emirate' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'id', cell: at('id', 5), value: 'kebekov-leads-emirate' },
  },
  'id-conflict': {
    files: {
      'groups.csv': groups(rowOf('groups', { id: 'kebekov', name: 'Kebekov group', kind: 'organization', source_ids: 'src-a' })),
    },
    expected: { file: 'data/groups.csv', row: 4, column: 'id', cell: cellOf('groups', 'id', 4), value: 'kebekov' },
  },
  'reference-not-found': {
    files: { 'allegiances.csv': allegiances(row({ subject_id: 'kebekovv' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'subject_id', cell: at('subject_id', 5), value: 'kebekovv' },
  },
  'endpoint-type': {
    files: { 'allegiances.csv': allegiances(row({ subject_id: 'jjq', kind: 'leader_of' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'subject_id', cell: at('subject_id', 5), value: 'jjq' },
  },
  'self-relation': {
    files: { 'allegiances.csv': allegiances(row({ kind: 'rival_of', target_id: 'kebekov' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'target_id', cell: at('target_id', 5), value: 'kebekov' },
  },
  'date-order': {
    files: { 'allegiances.csv': allegiances(row({ started: '2015-01', ended: '2014-12' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'ended', cell: at('ended', 5), value: '2014-12' },
  },
  'date-in-future': {
    files: { 'allegiances.csv': allegiances(row({ started: '2026-02' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'started', cell: at('started', 5), value: '2026-02' },
  },
  'date-after-source': {
    files: { 'allegiances.csv': allegiances(row({ started: '2015-03' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'started', cell: at('started', 5), value: '2015-03' },
  },
  'too-few-publishers': {
    // src-b names no publisher, so only one publisher (src-a's) stands behind the row.
    files: { 'allegiances.csv': allegiances(row({ certainty: 'confirmed', source_ids: 'src-a|src-b' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'certainty', cell: at('certainty', 5), value: 'confirmed' },
  },
  'archive-missing': {
    files: { 'archive/src-b.txt': null },
    expected: { file: 'data/sources.csv', row: 3, column: 'id', cell: cellOf('sources', 'id', 3), value: 'src-b' },
  },
  'quote-not-found': {
    files: { 'allegiances.csv': allegiances(row({ quote: 'Kebekov leads the Caliphate.' })) },
    expected: { file: 'data/allegiances.csv', row: 5, column: 'quote', cell: at('quote', 5), value: 'Kebekov leads the Caliphate.' },
  },
  'unreferenced-row': {
    files: {
      'sources.csv': tableText(
        'sources',
        rowOf('sources', { id: 'src-a', title: 'A', published: '2015-02-10', language: 'en' }),
        rowOf('sources', { id: 'src-b', title: 'B', published: '2014-11-24', language: 'en' }),
        rowOf('sources', { id: 'src-c', title: 'C', published: '2015', language: 'en' }),
      ),
      'archive/src-c.txt': 'text',
    },
    expected: { file: 'data/sources.csv', row: 4, column: 'id', cell: cellOf('sources', 'id', 4), value: 'src-c' },
  },
  'possible-duplicate': {
    files: {
      'actors.csv': actors(rowOf('actors', { id: 'umar', name: 'UMAR SHISHANI', source_ids: 'src-a' })),
    },
    expected: { file: 'data/actors.csv', row: 5, column: 'name', cell: cellOf('actors', 'name', 5), value: 'UMAR SHISHANI' },
  },
};
