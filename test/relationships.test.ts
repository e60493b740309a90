import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../scripts/lib/model/load-model.ts';
import { relationshipTable } from '../scripts/lib/model/relationships.ts';
import type { DatasetModel } from '../scripts/lib/model/types.ts';
import { readAllRecords } from '../scripts/lib/read/read-dataset.ts';
import { networkDot } from '../scripts/lib/render/network-dot.ts';
import { timelineSvg } from '../scripts/lib/render/timeline-svg.ts';
import { edgeStyle } from '../scripts/lib/render/styles.ts';
import { buildSite, COLUMNS_BY_NAME } from '../scripts/lib/site/build-site.ts';
import { esc } from '../scripts/lib/site/html.ts';
import { timeData } from '../scripts/lib/site/time-data.ts';
import { sharedNamespaces } from '../scripts/lib/release/export-columns.ts';
import { graphml } from '../scripts/lib/release/graphml-export.ts';
import { releaseTables } from '../scripts/lib/release/release-tables.ts';
import { BASE_FIXTURE, datasetWith, MODEL, REPO } from './helpers/fixtures.ts';

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

/**
 * A copy of the schemas and of a dataset with every column renamed (`kind` → `kind_renamed`) that the
 * presentation is meant to find by its keywords: all but the few it names (typed by the row types).
 */
function renamedDataset(dataDir: string): { schemasDir: string; dataDir: string; renamed: Map<string, string> } {
  const schemasDir = datasetWith({}, join(REPO, 'schemas'));
  const renamedData = datasetWith({}, dataDir);
  const renamed = new Map<string, string>();
  for (const table of MODEL.tables) {
    const newName = (name: string): string => (COLUMNS_BY_NAME.includes(name) ? name : `${name}_renamed`);
    const path = join(schemasDir, `${table.name}.schema.json`);
    const schema = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown> & {
      properties: Record<string, Record<string, unknown>>;
      required: string[];
    };
    const keyedByColumn = (object: Record<string, unknown>): Record<string, unknown> =>
      Object.fromEntries(Object.entries(object).map(([k, v]) => [newName(k), v]));
    for (const column of Object.values(schema.properties)) {
      for (const keyword of ['x-notBefore', 'x-distinctFrom', 'x-quoteOf']) if (typeof column[keyword] === 'string') column[keyword] = newName(column[keyword]);
      const endpoints = column['x-endpoints'] as Record<string, Record<string, unknown>> | undefined;
      if (endpoints) for (const kind of Object.keys(endpoints)) endpoints[kind] = keyedByColumn(endpoints[kind]!);
    }
    schema.properties = keyedByColumn(schema.properties) as typeof schema.properties;
    schema.required = schema.required.map(newName);
    schema['x-primaryKey'] = newName(String(schema['x-primaryKey']));
    writeFileSync(path, JSON.stringify(schema, null, 2));
    const csv = join(renamedData, table.file);
    const [header, ...rest] = readFileSync(csv, 'utf8').split('\n');
    writeFileSync(csv, [header!.split(',').map(newName).join(','), ...rest].join('\n'));
    for (const column of table.columns) if (newName(column.name) !== column.name) renamed.set(column.name, newName(column.name));
  }
  return { schemasDir, dataDir: renamedData, renamed };
}

describe('the pages, pictures and graph of a dataset whose columns were renamed in its schemas', () => {
  const copy = renamedDataset(BASE_FIXTURE);
  const model = loadModel(copy.schemasDir);

  it('show the same relationships, kinds, dates, quotes, sources and group kinds as before', async () => {
    const records = await readAllRecords(MODEL, BASE_FIXTURE);
    const renamedRecords = await readAllRecords(model, copy.dataDir);
    const relationships = relationshipTable(model)!;
    expect(relationships.kind.name).toBe(copy.renamed.get(relationshipTable(MODEL)!.kind.name));

    expect(networkDot(model, renamedRecords)).toBe(networkDot(MODEL, records));
    expect(timelineSvg(model, renamedRecords)).toBe(timelineSvg(MODEL, records));
    // The over-time page's data: the same kinds, ends, dates, quotes, sources and places, not empty.
    const timeOf = await timeData(model, renamedRecords);
    expect(timeOf).toEqual(await timeData(MODEL, records));
    expect(timeOf.relations.filter((r) => r.quote && r.sources.length && (r.start || r.end))).not.toHaveLength(0);

    const site = await buildSite(model, renamedRecords, copy.dataDir);
    const original = await buildSite(MODEL, records, BASE_FIXTURE);
    // A page lists an entity's or source's own columns by name: those names are meant to change.
    const withOldNames = (html: string): string =>
      [...copy.renamed].reduce(
        (page, [old, renamed]) =>
          page.replaceAll(`<dt>${renamed}</dt>`, `<dt>${old}</dt>`).replaceAll(`<dt>${renamed.replace(/_/g, ' ')}</dt>`, `<dt>${old.replace(/_/g, ' ')}</dt>`),
        html,
      );
    const pages = [...original.keys()].filter((path) => /^(index\.html|network\.svg|timeline\.svg|(actors|groups|sources)\/)/.test(path));
    for (const path of pages) expect(withOldNames(site.get(path) ?? ''), path).toBe(original.get(path));

    // Not equal by being empty: every entity has its page, and each relationship is on the pages of
    // both its ends with its kind, its quote and a link to its source, and in the network.
    for (const table of sharedNamespaces(model)[0]!.tables)
      for (const row of renamedRecords.get(table.name)!) expect(pages).toContain(`${table.name}/${row[table.primaryKey]}.html`);
    const { table, from, to, kind } = relationships;
    const quote = table.columns.find((c) => c.quoteOf)!;
    const rows = renamedRecords.get(table.name)!;
    for (const row of rows)
      for (const end of [from, to]) {
        const page = [...site].find(([path]) => path.endsWith(`/${row[end.name]}.html`))![1];
        const shown = page.match(new RegExp(`<li id="${row[table.primaryKey]}">[\\s\\S]*?</li>`))?.[0] ?? '';
        expect(shown, `${row[table.primaryKey]} on the page of ${row[end.name]}`).toContain(
          `<span class="kind">${esc(edgeStyle(String(row[kind.name])).label)}</span>`,
        );
        expect(shown).toContain(`<blockquote>${esc(String(row[quote.name]))}</blockquote>`);
        expect(shown).toMatch(/<a href="\.\.\/sources\//);
      }
    expect(networkDot(model, renamedRecords).match(/ -> /g)).toHaveLength(rows.length);
  }, 60_000);

  it("give GraphML every node and edge, with each table's key as the element id and never as an attribute", async () => {
    const records = await readAllRecords(model, copy.dataDir);
    const graph = graphml(model, releaseTables(model, records), { version: '0.0.0' });
    const attributes = [...graph.matchAll(/attr\.name="([^"]*)"/g)].map((m) => m[1]);
    for (const table of model.tables) expect(attributes).not.toContain(table.primaryKey);
    const nodes = sharedNamespaces(model)[0]!.tables.flatMap((t) => records.get(t.name)!.map((row) => String(row[t.primaryKey])));
    expect([...graph.matchAll(/<node id="([^"]*)">/g)].map((m) => m[1]).sort()).toEqual(nodes.sort());
    const { table, from, to } = relationshipTable(model)!;
    const edges = records.get(table.name)!.map((row) => `${row[table.primaryKey]} ${row[from.name]} ${row[to.name]}`);
    expect([...graph.matchAll(/<edge id="([^"]*)" source="([^"]*)" target="([^"]*)">/g)].map((m) => m.slice(1).join(' ')).sort()).toEqual(edges.sort());
  });
});
