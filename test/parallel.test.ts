import { mkdirSync, mkdtempSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PARALLEL_FROM_BYTES, tableBytes, threadsFor, validateDatasetAuto } from '../scripts/lib/check/parallel/validate-in-parallel.ts';
import { defineRule } from '../scripts/lib/check/define-rule.ts';
import { RULES } from '../scripts/lib/check/rules/index.ts';
import { validateDataset } from '../scripts/lib/check/validate-dataset.ts';
import { CsvReadError } from '../scripts/lib/read/read-csv.ts';
import { garble } from '../scripts/lib/text/mojibake.ts';
import type { CheckedRow, RuleContext } from '../scripts/lib/check/rule.ts';
import { ACCIDENTS, CASES as RULE_CASES } from './helpers/rule-cases.ts';
import { CASES as HOSTILE_CASES } from './helpers/hostile-cases.ts';
import { benchSizes, writeSyntheticDataset } from '../scripts/lib/bench/synthetic-dataset.ts';
import { allegianceRow, allegiances, datasetWith, MODEL, REPO, TODAY } from './helpers/fixtures.ts';

/** Rows that break rules of both parts: ones that read keys and references, and ones that do not. */
const BROKEN = datasetWith({
  'allegiances.csv': allegiances(
    allegianceRow({ id: 'kebekov-leads-emirate' }), // duplicate-id
    allegianceRow({ id: 'ghost-row', subject_id: 'nobody' }), // reference-not-found
    allegianceRow({ id: 'spaced', certainty: 'reported ' }), // cell-whitespace, value-not-allowed
    allegianceRow({ id: 'spreadsheet', started: '2/1/2015' }), // spreadsheet-date
    allegianceRow({ id: 'future', started: '2031' }), // date-in-future
    allegianceRow({ id: 'misquoted', quote: 'Words the source never printed.' }), // quote-not-found
    allegianceRow({ id: 'emirate-part-of-jjq', subject_id: 'emirate', kind: 'part_of', target_id: 'jjq' }),
    allegianceRow({ id: 'jjq-part-of-emirate', subject_id: 'jjq', kind: 'part_of', target_id: 'emirate' }), // containment-cycle
    allegianceRow({ id: 'formula', notes: '=1+1' }), // formula-injection
    allegianceRow({ id: 'Bad Id' }), // invalid-value
    allegianceRow({ id: 'ends-before-start', started: '2014', ended: '2010' }), // date-order
    // garbled-text, found by the thread without keys, drops the quote-not-found the other finds on the same cell
    allegianceRow({ id: 'garbled-quote', source_ids: 'src-b', quote: garble('The group said it is “affiliated” with the Emirate.', ['Windows-1252']) }),
  ),
});

describe('validation on two threads', () => {
  it('gives exactly the report of one thread, findings of both halves of the rules included', async () => {
    const options = { model: MODEL, dataDir: BROKEN, displayDir: 'data', today: TODAY };
    const one = await validateDataset(options);
    const two = await validateDatasetAuto({ ...options, threads: 2 });
    expect(two).toEqual(one);
    const garbled = one.findings.find((f) => f.code === 'garbled-text')!;
    expect(one.findings.filter((f) => f.cell === garbled.cell).map((f) => f.code)).toEqual(['garbled-text']);
    // Both shares of the rules are at work: those that read keys and those that do not.
    expect([...new Set(one.findings.map((f) => f.code))].sort()).toEqual([
      'cell-whitespace',
      'containment-cycle',
      'date-in-future',
      'date-order',
      'duplicate-id',
      'formula-injection',
      'garbled-text',
      'invalid-value',
      'quote-not-found',
      'reference-not-found',
      'spreadsheet-date',
      'value-not-allowed',
    ]);
  });

  it('keeps the same findings under a per-rule cap, and counts the same omitted ones', async () => {
    const options = { model: MODEL, dataDir: BROKEN, displayDir: 'data', today: TODAY, maxFindingsPerRule: 1 };
    const one = await validateDataset(options);
    const two = await validateDatasetAuto({ ...options, threads: 2 });
    expect(two).toEqual(one);
    expect(one.omitted.length).toBeGreaterThan(0);
  });

  it('gives the same report on the real data', async () => {
    const options = { model: MODEL, dataDir: join(REPO, 'data'), displayDir: 'data', today: TODAY };
    expect(await validateDatasetAuto({ ...options, threads: 2 })).toEqual(await validateDataset(options));
  });

  it('passes on the progress of the thread that reports it, update for update as one thread reports it', async () => {
    const progressOf = async (threads: 1 | 2): Promise<{ bytes: number; rows: number }[]> => {
      const updates: { bytes: number; rows: number }[] = [];
      await validateDatasetAuto({ model: MODEL, dataDir: BROKEN, today: TODAY, threads, onProgress: (p) => updates.push({ ...p }) });
      return updates;
    };
    const two = await progressOf(2);
    expect(two).toEqual(await progressOf(1));
    expect(two.at(-1)!.bytes).toBe(tableBytes(MODEL, BROKEN));
  });

  it('reports a table it cannot read as an I/O error, naming the file, as one thread does', async () => {
    const dir = datasetWith({ 'allegiances.csv': null });
    mkdirSync(join(dir, 'allegiances.csv'));
    const failure = await validateDatasetAuto({ model: MODEL, dataDir: dir, today: TODAY, threads: 2 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CsvReadError);
    expect((failure as CsvReadError).message).toBe(`cannot read ${join(dir, 'allegiances.csv')}: EISDIR`);
  });

  it('uses two threads by default only for large data on two cores, and never for custom rules', () => {
    const small = { model: MODEL, dataDir: BROKEN };
    expect(threadsFor(small, 2)).toBe(1);
    const large = datasetWith();
    truncateSync(join(large, 'allegiances.csv'), PARALLEL_FROM_BYTES);
    expect(threadsFor({ model: MODEL, dataDir: large }, 2)).toBe(2);
    expect(threadsFor({ model: MODEL, dataDir: large }, 1)).toBe(1);
    expect(threadsFor({ model: MODEL, dataDir: large, threads: 1 }, 2)).toBe(1);
    expect(threadsFor({ model: MODEL, dataDir: large, rules: RULES }, 2)).toBe(1);
    expect(threadsFor({ ...small, threads: 2 }, 1)).toBe(2);
  });
});

describe('which thread runs a rule', () => {
  const rule = (code: string, row: (row: CheckedRow, context: RuleContext) => void) =>
    defineRule({ code, severity: 'error', stages: ['row'], title: 't', description: 'd', fix: 'f', messages: { found: '{n}' } }, (context) => ({
      row: (r) => row(r, context),
    }));
  const readsKeys = rule('reads-keys', (row, context) => void context.keys.get('actors', String(row.record.subject_id)));
  const readsFirstSeen = rule('reads-first-seen', (row) => void row.keyFirstSeen);
  const readsReferences = rule('reads-references', (row) => void row.resolved('subject_id'));
  const reportsSchemaErrors = rule('reports-schema-errors', (row, context) => {
    for (const error of row.cellErrors) context.report({ ...row.at(error.column.name, error.value), messageId: 'found', data: { n: error.keyword } });
  });
  const options = { model: MODEL, dataDir: BROKEN, displayDir: 'data', today: TODAY };

  it('answers a rule that reads keys where none are collected, and names it, instead of failing', async () => {
    for (const reader of [readsKeys, readsFirstSeen, readsReferences]) {
      const report = await validateDataset({ ...options, rules: [reader], share: { rules: [reader], collectKeys: false } });
      expect(report.readKeys).toEqual([reader.meta.code]);
    }
    const report = await validateDataset({ ...options, rules: [reportsSchemaErrors], share: { rules: [reportsSchemaErrors], collectKeys: false } });
    expect(report.readKeys).toEqual([]);
  });

  it('finds the schema errors a rule asks for also where no cell hook runs, the same as where they do', async () => {
    const withCellHooks = RULES.find((r) => r.meta.code === 'formula-injection')!;
    const alone = await validateDataset({ ...options, rules: [reportsSchemaErrors] });
    const beside = await validateDataset({ ...options, rules: [reportsSchemaErrors, withCellHooks] });
    expect(alone.findings.length).toBeGreaterThan(0);
    expect(alone.findings).toEqual(beside.findings.filter((f) => f.code === reportsSchemaErrors.meta.code));
  });

  it('runs every rule that reads keys where keys are collected, as its meta declares: none reads them undeclared, none declares it needlessly', async () => {
    const undeclared = RULES.filter((r) => !r.meta.readsKeys);
    const read = new Set<string>();
    const fixtures = [...Object.values(RULE_CASES), ...Object.values(ACCIDENTS), ...Object.values(HOSTILE_CASES).map((c) => ({ files: c.files() }))];
    for (const { files } of fixtures) {
      const dir = datasetWith(files);
      const quiet = await validateDataset({ ...options, dataDir: dir, share: { rules: undeclared, collectKeys: false } });
      expect(quiet.readKeys).toEqual([]);
      const all = await validateDataset({ ...options, dataDir: dir, share: { rules: RULES, collectKeys: false } });
      for (const code of all.readKeys!) read.add(code);
    }
    expect([...read].sort()).toEqual(
      RULES.filter((r) => r.meta.readsKeys)
        .map((r) => r.meta.code)
        .sort(),
    );
  }, 300_000);

  it('gives the report of one thread on every rule fixture', async () => {
    for (const [code, { files }] of Object.entries(RULE_CASES)) {
      const dir = datasetWith(files);
      expect(await validateDatasetAuto({ ...options, dataDir: dir, threads: 2 }), code).toEqual(await validateDataset({ ...options, dataDir: dir }));
    }
  }, 120_000);

  it('gives the report of one thread on a dataset many times the size of a fixture', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'two-threads-'));
    writeSyntheticDataset(MODEL, dir, benchSizes(MODEL, 3000));
    expect(tableBytes(MODEL, dir)).toBeGreaterThan(8 * 64 * 1024);
    expect(await validateDatasetAuto({ ...options, dataDir: dir, threads: 2 })).toEqual(await validateDataset({ ...options, dataDir: dir }));
  });
});
