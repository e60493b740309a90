import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KEEP_AS_TEXT } from '../../scripts/lib/check/spreadsheet-damage.ts';
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
  'merge-conflict': {
    // As git writes it when both sides changed the same row.
    files: { 'allegiances.csv': allegiances('<<<<<<< HEAD', row({ role: 'amir' }), '=======', row({ role: 'emir' }), '>>>>>>> feature') },
    expected: { file: 'data/allegiances.csv', row: 5, column: undefined, cell: cellOf('allegiances', 'id', 5), value: '<<<<<<< HEAD' },
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
  'archive-misnamed': {
    // A new source whose text was saved as `.TXT`: read neither by the command line nor by the check page.
    files: {
      'sources.csv': `${readFileSync(join(BASE_FIXTURE, 'sources.csv'), 'utf8')}${rowOf('sources', { id: 'src-c', title: 'C', published: '2015', language: 'en' })}\n`,
      'archive/src-c.TXT': 'The text of C.',
    },
    expected: { file: 'data/archive/src-c.TXT', row: undefined, column: undefined, cell: undefined, value: undefined },
  },
  'archive-encoding': {
    // Notepad's "Unicode": UTF-16LE with a byte order mark, and CRLF.
    files: { 'archive/src-b.txt': Buffer.from(`\uFEFF${readFileSync(join(BASE_FIXTURE, 'archive', 'src-b.txt'), 'utf8').replace(/\n/g, '\r\n')}`, 'utf16le') },
    expected: { file: 'data/archive/src-b.txt', row: undefined, column: undefined, cell: undefined, value: undefined },
  },
  'archive-empty': {
    files: { 'archive/src-a.txt': '' },
    expected: { file: 'data/archive/src-a.txt', row: undefined, column: undefined, cell: undefined, value: undefined },
  },
  'archive-bom': {
    files: { 'archive/src-a.txt': `\uFEFF${readFileSync(join(BASE_FIXTURE, 'archive', 'src-a.txt'), 'utf8')}` },
    expected: { file: 'data/archive/src-a.txt', row: undefined, column: undefined, cell: undefined, value: undefined },
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

/** A finding as a contributor reads it: what, where, and the exact message and hint. */
export interface SaidFinding {
  readonly code: string;
  readonly file: string;
  readonly row?: number;
  readonly line?: number;
  readonly cell?: string;
  readonly value?: string;
  readonly message: string;
  readonly hint?: string;
}

/** An accident a contributor makes, and every finding it gets, exactly (none but these), on the command line and on the check page. */
export interface AccidentCase {
  readonly files: FixtureFiles;
  readonly findings: readonly SaidFinding[];
}

const BASE_TEXT_A = readFileSync(join(BASE_FIXTURE, 'archive', 'src-a.txt'), 'utf8');
const BASE_TEXT_B = readFileSync(join(BASE_FIXTURE, 'archive', 'src-b.txt'), 'utf8');
const BASE_SOURCES = readFileSync(join(BASE_FIXTURE, 'sources.csv'), 'utf8');
/** A new source C, cited by a new row that quotes its text, as a contributor adds one. */
const withSourceC = (archive: Record<string, string | Uint8Array>): FixtureFiles => ({
  'sources.csv': `${BASE_SOURCES}${rowOf('sources', { id: 'src-c', title: 'C', published: '2015', language: 'en' })}\n`,
  'allegiances.csv': allegiances(row({ source_ids: 'src-c', quote: 'Kebekov leads the Emirate.' })),
  ...archive,
});
const SAVE_AS_UTF8 =
  'Notepad: File › Save As, Encoding "UTF-8"; TextEdit: Format › Make Plain Text, then Save with Plain Text Encoding "Unicode (UTF-8)"; Word: Save As › Plain Text, Text encoding "Unicode (UTF-8)"';
const ID_HINT = 'Ids are written in lowercase, with `-` between words; `npm run format -- --fix` writes it so.';
const QUOTE_FIRST_ROW = {
  code: 'quote-not-found',
  file: 'data/allegiances.csv',
  row: 5,
  line: 5,
  cell: cellOf('allegiances', 'quote', 5),
  message: 'The quote is not in data/archive/src-a.txt.',
};

export const ACCIDENTS: Record<string, AccidentCase> = {
  'an id typed as a name (capitals, `_`): the id it stands for is suggested': {
    files: { 'allegiances.csv': allegiances(row({ subject_id: 'Kebekov', source_ids: 'Src_A' })) },
    findings: [
      {
        code: 'invalid-value',
        file: 'data/allegiances.csv',
        row: 5,
        line: 5,
        cell: cellOf('allegiances', 'subject_id', 5),
        value: 'Kebekov',
        message: '`Kebekov` is not a valid id.',
        hint: `Did you mean \`kebekov\`? ${ID_HINT}`,
      },
      {
        code: 'invalid-value',
        file: 'data/allegiances.csv',
        row: 5,
        line: 5,
        cell: cellOf('allegiances', 'source_ids', 5),
        value: 'Src_A',
        message: '`Src_A` (the 1st item of source_ids) is not a valid id.',
        hint: `Did you mean \`src-a\`? ${ID_HINT}`,
      },
    ],
  },
  'a new row whose id is typed as a name (`Islamic-State`), referred to as its id: the id is suggested, and --fix writes it': {
    files: {
      'groups.csv': `${readFileSync(join(BASE_FIXTURE, 'groups.csv'), 'utf8')}Islamic-State,Islamic State,,organization,Syria,SY,,,Reported as a group.,,src-a,\n`,
      'allegiances.csv': allegiances(row({ kind: 'pledged_allegiance', target_id: 'islamic-state', role: '', quote: 'Kebekov leads the Emirate.' })),
    },
    findings: [
      {
        code: 'invalid-value',
        file: 'data/groups.csv',
        row: 4,
        line: 4,
        cell: 'A4',
        value: 'Islamic-State',
        message: '`Islamic-State` is not a valid id.',
        hint: `Did you mean \`islamic-state\`? ${ID_HINT}`,
      },
    ],
  },
  'a quote with `...` for an omission: both texts at the difference, and the ellipsis named': {
    files: { 'allegiances.csv': allegiances(row({ quote: 'Kebekov ... the Emirate.' })) },
    findings: [
      {
        ...QUOTE_FIRST_ROW,
        value: 'Kebekov ... the Emirate.',
        hint: 'The quote matches the source up to `Kebekov `, then the quote has `... the Emirate.` where the source has `leads the Emirate.↵↵Umar Shish…`: `...` is read as part of the quote; to leave text out, write `[...]`, with its square brackets, in its place.',
      },
    ],
  },
  'a quote with `…` typed for an omission, in its own characters': {
    files: { 'allegiances.csv': allegiances(row({ quote: 'Kebekov … Emirate.' })) },
    findings: [
      {
        ...QUOTE_FIRST_ROW,
        value: 'Kebekov … Emirate.',
        hint: 'The quote matches the source up to `Kebekov `, then the quote has `… Emirate.` where the source has `leads the Emirate.↵↵Umar Shish…`: `…` is read as part of the quote; to leave text out, write `[...]`, with its square brackets, in its place.',
      },
    ],
  },
  'a quote that starts with `...`, as if to mark that it is an excerpt': {
    files: { 'allegiances.csv': allegiances(row({ quote: '...Kebekov leads the Emirate.' })) },
    findings: [
      {
        ...QUOTE_FIRST_ROW,
        value: '...Kebekov leads the Emirate.',
        hint: 'The quote starts with `...`, which is read as part of the quote and is not in the source there: delete it (a quote is an excerpt already; `[...]`, with its square brackets, marks text left out inside it).',
      },
    ],
  },
  'a quote that ends with `…` where the source goes on: the whole ellipsis is named, not its second dot': {
    files: { 'allegiances.csv': allegiances(row({ quote: 'Kebekov leads the Emirate…' })) },
    findings: [
      {
        ...QUOTE_FIRST_ROW,
        value: 'Kebekov leads the Emirate…',
        hint: 'The quote ends with `…`, which is read as part of the quote and is not in the source there: delete it (a quote is an excerpt already; `[...]`, with its square brackets, marks text left out inside it).',
      },
    ],
  },
  'a quote with `...` typed straight after a word for an omission: the ellipsis is named from its first dot': {
    files: { 'allegiances.csv': allegiances(row({ quote: 'Kebekov... the Emirate.' })) },
    findings: [
      {
        ...QUOTE_FIRST_ROW,
        value: 'Kebekov... the Emirate.',
        hint: 'The quote matches the source up to `Kebekov`, then the quote has `... the Emirate.` where the source has ` leads the Emirate.↵↵Umar Shis…`: `...` is read as part of the quote; to leave text out, write `[...]`, with its square brackets, in its place.',
      },
    ],
  },
  'a quote that differs in case, shown as each text has it': {
    files: { 'allegiances.csv': allegiances(row({ quote: 'Kebekov  leads the emirate.' })) },
    findings: [
      {
        ...QUOTE_FIRST_ROW,
        value: 'Kebekov  leads the emirate.',
        hint: 'The quote matches the source up to `Kebekov  leads the `, then the quote has `emirate.` where the source has `Emirate.↵↵Umar Shishani left t…`: check the text there, or mark an omission with [...].',
      },
    ],
  },
  'straight quotes for typographic ones, runs of spaces and a no-break space: the quote is found': {
    files: { 'allegiances.csv': allegiances(row({ source_ids: 'src-b', quote: 'The group  said it\u00A0is "affiliated" with the Emirate.' })) },
    findings: [],
  },
  'an archived text saved by Notepad as "Unicode" (UTF-16 with a byte order mark)': {
    files: withSourceC({ 'archive/src-c.txt': Buffer.from(`\uFEFF${BASE_TEXT_A.replace(/\n/g, '\r\n')}`, 'utf16le') }),
    findings: [
      {
        code: 'archive-encoding',
        file: 'data/archive/src-c.txt',
        message: 'data/archive/src-c.txt is encoded as UTF-16LE (Notepad’s “Unicode”), not UTF-8.',
        hint: `Run \`npm run format -- --fix\` to convert it to UTF-8, or save it again as UTF-8 — ${SAVE_AS_UTF8}.`,
      },
    ],
  },
  'an archived text saved before its text was pasted in (only a byte order mark), quoted by two rows: one finding on the file, none per quote': {
    files: { 'archive/src-a.txt': '\uFEFF' },
    findings: [
      {
        code: 'archive-empty',
        file: 'data/archive/src-a.txt',
        message: 'data/archive/src-a.txt is empty: it holds no text (only a byte order mark), so no quote is checked against it.',
        hint: 'Paste the article’s text into it (copied from the source’s page) and save it as UTF-8 — Notepad: File › Save As, Encoding "UTF-8"; TextEdit: Format › Make Plain Text, then Save with Plain Text Encoding "Unicode (UTF-8)".',
      },
    ],
  },
  'an archived text in UTF-16 cut short (an odd byte at its end): damaged, never converted': {
    files: withSourceC({ 'archive/src-c.txt': Buffer.concat([Buffer.from(`\uFEFF${BASE_TEXT_A}`, 'utf16le'), Buffer.from([0x41])]) }),
    findings: [
      {
        code: 'archive-encoding',
        file: 'data/archive/src-c.txt',
        // The line after the text's last line break, where the odd byte is.
        line: BASE_TEXT_A.split('\n').length,
        message: `data/archive/src-c.txt is encoded as UTF-16LE (Notepad’s “Unicode”) and damaged: it ends in the middle of a character (an odd number of bytes: the file was cut short), on line ${BASE_TEXT_A.split('\n').length}, so no quote is checked against it and \`--fix\` does not convert it.`,
        hint: `Part of the text may be lost: copy the article's text from its source again and save it as UTF-8 — ${SAVE_AS_UTF8}.`,
      },
    ],
  },
  'an archived text in UTF-16 without a byte order mark (big-endian)': {
    files: withSourceC({ 'archive/src-c.txt': Buffer.from(BASE_TEXT_A, 'utf16le').swap16() }),
    findings: [
      {
        code: 'archive-encoding',
        file: 'data/archive/src-c.txt',
        message: 'data/archive/src-c.txt is encoded as UTF-16BE without a byte order mark, not UTF-8.',
        hint: `Run \`npm run format -- --fix\` to convert it to UTF-8, or save it again as UTF-8 — ${SAVE_AS_UTF8}.`,
      },
    ],
  },
  'an archived text saved as "ANSI" (Windows-1252): converted, and its quote checked as it was meant': {
    // `“affiliated”` as Windows-1252 writes it: 0x93 and 0x94.
    files: { 'archive/src-b.txt': Buffer.from(BASE_TEXT_B.replace('“', '\u0093').replace('”', '\u0094'), 'latin1') },
    findings: [
      {
        code: 'archive-encoding',
        file: 'data/archive/src-b.txt',
        line: 1,
        message: 'data/archive/src-b.txt is not UTF-8: 2 bytes on 1 line (first on line 1) are not; they read as Windows-1252: `“ ”`.',
        hint: `Run \`npm run format -- --fix\` to convert it to UTF-8 (it lists the change), or save it again as UTF-8 — ${SAVE_AS_UTF8}.`,
      },
    ],
  },
  'an archived text in Windows-1252 with a no-break space: the space is named, not shown as nothing': {
    files: { 'archive/src-b.txt': Buffer.from(BASE_TEXT_B.replace('“', '\u0093').replace('”', '\u0094').replace('group said', 'group\u00A0said'), 'latin1') },
    findings: [
      {
        code: 'archive-encoding',
        file: 'data/archive/src-b.txt',
        line: 1,
        message:
          'data/archive/src-b.txt is not UTF-8: 3 bytes on 1 line (first on line 1) are not; they read as Windows-1252: `“ ”` and U+00A0 (a no-break space).',
        hint: `Run \`npm run format -- --fix\` to convert it to UTF-8 (it lists the change), or save it again as UTF-8 — ${SAVE_AS_UTF8}.`,
      },
    ],
  },
  'an archived text in Windows-1252 with one byte beyond ASCII: told in the singular': {
    files: { 'archive/src-a.txt': Buffer.from(`${BASE_TEXT_A}Its leader\u0092s words.\n`, 'latin1') },
    findings: [
      {
        code: 'archive-encoding',
        file: 'data/archive/src-a.txt',
        line: BASE_TEXT_A.split('\n').length,
        message: `data/archive/src-a.txt is not UTF-8: 1 byte on 1 line (first on line ${BASE_TEXT_A.split('\n').length}) is not; it reads as Windows-1252: \`’\`.`,
        hint: `Run \`npm run format -- --fix\` to convert it to UTF-8 (it lists the change), or save it again as UTF-8 — ${SAVE_AS_UTF8}.`,
      },
    ],
  },
  'an archived text in Mac Roman': {
    files: { 'archive/src-b.txt': Buffer.from(BASE_TEXT_B.replace('“', '\u00D2').replace('”', '\u00D3'), 'latin1') },
    findings: [
      {
        code: 'archive-encoding',
        file: 'data/archive/src-b.txt',
        line: 1,
        message: 'data/archive/src-b.txt is not UTF-8: 2 bytes on 1 line (first on line 1) are not; they read as Mac Roman: `“ ”`.',
        hint: `Run \`npm run format -- --fix\` to convert it to UTF-8 (it lists the change), or save it again as UTF-8 — ${SAVE_AS_UTF8}.`,
      },
    ],
  },
  'an archived text with a byte pasted in another encoding: no quote is checked against it': {
    files: { 'archive/src-b.txt': Buffer.concat([Buffer.from('Caf'), Buffer.from([0xe9]), Buffer.from(` “au lait”.\n${BASE_TEXT_B}`)]) },
    findings: [
      {
        code: 'archive-encoding',
        file: 'data/archive/src-b.txt',
        line: 1,
        message: 'data/archive/src-b.txt is UTF-8 but for 1 byte that is not (line 1: 0xE9), so no quote is checked against it.',
        hint: 'The rest is UTF-8, so the text was pasted or typed in another encoding there: retype those characters, and save the file as UTF-8.',
      },
    ],
  },
  'a garbled archived text: restored, and its quote checked against what it was': {
    files: { 'archive/src-b.txt': Buffer.from(BASE_TEXT_B.replace('“affiliated”', 'â€œaffiliatedâ€\u009D'), 'utf8') },
    findings: [
      {
        code: 'archive-encoding',
        file: 'data/archive/src-b.txt',
        line: 1,
        message:
          'data/archive/src-b.txt is garbled: its UTF-8 was read as Windows-1252 and saved again (1 line, first on line 1: `…he group said it is â€œaffiliatedâ€⟨U+009D⟩ with the Emir…` was probably `…he group said it is “affiliated” with the Emirate.`).',
        hint: 'Run `npm run format -- --fix` to restore it, and open the file as "Unicode (UTF-8)" next time.',
      },
    ],
  },
  'a PDF saved as the archived text': {
    files: { 'archive/src-a.txt': '%PDF-1.7\n%âãÏÓ\n1 0 obj\n' },
    findings: [
      {
        code: 'archive-encoding',
        file: 'data/archive/src-a.txt',
        message: 'data/archive/src-a.txt is a PDF document, not a text, so no quote is checked against it.',
        hint: `Save the article's text as plain text under this name — ${SAVE_AS_UTF8}.`,
      },
    ],
  },
  'an archived text named `.txt.txt` (Windows hid its ending)': {
    files: withSourceC({ 'archive/src-c.txt.txt': BASE_TEXT_A }),
    findings: [
      {
        code: 'archive-misnamed',
        file: 'data/archive/src-c.txt.txt',
        message: 'data/archive/src-c.txt.txt is not read as the archived text of the sources row `src-c`: that must be named exactly data/archive/src-c.txt.',
        hint: 'Rename it to src-c.txt (Windows hides the `.txt` a file already has: type the name without it).',
      },
    ],
  },
  'an archived text named `<id>.TXT` beside `<id>.txt`: told as it would be alone (no copy), with the rename git sees': {
    files: { 'archive/src-a.TXT': BASE_TEXT_A },
    findings: [
      {
        code: 'archive-misnamed',
        file: 'data/archive/src-a.TXT',
        message: 'data/archive/src-a.TXT is not read as the archived text of the sources row `src-a`: that must be named exactly data/archive/src-a.txt.',
        hint: 'Rename it to src-a.txt (the ending is `.txt`, in lowercase: GitHub and the pull request’s check tell capitals apart, even where your computer does not). In a clone, rename it with `git mv data/archive/src-a.TXT data/archive/src-a.txt`: on a disk that does not tell capitals apart (Windows, macOS), git does not see a rename in Explorer or Finder that changes only capitals.',
      },
    ],
  },
  'an archived text as a browser names a second download, `<id> (1).txt`, beside the first': {
    files: { 'archive/src-a (1).txt': BASE_TEXT_A },
    findings: [
      {
        code: 'archive-misnamed',
        file: 'data/archive/src-a (1).txt',
        message:
          'data/archive/src-a (1).txt is not read: the archived text of the sources row `src-a` is data/archive/src-a.txt, and this one is named like a copy of it.',
        hint: 'If it is the newer text, rename it to src-a.txt in place of the old one; otherwise delete it.',
      },
    ],
  },
  'dates as Gnumeric saves them (`2014/11/24`, and `2013/12/01` for a month)': {
    files: {
      'sources.csv': BASE_SOURCES.replace('2014-11-24', '2014/11/24'),
      'allegiances.csv': allegiances(row({ started: '2013/12/01' })),
    },
    findings: [
      {
        code: 'spreadsheet-date',
        file: 'data/allegiances.csv',
        row: 5,
        line: 5,
        cell: cellOf('allegiances', 'started', 5),
        value: '2013/12/01',
        message: '`2013/12/01` looks like a date rewritten by a spreadsheet (Gnumeric writes dates so); it was probably `2013-12` (or `2013-12-01`).',
        hint: `Write the EDTF value back, at the precision the source gives. ${KEEP_AS_TEXT}`,
      },
      {
        code: 'spreadsheet-date',
        file: 'data/sources.csv',
        row: 3,
        line: 3,
        cell: cellOf('sources', 'published', 3),
        value: '2014/11/24',
        message: '`2014/11/24` looks like a date rewritten by a spreadsheet (Gnumeric writes dates so); it was probably `2014-11-24`.',
        hint: `\`npm run format -- --fix\` writes it back as \`2014-11-24\`. ${KEEP_AS_TEXT}`,
      },
    ],
  },
  'a second blank line at the end of a table': {
    // (One empty line at the end reads as the end of the file, as in a spreadsheet.)
    files: { 'allegiances.csv': `${allegiances()}\n\n` },
    findings: [
      {
        code: 'blank-row',
        file: 'data/allegiances.csv',
        row: 5,
        line: 5,
        message: 'Row is blank.',
        hint: 'Delete the empty row, or run `npm run format`, which removes blank rows (a second empty line at the end of the file is one too).',
      },
    ],
  },
};
