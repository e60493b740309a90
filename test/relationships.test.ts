import { describe, expect, it } from 'vitest';
import { relationshipTable } from '../scripts/lib/model/relationships.ts';
import type { DatasetModel } from '../scripts/lib/model/types.ts';
import { readAllRecords } from '../scripts/lib/read/read-dataset.ts';
import { networkDot } from '../scripts/lib/render/network-dot.ts';
import { timelineSvg } from '../scripts/lib/render/timeline-svg.ts';
import { BASE_FIXTURE, MODEL } from './helpers/fixtures.ts';

describe('the relationship table', () => {
  it('is the table whose kind column declares x-endpoints, with the ends it names and its date span', () => {
    const relationships = relationshipTable(MODEL)!;
    expect(relationships.table.columns).toContain(relationships.kind);
    const ends = new Set(Object.values(relationships.kind.endpoints!).flatMap((rule) => Object.keys(rule)));
    expect([relationships.from.name, relationships.to.name].sort()).toEqual([...ends].sort());
    // Schema order: the subject before the target.
    expect(relationships.table.columns.indexOf(relationships.from)).toBeLessThan(relationships.table.columns.indexOf(relationships.to));
    expect(relationships.end?.notBefore).toBe(relationships.start?.name);
    expect(relationships.start?.date).toBe(true);
  });

  it('does not exist without x-endpoints, and then the pictures draw no relationship', async () => {
    const withoutEndpoints: DatasetModel = {
      ...MODEL,
      tables: MODEL.tables.map((table) => ({ ...table, columns: table.columns.map(({ endpoints: _endpoints, ...column }) => column) })),
    };
    expect(relationshipTable(withoutEndpoints)).toBeUndefined();
    const records = await readAllRecords(MODEL, BASE_FIXTURE);
    expect(networkDot(MODEL, records)).toContain(' -> ');
    expect(networkDot(withoutEndpoints, records)).not.toContain(' -> ');
    expect(timelineSvg(withoutEndpoints, records)).not.toEqual(timelineSvg(MODEL, records));
  });
});
