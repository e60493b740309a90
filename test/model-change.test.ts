import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANGE, changedRepository } from './helpers/changed-model.ts';
import { REPO } from './helpers/fixtures.ts';

/** The suites whose core cases must hold, unchanged, for any schemas: they derive columns, cells and tables from the model. */
const SUITES = ['test/rules.test.ts', 'test/cli.test.ts', 'test/hostile.test.ts', 'test/faults.test.ts', 'test/site.test.ts', 'test/site-inventory.test.ts'];
/** Cases left out for time alone: they test reading and writing at scale, not the shape of the tables. */
const SLOW = ['a million invalid rows', 'release killed', 'every output channel', 'csv-spectrum', 'hostile schemas'];

describe('a new column, kind and referenced table follow from the schemas and the data alone', () => {
  it('runs the core cases of the rule, CLI, hostile, fault and site suites unchanged on a copy with them added', () => {
    const dir = changedRepository();
    // The copy really has the change: the new table's type was generated, its rows read.
    expect(readFileSync(join(dir, 'generated', 'types.ts'), 'utf8')).toContain(`export interface ${CHANGE.title} {`);
    expect(readFileSync(join(dir, 'test', 'fixtures', 'base', 'allegiances.csv'), 'utf8').split('\n')[0]).toContain(
      `role,${CHANGE.column},${CHANGE.reference}`,
    );
    const vitest = join(REPO, 'node_modules', 'vitest', 'vitest.mjs');
    const result = spawnSync(process.execPath, [vitest, 'run', ...SUITES, '--testNamePattern', `^(?!.*(${SLOW.join('|')})).*$`], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      maxBuffer: 64 * 1024 * 1024,
    });
    const summary = /Tests\s+(.*)/.exec(result.stdout)?.[1] ?? '';
    expect(result.status, `${result.stdout.slice(-6000)}\n${result.stderr.slice(-2000)}`).toBe(0);
    expect(summary).toMatch(/\d+ passed/);
    expect(summary).not.toMatch(/failed/);
  }, 900_000);
});
