import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { benchCommand } from '../scripts/lib/cli/bench-command.ts';
import { formatCommand } from '../scripts/lib/cli/format-command.ts';
import { VALIDATE_NODE_FLAGS } from '../scripts/lib/cli/node-flags.ts';
import type { CommandIO } from '../scripts/lib/cli/io.ts';
import { benchSizes, writeSyntheticDataset } from '../scripts/lib/bench/synthetic-dataset.ts';
import { relationshipTable } from '../scripts/lib/model/relationships.ts';
import { readAllRecords } from '../scripts/lib/read/read-dataset.ts';
import { MODEL, REPO, TABLE_FILES, validateDir } from './helpers/fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'bench-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the synthetic dataset', () => {
  it('is valid and realistic: quotes, line breaks, non-Latin aliases, lists, qualified dates', async () => {
    const data = join(dir, 'data');
    writeSyntheticDataset(MODEL, data, benchSizes(MODEL, 3000));
    const report = await validateDir(data);
    expect(report.counts.error).toBe(0);
    // A file for every table of the model, of the size asked for.
    expect(report.tables.map((t) => [t.table, t.rows])).toEqual(MODEL.tables.map((t) => [t.name, benchSizes(MODEL, 3000)[t.name]]));
    // Every kind of relationship, and every column filled somewhere.
    const { table, kind } = relationshipTable(MODEL)!;
    const records = await readAllRecords(MODEL, data);
    expect(new Set(records.get(table.name)!.map((r) => r[kind.name]))).toEqual(new Set(kind.enumValues));
    for (const t of MODEL.tables)
      for (const c of t.columns)
        expect(
          records.get(t.name)!.some((r) => r[c.name] !== undefined),
          `${t.name}.${c.name}`,
        ).toBe(true);
    const allegiances = readFileSync(join(data, 'allegiances.csv'), 'utf8');
    expect(allegiances).toContain('""');
    expect(allegiances).toMatch(/"[^"]*\n[^"]*"/);
    expect(allegiances).toMatch(/,20\d\d-\d\d[~?%],/);
    expect(readFileSync(join(data, 'actors.csv'), 'utf8')).toMatch(/Абу \d+\|أبو \d+/);
  });

  it('has a copy without any quoted cell, as valid and as large, and already canonical', async () => {
    const data = join(dir, 'quote-free');
    writeSyntheticDataset(MODEL, data, benchSizes(MODEL, 3000), { quoteFree: true });
    const report = await validateDir(data);
    expect(report.counts.error).toBe(0);
    expect(report.tables.map((t) => t.rows)).toEqual(MODEL.tables.map((t) => benchSizes(MODEL, 3000)[t.name]));
    for (const file of TABLE_FILES) expect(readFileSync(join(data, file), 'utf8')).not.toMatch(/"/);
    expect(
      await formatCommand(['--check', '--data', data], { cwd: REPO, env: {}, stdout: () => {}, stderr: () => {}, stdoutIsTTY: false, appendFile: () => {} }),
    ).toBe(0);
  });

  it('is the same bytes for the same seed', () => {
    writeSyntheticDataset(MODEL, join(dir, 'a'), benchSizes(MODEL, 500));
    writeSyntheticDataset(MODEL, join(dir, 'b'), benchSizes(MODEL, 500));
    for (const file of TABLE_FILES) expect(readFileSync(join(dir, 'a', file)).equals(readFileSync(join(dir, 'b', file)))).toBe(true);
  });
});

describe('npm run bench', () => {
  it('measures the floor, the validator, format --check on a copy without quoted cells and tableschema in fresh processes, round by round, prints a table and writes JSON', async () => {
    const out: string[] = [];
    const log: string[] = [];
    const io: CommandIO = { cwd: REPO, env: {}, stdout: (t) => void out.push(t), stderr: (t) => void log.push(t), stdoutIsTTY: false, appendFile: () => {} };
    const json = join(dir, 'results.json');
    expect(await benchCommand(['--rows', '500', '--runs', '2', '--dir', join(dir, 'bench'), '--out', json], io)).toBe(0);
    const result = JSON.parse(readFileSync(json, 'utf8'));
    expect(Object.keys(result.results)).toEqual(['floor', 'validate', 'format-check', 'tableschema']);
    expect(result.results.validate.allSeconds).toHaveLength(2);
    // Interleaved, so that a drift in the machine's speed does not fall on one measurement only.
    expect(log.flatMap((line) => /^ {2}(floor|validate|format-check|tableschema): run (\d)/.exec(line)?.slice(1, 3).join(' ') ?? [])).toEqual([
      'floor 1',
      'validate 1',
      'format-check 1',
      'tableschema 1',
      'floor 2',
      'validate 2',
      'format-check 2',
      'tableschema 2',
    ]);
    expect(result.results.floor.rows).toBe(result.results.validate.rows);
    // The quote-free copy has as many rows; format --check read them all (it exits 0 only on canonical files, else the bench fails).
    expect(result.results['format-check'].rows).toBe(result.results.floor.rows);
    expect(out.join('')).toContain('| npm run format -- --check (a copy without quoted cells) |');
    expect(result.results.tableschema.rows).toBe(500);
    expect(result.ratios.validateOverFloor).toBe(result.results.validate.seconds / result.results.floor.seconds);
    expect(out.join('')).toContain('| npm run validate (every rule) |');
    // Start-up: this repository's npm run validate against an empty npm run, in turn, at least 5 times each.
    expect(log.filter((line) => line.startsWith('  start-up: run'))).toHaveLength(5);
    const { startup } = result;
    expect(startup.allValidateSeconds).toHaveLength(5);
    expect(startup.allEmptyScriptSeconds).toHaveLength(5);
    expect(startup.ratio).toBe(startup.validateSeconds / startup.emptyScriptSeconds);
    expect(startup.validateSeconds).toBe([...startup.allValidateSeconds].sort((a: number, b: number) => a - b)[2]);
    expect(out.join('')).toContain(
      `start-up: npm run validate on data/ ${startup.validateSeconds.toFixed(2)} s, an empty npm run ${startup.emptyScriptSeconds.toFixed(2)} s`,
    );
  }, 120_000);

  it('refuses nonsense sizes', async () => {
    const io: CommandIO = { cwd: REPO, env: {}, stdout: () => {}, stderr: () => {}, stdoutIsTTY: false, appendFile: () => {} };
    expect(await benchCommand(['--rows', '10'], io)).toBe(2);
  });

  it('measures with the Node flags npm run validate starts with', () => {
    const scripts = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.validate).toBe(`node ${VALIDATE_NODE_FLAGS.join(' ')} scripts/lib/cli/start-bundled.mjs scripts/validate.ts`);
  });
});
