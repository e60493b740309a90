import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateDatasetAuto } from '../scripts/lib/check/parallel/validate-in-parallel.ts';
import { PRECEDENCE } from '../scripts/lib/check/precedence.ts';
import { defineRule } from '../scripts/lib/check/define-rule.ts';
import { RULES } from '../scripts/lib/check/rules/index.ts';
import { garble } from '../scripts/lib/text/mojibake.ts';
import { allegianceRow, allegiances, BASE_FIXTURE, cellOf, datasetWith, MODEL, REPO, row, TODAY } from './helpers/fixtures.ts';

/** A garbled quote (garbled-text; also not found in its source) before a quote that is simply not in its source. */
const GARBLED_FIRST = datasetWith({
  'allegiances.csv': allegiances(
    allegianceRow({ id: 'a-garbled-quote', source_ids: 'src-b', quote: garble('The group said it is “affiliated” with the Emirate.', ['Windows-1252']) }),
    allegianceRow({ id: 'b-misquoted', quote: 'Words the source never printed.' }),
  ),
});

describe('which finding wins on a cell', () => {
  for (const threads of [1, 2] as const) {
    it(`decides before a rule's cap counts a finding, so what is hidden takes no place under the cap (${threads} thread${threads > 1 ? 's' : ''})`, async () => {
      const report = await validateDatasetAuto({ model: MODEL, dataDir: GARBLED_FIRST, displayDir: 'data', today: TODAY, maxFindingsPerRule: 1, threads });
      const garbled = report.findings.find((f) => f.code === 'garbled-text')!;
      expect(garbled.cell).toBe(cellOf('allegiances', 'quote', 5));
      expect(report.findings.filter((f) => f.cell === cellOf('allegiances', 'quote', 5)).map((f) => f.code)).toEqual(['garbled-text']);
      // The quote that is only misquoted is kept, not counted as omitted behind the hidden one.
      expect(report.findings.filter((f) => f.code === 'quote-not-found').map((f) => f.cell)).toEqual([cellOf('allegiances', 'quote', 6)]);
      expect(report.omitted.filter((o) => o.code === 'quote-not-found')).toEqual([]);
    });
  }

  it('hides the finding of a value a spreadsheet rewrote under its spreadsheet finding, item by item in a list', async () => {
    const dir = datasetWith({ 'allegiances.csv': allegiances(allegianceRow({ id: 'rewritten', source_ids: 'src-a|#REF!', started: '2/1/2015' })) });
    const report = await validateDatasetAuto({ model: MODEL, dataDir: dir, displayDir: 'data', today: TODAY, threads: 1 });
    expect(report.findings.map((f) => [f.code, f.cell, f.value])).toEqual([
      ['spreadsheet-date', cellOf('allegiances', 'started', 5), '2/1/2015'],
      ['spreadsheet-error-value', cellOf('allegiances', 'source_ids', 5), '#REF!'],
    ]);
  });

  it('lets nothing hide a finding on a row the cell checks did not run on (a comma in a garbled cell that shifts the row)', async () => {
    const role = garble('émir of the “Dagestan” sector, deputy', ['Windows-1252']);
    const dir = datasetWith({ 'allegiances.csv': `${allegiances()}${allegianceRow({ id: 'row-x', role: 'ROLE' }).replace('ROLE', role)}\n` });
    for (const threads of [1, 2] as const) {
      const report = await validateDatasetAuto({ model: MODEL, dataDir: dir, displayDir: 'data', today: TODAY, threads });
      expect(report.findings.map((f) => [f.code, f.row])).toEqual([['too-many-cells', 5]]);
    }
  });

  it('hides the findings about a rewritten id too, read after every table (nothing refers to `#REF!`, it has no archived text)', async () => {
    const dir = datasetWith({
      'sources.csv': `${readFileSync(join(BASE_FIXTURE, 'sources.csv'), 'utf8')}${row('sources', { id: '#REF!', title: 'Article C', published: '2015-01-01', language: 'en' })}\n`,
    });
    const report = await validateDatasetAuto({ model: MODEL, dataDir: dir, displayDir: 'data', today: TODAY, threads: 1 });
    expect(report.findings.map((f) => [f.code, f.cell])).toEqual([['spreadsheet-error-value', cellOf('sources', 'id', 4)]]);
  });

  it('past a cap, builds a costly report only where another finding could explain it', async () => {
    let built = 0;
    const everyRow = defineRule(
      { code: 'every-row', severity: 'warning', stages: ['raw row'], title: 't', description: 'd', fix: 'f', messages: { row: 'row {n}' } },
      (context) => ({
        rawRow(raw, file) {
          if (file.table.name !== 'allegiances') return;
          context.report(() => {
            built += 1;
            return { file: file.path, row: raw.row, column: 'role', cell: `E${raw.row}`, value: raw.cells[4] ?? '', messageId: 'row', data: { n: raw.row } };
          });
        },
      }),
    );
    const garbledText = RULES.find((rule) => rule.meta.code === 'garbled-text')!;
    const run = async (rows: string[]): Promise<number> => {
      built = 0;
      const dir = datasetWith({ 'allegiances.csv': allegiances(...rows) });
      const report = await validateDatasetAuto({ model: MODEL, dataDir: dir, today: TODAY, rules: [everyRow, garbledText], maxFindingsPerRule: 1 });
      expect(report.omitted).toEqual([{ code: 'every-row', severity: 'warning', count: report.tables.find((t) => t.table === 'allegiances')!.rows - 1 }]);
      return built;
    };
    // Readable rows: garbled-text's check could explain a finding on any cell, so each is built to see where it is.
    expect(await run([allegianceRow({ id: 'x' }), allegianceRow({ id: 'y' })])).toBe(5);
    // Rows the cell checks skip (a cell too many): past the cap they are not built; the fixture's three readable rows are.
    expect(await run([`${allegianceRow({ id: 'x' })},extra`, `${allegianceRow({ id: 'y' })},extra`])).toBe(3);
  });

  it('names only rules that exist, and for each tier a way to tell that its rules report a cell', () => {
    const byCode = new Map(RULES.map((rule) => [rule.meta.code, rule]));
    for (const tier of PRECEDENCE) {
      for (const code of tier.rules) {
        expect(byCode.has(code), code).toBe(true);
        if (tier.reports === 'cell check') expect(byCode.get(code)!.stages, code).toContain('cell');
      }
    }
  });

  it('is decided in one place: no rule imports another rule, or the logic of the rules that outrank it', () => {
    const dir = join(REPO, 'scripts', 'lib', 'check', 'rules');
    const ruleFiles = readdirSync(dir).filter((file) => file !== 'index.ts');
    for (const file of ruleFiles) {
      const source = readFileSync(join(dir, file), 'utf8');
      const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
      expect(
        imports.filter((path) => path.startsWith('./')),
        file,
      ).toEqual([]);
      if (!file.startsWith('spreadsheet-'))
        expect(
          imports.filter((path) => /spreadsheet-(damage|rules)/.test(path)),
          file,
        ).toEqual([]);
    }
  });
});
