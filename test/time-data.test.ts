import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dateParts } from '../scripts/lib/release/release-tables.ts';
import { relationshipTable } from '../scripts/lib/model/relationships.ts';
import { readAllRecords } from '../scripts/lib/read/read-dataset.ts';
import { edgeStyle } from '../scripts/lib/render/styles.ts';
import { dayOf } from '../scripts/lib/site/holds.ts';
import { timeData } from '../scripts/lib/site/time-data.ts';
import { timeHtml, timePageFiles } from '../scripts/lib/site/time-html.ts';
import type { TimeData } from '../scripts/lib/site/time-types.ts';
import { allegianceRow, allegiances, BASE_FIXTURE, datasetWith, MODEL } from './helpers/fixtures.ts';

/** The data the page embeds, read back from its HTML as the page's script reads it. */
const embedded = (html: string): TimeData => JSON.parse(/<script type="application\/json" id="time-data">([^<]*)<\/script>/.exec(html)![1]!) as TimeData;

describe('the data of the over-time page', () => {
  it('carries every kind of the schema with the pictures’ label and colour, two-way kinds as such, and every relationship with its bounds', async () => {
    const records = await readAllRecords(MODEL, BASE_FIXTURE);
    const data = await timeData(MODEL, records);
    const { kind, table, start } = relationshipTable(MODEL)!;
    expect(data.kinds.map((k) => k.value)).toEqual(kind.enumValues);
    for (const k of data.kinds) {
      expect([k.label, k.color, k.line]).toEqual([edgeStyle(k.value).label, edgeStyle(k.value).color, edgeStyle(k.value).style]);
      expect(k.twoWay).toBe(kind.symmetric!.includes(k.value));
      expect(k.meaning).toBe(kind.enumDescriptions![k.value]);
    }
    const rows = records.get(table.name)!;
    expect(data.relations.map((r) => r.id).sort()).toEqual(rows.map((r) => String(r[table.primaryKey])).sort());
    for (const relation of data.relations) {
      const row = rows.find((r) => r[table.primaryKey] === relation.id)!;
      const started = row[start!.name] as string | undefined;
      const parts = started ? dateParts(started) : undefined;
      expect(relation.start && [relation.start.earliest, relation.start.latest]).toEqual(parts && [dayOf(parts.earliest), dayOf(parts.latest)]);
    }
    // Every node has its fixed place inside the drawing.
    for (const e of data.entities) {
      expect(e.x - e.w / 2).toBeGreaterThanOrEqual(0);
      expect(e.y + e.h / 2).toBeLessThanOrEqual(data.height);
    }
  });

  it('is carried as JSON that no text from the data can end, and is written as text in the tables without JavaScript', async () => {
    const quote = '</script><script>alert(1)</script> <!-- <b>bold</b>';
    const dir = datasetWith({
      'archive/src-a.txt': `Kebekov leads the Emirate.\n${quote}\n\nUmar Shishani left to pledge allegiance to Baghdadi in December 2013.\n`,
      'allegiances.csv': allegiances(allegianceRow({ id: 'odd-quote', started: '2014-01', quote })),
      'actors.csv': readFileSync(join(BASE_FIXTURE, 'actors.csv'), 'utf8').replace('Aliaskhab Kebekov', '<i>Aliaskhab</i> Kebekov'),
    });
    const html = timeHtml(await timeData(MODEL, await readAllRecords(MODEL, dir)));
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<b>bold');
    expect(html).not.toContain('<i>Aliaskhab');
    expect(html).toContain('>&lt;i&gt;Aliaskhab&lt;/i&gt; Kebekov</a> <span class="kind">leads</span>');
    expect(embedded(html).relations.find((r) => r.id === 'odd-quote')!.quote).toBe(quote);
  });

  it('says so when no relationship has a date, and lists them all as undated', async () => {
    const undated = allegiances()
      .split('\n')
      .map((line) => line.replace(/,2014-11~,|,2013-12,/, ',,'))
      .join('\n');
    const files = await timePageFiles(MODEL, await readAllRecords(MODEL, datasetWith({ 'allegiances.csv': undated })));
    const html = files.get('time.html')!;
    expect(html).toContain('No relationship in the data has a date.');
    expect(html).not.toContain('data-year="1970"');
    expect([...html.matchAll(/<tr data-item="([^"]+)">/g)].map((m) => m[1]).sort()).toEqual(['jjq-affiliate', 'kebekov-leads-emirate', 'shishani-pledged']);
    expect(files.get('time.js')!.length).toBeGreaterThan(1000);
  });
});
