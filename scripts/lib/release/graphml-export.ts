import type { RowRecord } from '../model/cell-validator.ts';
import type { DatasetModel, TableModel } from '../model/types.ts';
import { entityType, exportValue, labelColumn, sharedNamespaces, type ExportDate, type ExportValue } from './export-columns.ts';

const escapeXml = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');

/** Flat string attributes for a row: lists joined with `|`, dates as EDTF plus earliest/latest. */
function attributes(table: TableModel, record: RowRecord): [string, string][] {
  return table.columns.flatMap((column): [string, string][] => {
    const value: ExportValue = exportValue(column, record);
    if (value === null) return [];
    if (column.date) {
      const date = value as ExportDate;
      return [
        [column.name, date.edtf],
        [`${column.name}_earliest`, date.earliest],
        [`${column.name}_latest`, date.latest],
      ];
    }
    return [[column.name, Array.isArray(value) ? value.join('|') : (value as string)]];
  });
}

/**
 * The network as GraphML for Gephi, networkx and igraph: the rows of the tables that share an id space
 * (actors, groups) are nodes, and the rows of each table that links two of them (allegiances) are
 * directed, typed and dated edges.
 */
export function graphml(model: DatasetModel, records: ReadonlyMap<string, readonly RowRecord[]>): string {
  const namespace = sharedNamespaces(model)[0];
  const nodeTables = namespace?.tables ?? [];
  const edgeTables = model.tables
    .map((table) => ({ table, ends: table.columns.filter((c) => !c.list && c.references?.every((r) => nodeTables.some((t) => t.name === r))) }))
    .filter(({ ends }) => ends.length === 2);
  const keys = new Map<string, 'node' | 'edge'>();
  const nodes: string[] = [];
  const edges: string[] = [];
  const data = (pairs: [string, string][], forWhat: 'node' | 'edge'): string =>
    pairs
      .map(([key, value]) => {
        keys.set(`${forWhat}:${key}`, forWhat);
        return `      <data key="${forWhat === 'node' ? 'n' : 'e'}_${escapeXml(key)}">${escapeXml(value)}</data>`;
      })
      .join('\n');
  for (const table of nodeTables) {
    for (const record of records.get(table.name) ?? []) {
      const pairs: [string, string][] = [
        ['type', entityType(table)],
        ['label', String(record[labelColumn(table)] ?? '')],
        ...attributes(table, record).filter(([k]) => k !== table.primaryKey),
      ];
      nodes.push(`    <node id="${escapeXml(String(record[table.primaryKey]))}">\n${data(pairs, 'node')}\n    </node>`);
    }
  }
  for (const { table, ends } of edgeTables) {
    for (const record of records.get(table.name) ?? []) {
      const [source, target] = ends.map((c) => String(record[c.name]));
      const pairs = attributes(table, record).filter(([k]) => !ends.some((c) => c.name === k));
      edges.push(
        `    <edge id="${escapeXml(String(record[table.primaryKey]))}" source="${escapeXml(source!)}" target="${escapeXml(target!)}">\n${data(pairs, 'edge')}\n    </edge>`,
      );
    }
  }
  const keyLines = [...keys.keys()].sort().map((id) => {
    const [forWhat, name] = id.split(':') as ['node' | 'edge', string];
    return `  <key id="${forWhat === 'node' ? 'n' : 'e'}_${escapeXml(name)}" for="${forWhat}" attr.name="${escapeXml(name)}" attr.type="string"/>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ...keyLines,
    '  <graph id="allegiances" edgedefault="directed">',
    ...nodes,
    ...edges,
    '  </graph>',
    '</graphml>',
    '',
  ].join('\n');
}
