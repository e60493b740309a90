import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { benchTimeCommand } from '../scripts/lib/cli/bench-time-command.ts';
import type { CommandIO } from '../scripts/lib/cli/io.ts';
import type { TimeBenchResult } from '../scripts/lib/bench/time-page-bench.ts';
import { relationshipTable } from '../scripts/lib/model/relationships.ts';
import { MODEL, REPO } from './helpers/fixtures.ts';
import { hasChromium } from './helpers/site-server.ts';

const dir = mkdtempSync(join(tmpdir(), 'bench-time-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!hasChromium)('npm run bench:time', () => {
  it('builds time.html from the bench generator, changes its date in Chromium a month at a time, between the ends and at random, and reports each redraw', async () => {
    const out: string[] = [];
    const log: string[] = [];
    const io: CommandIO = { cwd: REPO, env: {}, stdout: (t) => void out.push(t), stderr: (t) => void log.push(t), stdoutIsTTY: false, appendFile: () => {} };
    const json = join(dir, 'results.json');
    expect(await benchTimeCommand(['--relationships', '300', '--entities', '60', '--out', json], io)).toBe(0);
    const result = JSON.parse(readFileSync(json, 'utf8')) as TimeBenchResult;
    // 300 relationships between 60 entities, whatever the tables are called.
    const { table, from, to } = relationshipTable(MODEL)!;
    expect(result.sizes[table.name]).toBe(300);
    expect([...new Set([...from.references!, ...to.references!])].reduce((sum, t) => sum + result.sizes[t]!, 0)).toBe(60);
    // Months over the whole span: the generator's dates run over 2013 to 2015.
    expect(result.sequences.months.changes).toBeGreaterThan(20);
    expect(result.sequences.jumps.changes).toBe(10);
    expect(result.sequences.random.changes).toBe(20);
    expect(result.sequences.timeline.changes).toBe(result.sequences.months.changes);
    expect(result.all.changes).toBe(2 * result.sequences.months.changes + 30);
    for (const summary of Object.values(result.sequences)) {
      expect(summary.medianFrameMs).toBeGreaterThan(0);
      expect(summary.maxFrameMs).toBeGreaterThanOrEqual(summary.p90FrameMs);
      expect(summary.medianFrameMs).toBeGreaterThanOrEqual(summary.medianScriptMs);
    }
    expect(out.join('')).toContain('| a month at a time |');
    expect(log.join('')).toContain(`Generating 300 ${table.name}`);
    expect(await benchTimeCommand(['--relationships', 'many'], io)).toBe(2);
  }, 180_000);
});
