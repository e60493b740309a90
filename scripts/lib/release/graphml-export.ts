import { relationshipTable } from '../model/relationships.ts';
import type { DatasetModel } from '../model/types.ts';
import { releaseStamp, type ReleaseIdentity } from './citation.ts';
import { PACKAGE_DESCRIPTION } from './datapackage.ts';
import { sharedNamespaces } from './export-columns.ts';
import { ENTITY_NAME_COLUMN, valueText, type ReleaseColumn, type ReleaseTable } from './release-tables.ts';

/** The network's file in a release. */
export const GRAPHML_FILE = 'allegiances.graphml';

/**
 * The node attribute holding an entity's name. Called `label`, never `name`: igraph takes a `name`
 * attribute for the vertex names it finds vertices by, and those should be the ids (igraph keeps the
 * node ids in its `id` attribute; networkx keys its nodes by them).
 */
export const LABEL_ATTRIBUTE = 'label';

const escapeXml = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');

/** The edge attribute that marks a two-way relationship (x-symmetric), stored once as a directed edge. */
export const TWO_WAY_ATTRIBUTE = 'two_way';

interface GraphKey {
  readonly id: string;
  readonly for: 'graph' | 'node' | 'edge';
  readonly name: string;
  readonly type: 'string' | 'boolean';
  readonly description: string;
}

/** One key per column name over several tables; where their descriptions differ, each is named with its table. */
function columnKeys(forWhat: 'node' | 'edge', tables: readonly ReleaseTable[], skip: (column: ReleaseColumn, table: ReleaseTable) => boolean): GraphKey[] {
  const byName = new Map<string, { table: string; description: string }[]>();
  for (const table of tables)
    for (const column of table.columns) {
      if (skip(column, table)) continue;
      byName.set(column.name, [...(byName.get(column.name) ?? []), { table: table.name, description: column.description }]);
    }
  return [...byName].map(([name, uses]) => ({
    id: `${forWhat === 'node' ? 'n' : 'e'}_${name}`,
    for: forWhat,
    name,
    type: 'string',
    description: new Set(uses.map((u) => u.description)).size === 1 ? uses[0]!.description : uses.map((u) => `${u.table}: ${u.description}`).join(' '),
  }));
}

/**
 * The network as GraphML for Gephi, networkx and igraph. Every row of the tables that share an id
 * space (actors, groups) is a node, with every column of its table; every row of a table linking two
 * of them (allegiances) is a directed edge with every column but its ends. Every column is declared
 * as a key with its description, whether or not a row has a value. Two-way kinds (x-symmetric) keep
 * one directed edge, marked `two_way`. The row id is the element's own id, not an attribute, so igraph
 * does not find two `id` attributes.
 */
export function graphml(model: DatasetModel, tables: readonly ReleaseTable[], release: ReleaseIdentity): string {
  const namespace = sharedNamespaces(model)[0];
  const byName = new Map(tables.map((t) => [t.name, t]));
  const entities = namespace ? byName.get(namespace.name) : undefined;
  const nodeTables = (namespace?.tables ?? []).map((t) => byName.get(t.name)!);
  const relationships = relationshipTable(model);
  const isEnd = (column: ReleaseColumn): boolean => column.name === relationships?.from.name || column.name === relationships?.to.name;
  /** The row id is the element's own id, not an attribute. */
  const isKey = (column: ReleaseColumn, table: ReleaseTable): boolean => column.name === table.primaryKey;
  const edgeTables = relationships ? tables.filter((t) => t.table === relationships.table) : [];
  const entityColumns = entities?.columns.filter((c) => c.name !== entities.primaryKey) ?? [];
  /** A node table's columns that its node does not repeat: the key and those the entities table already gives. */
  const notNodeAttribute = (c: ReleaseColumn, t: ReleaseTable): boolean => isKey(c, t) || entityColumns.some((e) => e.name === c.name);
  const notEdgeAttribute = (c: ReleaseColumn, t: ReleaseTable): boolean => isKey(c, t) || isEnd(c);
  const isEntityName = (c: ReleaseColumn, t: ReleaseTable): boolean => isKey(c, t) || c.name === ENTITY_NAME_COLUMN;
  const nameColumn = entities?.columns.find((c) => c.name === ENTITY_NAME_COLUMN);
  const nodeKeys = [
    ...columnKeys('node', entities ? [entities] : [], isEntityName),
    {
      id: `n_${LABEL_ATTRIBUTE}`,
      for: 'node',
      name: LABEL_ATTRIBUTE,
      type: 'string',
      description: `${nameColumn?.description ?? 'The name.'} Gephi labels nodes by it; the node's id is the entity's id (networkx: graph.nodes[id]; igraph: the id vertex attribute).`,
    } as GraphKey,
    ...columnKeys('node', nodeTables, notNodeAttribute),
  ];
  const symmetricColumn = edgeTables.flatMap((t) => t.table!.columns).find((c) => c.symmetric);
  const edgeKeys = [
    ...columnKeys('edge', edgeTables, notEdgeAttribute),
    ...(symmetricColumn
      ? [
          {
            id: `e_${TWO_WAY_ATTRIBUTE}`,
            for: 'edge',
            name: TWO_WAY_ATTRIBUTE,
            type: 'boolean',
            description: `true when the relationship runs both ways (${symmetricColumn.name} ${symmetricColumn.symmetric!.join(', ')}): the edge's direction only records which end the source names first.`,
          } as GraphKey,
        ]
      : []),
  ];
  const data = (prefix: string, pairs: [string, string][]): string =>
    pairs.map(([key, value]) => `      <data key="${prefix}_${escapeXml(key)}">${escapeXml(value)}</data>`).join('\n');
  const rowPairs = (
    table: ReleaseTable,
    row: Readonly<Record<string, unknown>>,
    skip: (c: ReleaseColumn, table: ReleaseTable) => boolean,
  ): [string, string][] => table.columns.filter((c) => !skip(c, table) && row[c.name] !== null).map((c) => [c.name, valueText(row[c.name] as never)]);

  const nodes: string[] = [];
  const nodeRows = new Map(nodeTables.flatMap((t) => t.rows.map((row) => [String(row[t.primaryKey]), { table: t, row }] as const)));
  for (const entity of entities?.rows ?? []) {
    const id = String(entity.id);
    const own = nodeRows.get(id);
    const pairs: [string, string][] = [
      ...rowPairs(entities!, entity, isEntityName),
      [LABEL_ATTRIBUTE, valueText(entity[ENTITY_NAME_COLUMN] ?? null)],
      ...(own ? rowPairs(own.table, own.row, notNodeAttribute) : []),
    ];
    nodes.push(`    <node id="${escapeXml(id)}">\n${data('n', pairs)}\n    </node>`);
  }
  const edges: string[] = [];
  for (const table of edgeTables) {
    const [from, to] = [relationships!.from, relationships!.to];
    for (const row of table.rows) {
      const pairs = rowPairs(table, row, notEdgeAttribute);
      if (symmetricColumn) pairs.push([TWO_WAY_ATTRIBUTE, String(symmetricColumn.symmetric!.includes(String(row[symmetricColumn.name])))]);
      edges.push(
        `    <edge id="${escapeXml(String(row[table.primaryKey]))}" source="${escapeXml(String(row[from!.name]))}" target="${escapeXml(String(row[to!.name]))}">\n${data('e', pairs)}\n    </edge>`,
      );
    }
  }
  const stamp = releaseStamp(release);
  const graphKeys: GraphKey[] = stamp.map(({ key, description }) => ({ id: `g_${key}`, for: 'graph', name: key, type: 'string', description }));
  const keyLines = [...graphKeys, ...nodeKeys, ...edgeKeys].map(
    (key) =>
      `  <key id="${escapeXml(key.id)}" for="${key.for}" attr.name="${escapeXml(key.name)}" attr.type="${key.type}">\n    <desc>${escapeXml(key.description)}</desc>\n  </key>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ...keyLines,
    '  <graph id="allegiances" edgedefault="directed">',
    `    <desc>${escapeXml(`${PACKAGE_DESCRIPTION} Version ${release.version}; licensed under ${stamp.find((s) => s.key === 'license')!.value} (${stamp.find((s) => s.key === 'license_url')!.value}).`)}</desc>`,
    ...stamp.map(({ key, value }) => `    <data key="g_${escapeXml(key)}">${escapeXml(value)}</data>`),
    ...nodes,
    ...edges,
    '  </graph>',
    '</graphml>',
    '',
  ].join('\n');
}
