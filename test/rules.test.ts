import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nameKey } from '../scripts/lib/check/rules/possible-duplicate.ts';
import { RULES } from '../scripts/lib/check/rules/index.ts';
import { MAX_SUGGESTED } from '../scripts/lib/check/rules/reference-not-found.ts';
import { ACTORS_HEADER, allegianceRow as row, ALLEGIANCES_HEADER, allegiances, findingsFor, validateDir, datasetWith, where } from './helpers/fixtures.ts';

interface Case {
  readonly files: Record<string, string | Uint8Array | null>;
  readonly expected: Record<string, unknown>;
}

/** One fixture per rule: the finding it must produce, with its exact location. */
const CASES: Record<string, Case> = {
  'file-missing': {
    files: { 'groups.csv': null },
    expected: { file: 'data/groups.csv', row: undefined, column: undefined, cell: undefined, value: undefined },
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

describe('rule catalogue', () => {
  it('has a fixture for every rule, and every code is unique', () => {
    const codes = RULES.map((r) => r.meta.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(Object.keys(CASES).sort()).toEqual([...codes].sort());
  });

  it('finds nothing in the base fixture', async () => {
    const report = await validateDir(datasetWith());
    expect(report.findings).toEqual([]);
  });
});

describe.each(Object.entries(CASES))('%s', (code, { files, expected }) => {
  it('reports the exact location, and is the only error for that cell', async () => {
    const all = await findingsFor(files);
    const findings = all.filter((f) => f.code === code);
    expect(findings.map(where)).toEqual([{ code, ...expected }]);
    if (expected.cell) expect(all.filter((f) => f.cell === expected.cell && f.file === expected.file && f.severity === 'error' && f.code !== code)).toEqual([]);
    const [finding] = findings;
    const rule = RULES.find((r) => r.meta.code === code)!;
    expect(finding!.severity).toBe(rule.meta.severity);
    expect(finding!.message.length).toBeGreaterThan(10);
    expect(finding!.hint ?? rule.meta.fix).toBeTruthy();
  });
});

describe('nameKey', () => {
  /** The Unicode-aware folding, which the ASCII shortcut must agree with. */
  const unicodeFold = (name: string): string =>
    name
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]/gu, '');

  it('folds plain ASCII names exactly as the Unicode-aware path does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii' }), (name) => {
        expect(nameKey(name)).toBe(unicodeFold(name));
      }),
    );
  });

  it('folds accents, case and punctuation across scripts', () => {
    expect(nameKey('Al-Shishani')).toBe(nameKey('al Shishani'));
    expect(nameKey('Şişani')).toBe('sisani');
    expect(nameKey('Кавказ')).toBe('кавказ');
  });
});

describe('the catalogue', () => {
  it('lists every rule that checks cells one at a time in the cell stage', async () => {
    const { MODEL } = await import('./helpers/fixtures.ts');
    const { KeyIndex } = await import('../scripts/lib/check/key-index.ts');
    const context = {
      model: MODEL,
      validators: new Map(),
      keys: new KeyIndex(MODEL),
      archive: { pathOf: () => '', normalisedText: () => undefined },
      today: 0,
      report: () => {},
    };
    const cellHooks = RULES.filter((rule) => rule.create(context).cell !== undefined);
    expect(cellHooks.length).toBeGreaterThanOrEqual(7);
    for (const rule of cellHooks) expect(rule.meta.stage, rule.meta.code).toBe('cell');
  });
});

describe('containment-cycle', () => {
  it('reports each circle once, at its last row, naming its groups and rows in order', async () => {
    const findings = await findingsFor(
      {
        'groups.csv': `id,name,aliases,kind,area,countries,founded,dissolved,description,wikidata,source_ids,notes
emirate,Caucasus Emirate,,organization,,,,,,,src-a,
jjq,Jamaat Jund al-Qawqaz,,organization,,,,,,,src-b,
third,Third group,,organization,,,,,,,src-a,
`,
        'allegiances.csv': allegiances(
          row({ id: 'emirate-in-third', subject_id: 'emirate', kind: 'part_of', target_id: 'third' }),
          row({ id: 'third-in-jjq', subject_id: 'third', kind: 'affiliate_of', target_id: 'jjq' }),
          row({ id: 'jjq-in-emirate-2', subject_id: 'jjq', kind: 'merged_into', target_id: 'emirate' }),
          row({ id: 'third-in-emirate', subject_id: 'third', kind: 'part_of', target_id: 'emirate' }),
        ),
      },
      'containment-cycle',
    );
    expect(findings.map((f) => [f.cell, f.line, f.message])).toEqual([
      [
        'D6',
        6,
        'These rows make a circle: `emirate` → `third` → `jjq` → `emirate` (emirate-in-third: part_of; third-in-jjq: affiliate_of; jjq-affiliate: affiliate_of).',
      ],
      [
        'D7',
        7,
        'These rows make a circle: `emirate` → `third` → `jjq` → `emirate` (emirate-in-third: part_of; third-in-jjq: affiliate_of; jjq-in-emirate-2: merged_into).',
      ],
      ['D8', 8, 'These rows make a circle: `emirate` → `third` → `emirate` (emirate-in-third: part_of; third-in-emirate: part_of).'],
    ]);
  });
});

describe('reference-not-found suggestions', () => {
  it('suggests for the first distinct misspellings, the same for a repeated one, and only asks to check the rest', async () => {
    // kebekovv repeats; then more distinct misspellings than get a search.
    const misspelt = [
      'kebekovv',
      'kebekovv',
      ...Array.from({ length: MAX_SUGGESTED + 5 }, (_, i) => `kebekov${String.fromCharCode(97 + (i % 26))}${Math.floor(i / 26)}`),
    ];
    const rows = misspelt.map((subject, i) => row({ id: `misspelt-${i}`, subject_id: subject }));
    const found = await findingsFor({ 'allegiances.csv': allegiances(...rows) }, 'reference-not-found');
    expect(found).toHaveLength(misspelt.length);
    const hints = found.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)).map((finding) => finding.hint);
    expect(hints.slice(0, 2)).toEqual(['Did you mean `kebekov`?', 'Did you mean `kebekov`?']);
    // kebekovv and MAX_SUGGESTED - 1 others were searched, and each is two edits from kebekov; the other 6 would be too, but get no search.
    expect(hints.slice(2, MAX_SUGGESTED + 1).every((hint) => hint === 'Did you mean `kebekov`?')).toBe(true);
    expect(hints.slice(MAX_SUGGESTED + 1)).toHaveLength(6);
    expect(hints.slice(MAX_SUGGESTED + 1).every((hint) => hint!.startsWith('Check the spelling'))).toBe(true);
  });
});
