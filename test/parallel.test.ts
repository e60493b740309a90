import { mkdirSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PARALLEL_FROM_BYTES, tableBytes, threadsFor, validateDatasetAuto } from '../scripts/lib/check/parallel/validate-in-parallel.ts';
import { rulePart } from '../scripts/lib/check/parallel/rule-parts.ts';
import { withoutConsequences } from '../scripts/lib/check/consequences.ts';
import { compareFindings } from '../scripts/lib/check/finding.ts';
import { defineRule } from '../scripts/lib/check/define-rule.ts';
import { RULES } from '../scripts/lib/check/rules/index.ts';
import { validateDataset } from '../scripts/lib/check/validate-dataset.ts';
import { CsvReadError } from '../scripts/lib/read/read-csv.ts';
import { garble } from '../scripts/lib/text/mojibake.ts';
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
    const codes = new Set(one.findings.map((f) => f.code));
    const keyCodes = RULES.filter((rule) => rule.meta.usesKeys).map((rule) => rule.meta.code);
    expect([...codes].filter((code) => keyCodes.includes(code)).sort()).toEqual(['duplicate-id', 'quote-not-found', 'reference-not-found']);
    expect([...codes].filter((code) => !keyCodes.includes(code)).sort()).toEqual([
      'cell-whitespace',
      'containment-cycle',
      'date-in-future',
      'date-order',
      'formula-injection',
      'garbled-text',
      'invalid-value',
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

describe('engine work a run skips', () => {
  const readsKeysQuietly = defineRule({ code: 'reads-keys', severity: 'error', title: 't', description: 'd', fix: 'f', messages: {} }, (context) => ({
    row: (row) => void context.keys.get('actors', String(row.record.subject_id)),
  }));
  const readsFirstSeen = defineRule({ code: 'reads-first-seen', severity: 'error', title: 't', description: 'd', fix: 'f', messages: {} }, () => ({
    row: (row) => void row.keyFirstSeen,
  }));
  const readsReferences = defineRule({ code: 'reads-references', severity: 'error', title: 't', description: 'd', fix: 'f', messages: {} }, () => ({
    row: (row) => void row.resolved('subject_id'),
  }));
  const readsSchemaErrors = defineRule(
    { code: 'reads-schema', severity: 'error', title: 't', description: 'd', fix: 'f', messages: {}, usesKeys: true },
    () => ({ row: (row) => void row.cellErrors.length }),
  );
  const noKeys = { keys: false, schema: true };

  it('refuses a rule that declares usesKeys in a run without keys', async () => {
    const usesKeys = RULES.find((rule) => rule.meta.code === 'duplicate-id')!;
    await expect(validateDataset({ model: MODEL, dataDir: BROKEN, rules: [usesKeys], work: noKeys })).rejects.toThrow('rule duplicate-id uses keys');
  });

  it('fails loudly when an undeclared rule reads keys, references or schema errors that were not computed', async () => {
    await expect(validateDataset({ model: MODEL, dataDir: BROKEN, rules: [readsKeysQuietly], work: noKeys })).rejects.toThrow('declare usesKeys');
    await expect(validateDataset({ model: MODEL, dataDir: BROKEN, rules: [readsFirstSeen], work: noKeys })).rejects.toThrow('declare usesKeys');
    await expect(validateDataset({ model: MODEL, dataDir: BROKEN, rules: [readsReferences], work: noKeys })).rejects.toThrow('does not resolve them');
    await expect(validateDataset({ model: MODEL, dataDir: BROKEN, rules: [readsSchemaErrors], work: { keys: true, schema: false } })).rejects.toThrow(
      'does not check the schema',
    );
  });

  it('declares usesKeys on every built-in rule that needs it: each part alone finds what the whole finds', async () => {
    const options = { model: MODEL, dataDir: BROKEN, displayDir: 'data', today: TODAY };
    const whole = await validateDataset(options);
    const keys = await validateDataset({ ...options, ...rulePart('keys') });
    const rest = await validateDataset({ ...options, ...rulePart('rest') });
    // A finding of one part may explain a finding of the other on the same cell (garbled text, a quote not found).
    const outranking = new Set(RULES.filter((rule) => rule.meta.outranksOnCell).map((rule) => rule.meta.code));
    expect(withoutConsequences([...keys.findings, ...rest.findings], outranking).sort(compareFindings)).toEqual(whole.findings);
    expect(keys.findings.some((f) => f.code === 'quote-not-found' && f.row === whole.findings.find((w) => w.code === 'garbled-text')!.row)).toBe(true);
    expect(rulePart('keys').rules.length + rulePart('rest').rules.length).toBe(RULES.length);
  });
});
