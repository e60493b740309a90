import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDataset } from '../scripts/lib/read/read-dataset.ts';
import { MODEL, REPO, validateDir } from './helpers/fixtures.ts';

describe('data/', () => {
  it('has no errors (warnings, which do not fail validation, are listed)', async () => {
    const report = await validateDir(join(REPO, 'data'), { today: Date.now() });
    for (const f of report.findings.filter((f) => f.severity !== 'error')) console.warn(`${f.file} ${f.cell ?? ''} ${f.code}: ${f.message}`);
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(report.tables.every((t) => t.present && t.rows > 0)).toBe(true);
  });

  it('reads into the generated row types', async () => {
    const data = await readDataset(MODEL, join(REPO, 'data'));
    const kebekov = data.actors.find((a) => a.id === 'aliaskhab-kebekov');
    expect(kebekov?.aliases).toContain('Ali Abu Muhammad');
    const ids = new Set([...data.actors, ...data.groups].map((e) => e.id));
    for (const allegiance of data.allegiances) {
      expect(ids.has(allegiance.subject_id) && ids.has(allegiance.target_id), allegiance.id).toBe(true);
      expect(allegiance.source_ids.length).toBeGreaterThan(0);
    }
  });
});
