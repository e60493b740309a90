import type { RowRecord } from '../model/cell-validator.ts';
import { categoryColumn, relationshipTable } from '../model/relationships.ts';
import type { ColumnModel, DatasetModel, TableModel } from '../model/types.ts';
import { entityType, labelColumn, sharedNamespaces } from '../release/export-columns.ts';
import { edgeStyle, nodeFill } from './styles.ts';

const quoteDot = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Breaks a long name over lines of about `width` characters, at spaces. */
export function wrap(text: string, width = 18): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].join('\n');
}

/** A single-valued cell's text, empty when the cell is or the table has no such column. */
const textOf = (record: RowRecord, column: ColumnModel | undefined): string => {
  const value = column ? record[column.name] : undefined;
  return typeof value === 'string' ? value : '';
};
/** A group's kind: the value in its table's category column (see model/relationships.ts). */
const kindOf =
  (table: TableModel) =>
  (record: RowRecord): string =>
    textOf(record, categoryColumn(table));

/**
 * The network as Graphviz DOT: the rows of the tables sharing an id space (actors, groups) as nodes,
 * shaped by table and coloured by kind, and each relationship row as an edge styled by its kind, with
 * a legend. Rows are emitted in id order, so the same data always gives the same drawing.
 */
export function networkDot(model: DatasetModel, records: ReadonlyMap<string, readonly RowRecord[]>): string {
  const nodeTables = sharedNamespaces(model)[0]?.tables ?? [];
  const relationships = relationshipTable(model);
  const lines = [
    'digraph allegiances {',
    // neato with a fixed seed: a compact, readable layout, the same on every run.
    '  graph [layout=neato, start=7, mode=major, overlap=false, sep="+8", splines=true, pack=true, bgcolor="white", fontname="Helvetica", fontsize=11, pad=0.2, outputorder=edgesfirst];',
    '  node [fontname="Helvetica", fontsize=10, style="filled", color="#374151", penwidth=0.8];',
    '  edge [fontname="Helvetica", fontsize=8, arrowsize=0.6];',
  ];
  for (const table of nodeTables) {
    const type = entityType(table);
    const shape = type === 'actor' ? 'ellipse' : 'box';
    const rows = [...(records.get(table.name) ?? [])].sort((a, b) => (String(a[table.primaryKey]) < String(b[table.primaryKey]) ? -1 : 1));
    for (const record of rows) {
      const id = String(record[table.primaryKey]);
      const kind = kindOf(table)(record);
      const fill = nodeFill(type === 'actor' ? 'actor' : kind);
      lines.push(
        `  ${quoteDot(id)} [label=${quoteDot(wrap(String(record[labelColumn(table)] ?? id)))}, shape=${shape}, fillcolor=${quoteDot(fill)}${shape === 'box' ? ', style="filled,rounded"' : ''}, tooltip=${quoteDot(`${String(record[labelColumn(table)] ?? id)} (${type === 'actor' ? 'person' : kind})`)}];`,
      );
    }
  }
  const kinds = new Set<string>();
  if (relationships) {
    const { table, from, to, start } = relationships;
    const rows = [...(records.get(table.name) ?? [])].sort((a, b) => (String(a[table.primaryKey]) < String(b[table.primaryKey]) ? -1 : 1));
    for (const record of rows) {
      const kind = textOf(record, relationships.kind);
      kinds.add(kind);
      const style = edgeStyle(kind);
      const dotStyle = style.style === 'bold' ? 'bold' : style.style;
      const started = start ? textOf(record, start) : '';
      lines.push(
        `  ${quoteDot(String(record[from.name]))} -> ${quoteDot(String(record[to.name]))} [color=${quoteDot(style.color)}, style=${dotStyle}, tooltip=${quoteDot(`${style.label}${started ? `, ${started}` : ''}`)}${kind === 'rival_of' ? ', arrowhead=tee' : ''}];`,
      );
    }
  }
  // The legend: every kind of edge drawn, and every kind of node, as an HTML-like table.
  const edgeRows = [...kinds].sort().map((kind) => {
    const style = edgeStyle(kind);
    const line = style.style === 'dashed' ? '- - - -' : style.style === 'dotted' ? '· · · · ·' : '———';
    return `<tr><td align="left"><font color="${style.color}"><b>${line}</b></font></td><td align="left">${escapeHtml(style.label)}</td></tr>`;
  });
  const groupKinds = [...new Set(nodeTables.flatMap((t) => (entityType(t) === 'actor' ? ['actor'] : (records.get(t.name) ?? []).map(kindOf(t)))))].sort();
  const nodeRows = groupKinds.map(
    (kind) =>
      `<tr><td bgcolor="${nodeFill(kind)}" border="1">&#160;&#160;&#160;&#160;</td><td align="left">${kind === 'actor' ? 'person' : escapeHtml(`group: ${kind}`)}</td></tr>`,
  );
  lines.push(
    `  legend [shape=plaintext, style="", label=<<table border="0" cellborder="0" cellspacing="2" cellpadding="1"><tr><td colspan="2" align="left"><b>Legend</b></td></tr>${nodeRows.join('')}${edgeRows.join('')}</table>>];`,
  );
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
