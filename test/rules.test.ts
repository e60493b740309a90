import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nameKey } from '../scripts/lib/check/rules/possible-duplicate.ts';
import { RULES } from '../scripts/lib/check/rules/index.ts';
import { MAX_SUGGESTED } from '../scripts/lib/check/rules/reference-not-found.ts';
import { allegianceRow as row, allegiances, findingsFor, validateDir, datasetWith, where } from './helpers/fixtures.ts';
import { CASES } from './helpers/rule-cases.ts';

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
