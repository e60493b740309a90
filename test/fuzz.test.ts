import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateCommand } from '../scripts/lib/cli/validate-command.ts';
import type { CommandIO } from '../scripts/lib/cli/io.ts';
import { DATE_IN_WORDS, ERROR_VALUE, probableDate, SCIENTIFIC } from '../scripts/lib/check/spreadsheet-damage.ts';
import { FORMULA_START } from '../scripts/lib/check/rules/formula-injection.ts';
import { HIDDEN } from '../scripts/lib/check/rules/hidden-characters.ts';
import { REPLACED } from '../scripts/lib/check/rules/replaced-characters.ts';
import { BASE_FIXTURE, datasetWith, MODEL, REPO, validateDir } from './helpers/fixtures.ts';
import { inputStillRunning } from './helpers/regex-time-limit.ts';

const quiet: Omit<CommandIO, 'stdout' | 'stderr'> = { cwd: REPO, env: {}, stdoutIsTTY: false, appendFile: () => {} };

describe('byte mutations of valid files', () => {
  const original = readFileSync(join(BASE_FIXTURE, 'allegiances.csv'));
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 16 }) }),
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      bytes: fc.constantFrom(
        ...['"', ',', '\r', '\n', '\uFEFF', '\u202E', '=', '|', '\u0000', '\u00e9'].map((t) => Buffer.from(t, t === '\u00e9' ? 'latin1' : 'utf8')),
      ),
    }),
  );
  type Mutation =
    { kind: 'flip'; at: number; byte: number } | { kind: 'insert'; at: number; bytes: Uint8Array } | { kind: 'delete'; at: number; length: number };
  const apply = (bytes: Buffer, mutations: Mutation[]): Buffer =>
    mutations.reduce((current, m) => {
      const at = m.at % (current.length + 1);
      if (m.kind === 'flip') return Buffer.concat([current.subarray(0, at), Buffer.from([m.byte]), current.subarray(at + 1)]);
      if (m.kind === 'insert') return Buffer.concat([current.subarray(0, at), Buffer.from(m.bytes), current.subarray(at)]);
      return Buffer.concat([current.subarray(0, at), current.subarray(at + m.length)]);
    }, bytes);

  it('never crash, never hang, never exit 2, and a finding always has a file', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 6 }), async (mutations) => {
        const dir = datasetWith({ 'allegiances.csv': apply(original, mutations as Mutation[]) });
        const out: string[] = [];
        const err: string[] = [];
        const code = await validateCommand(['--data', dir, '--format', 'json'], { ...quiet, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) });
        expect(err.join('')).toBe('');
        expect([0, 1]).toContain(code);
        const report = JSON.parse(out.join(''));
        for (const finding of report.findings) expect(finding.file).toBeTruthy();
      }),
      { numRuns: 120 },
    );
  }, 120_000);
});

describe('the verdict does not depend on how the stream is chunked', () => {
  it('multi-byte characters split at every chunk boundary give the same findings', async () => {
    // Names in several scripts, an error and a warning, so there is something to compare.
    const actors = readFileSync(join(BASE_FIXTURE, 'actors.csv'), 'utf8')
      .replace('Ali Abu Muhammad', 'Али Абу Мухаммад|علي أبو محمد|🙂 ')
      .replace('Reported as a commander.', 'Reported as a 指挥官 — commander.');
    const dir = datasetWith({
      'actors.csv': actors,
      'allegiances.csv': `${readFileSync(join(BASE_FIXTURE, 'allegiances.csv'), 'utf8')}bad,kébekov,leader_of,emirate,,,,reported,src-a,Kebekov leads the Emirate.,\n`,
    });
    const reference = await validateDir(dir);
    expect(reference.findings.length).toBeGreaterThan(0);
    for (let chunkSize = 1; chunkSize <= 9; chunkSize++) {
      let reads = 0;
      let bytes = 0;
      const report = await validateDir(dir, { chunkSize, onProgress: (progress) => void (reads++, (bytes = progress.bytes)) });
      expect(report.findings, `chunks of ${chunkSize} bytes`).toEqual(reference.findings);
      // The reader really read in chunks of that size.
      expect(reads).toBeGreaterThanOrEqual(Math.floor(bytes / chunkSize));
    }
  }, 60_000);
});

describe('regular expressions on their worst inputs', () => {
  const schemaPatterns = MODEL.tables.flatMap((t) => t.columns.flatMap((c) => (c.pattern ? [new RegExp(c.pattern, 'u')] : [])));
  const codePatterns = [ERROR_VALUE, SCIENTIFIC, DATE_IN_WORDS, FORMULA_START, HIDDEN, REPLACED];
  const n = 100_000;
  const adversarial = [
    `${'a'.repeat(n)}!`,
    `${'a-'.repeat(n / 2)}!`,
    `${'a-'.repeat(n / 2)}-`,
    `Q${'1'.repeat(n)}x`,
    `${'2015-'.repeat(n / 5)}x`,
    `https://${'a/'.repeat(n / 2)} x`,
    `https://${'a'.repeat(n)} x`,
    `${'en-'.repeat(n / 3)}!`,
    `${'1'.repeat(n)}E+`,
    `#${'N/A'.repeat(n / 3)}`,
    `${'1/'.repeat(n / 2)}`,
    `${'?_'.repeat(n / 2)}a`,
  ];

  it('every schema pattern and code pattern finishes on 100 000-character inputs', async () => {
    // Linear patterns take milliseconds on these; a catastrophic one would not finish in hours.
    for (const pattern of [...schemaPatterns, ...codePatterns]) {
      const unfinished = await inputStillRunning(pattern, adversarial, 10_000);
      expect(unfinished?.slice(0, 24), `${pattern} has not finished within 10 s on this input`).toBeUndefined();
    }
    for (const input of adversarial) expect(probableDate(input)).toBeUndefined();
  }, 600_000);
});
