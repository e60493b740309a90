import { dateBounds } from '../edtf.ts';
import type { RowRecord } from '../model/cell-validator.ts';
import { categoryColumn, citationColumn, relationshipTable } from '../model/relationships.ts';
import type { ColumnModel, DatasetModel } from '../model/types.ts';
import { entityType, labelColumn, sharedNamespaces } from '../release/export-columns.ts';
import { wrap } from '../render/network-dot.ts';
import { edgeStyle, nodeFill } from '../render/styles.ts';
import { qualifiers } from '../render/timeline-svg.ts';
import { CERTAINTY, cellOf, list, NOTES, ROLE, text } from './columns.ts';
import { addMonths, dayOfInstant } from './holds.ts';
import { networkLayout } from './network-layout.ts';
import type { EntityInfo, KindInfo, RelationInfo, Shape, StatedDate, TimeData } from './time-types.ts';

type Records = ReadonlyMap<string, readonly RowRecord[]>;

/** A date cell as the page needs it, or undefined when empty (or, in data that was not validated, not a date). */
function statedDate(record: RowRecord, column: ColumnModel | undefined): StatedDate | undefined {
  const value = text(cellOf(record, column));
  const bounds = value ? dateBounds(value) : undefined;
  if (!bounds) return undefined;
  return { text: value, earliest: dayOfInstant(bounds.earliest), latest: dayOfInstant(bounds.latest), ...qualifiers(value) };
}

/**
 * The data of the "over time" page, from the schemas and the records: every actor and group with its
 * fixed place in the network, every relationship with its dates as day bounds, its evidence and its
 * kind, and every kind with the colour, line and label the pictures give it (render/styles.ts).
 * Tables and columns are found through model/relationships.ts; nothing here names a kind.
 */
export async function timeData(model: DatasetModel, records: Records): Promise<TimeData> {
  const nodeTables = sharedNamespaces(model)[0]?.tables ?? [];
  const relationships = relationshipTable(model);
  const sourceTable = model.tables.find((t) => t.archive);

  const sourceIndex = new Map<string, number>();
  const sources = (sourceTable ? (records.get(sourceTable.name) ?? []) : []).map((record, index) => {
    const id = String(record[sourceTable!.primaryKey]);
    sourceIndex.set(id, index);
    return { title: text(cellOf(record, labelColumn(sourceTable!))) || id, href: `sources/${id}.html` };
  });

  const nodes: (Omit<EntityInfo, 'x' | 'y' | 'w' | 'h'> & { readonly shape: Shape })[] = [];
  const nodeKinds = new Map<string, { label: string; fill: string; shape: Shape }>();
  for (const table of nodeTables) {
    const person = entityType(table) === 'actor';
    const category = categoryColumn(table);
    for (const record of records.get(table.name) ?? []) {
      const id = String(record[table.primaryKey]);
      const name = text(cellOf(record, labelColumn(table))) || id;
      const kind = person ? '' : text(cellOf(record, category));
      const type = person ? 'person' : kind ? `group: ${kind}` : 'group';
      const fill = nodeFill(person ? 'actor' : kind);
      const shape: Shape = person ? 'ellipse' : 'box';
      nodeKinds.set(type, { label: type, fill, shape });
      nodes.push({ id, name, type, fill, shape, lines: wrap(name).split('\n'), href: `${table.name}/${id}.html` });
    }
  }
  const entityIndex = new Map(nodes.map((node, index) => [node.id, index]));

  const kindColumn = relationships?.kind;
  const kinds: KindInfo[] = (kindColumn?.enumValues ?? []).map((value) => {
    const style = edgeStyle(value);
    return {
      value,
      label: style.label,
      meaning: kindColumn?.enumDescriptions?.[value] ?? '',
      color: style.color,
      line: style.style,
      twoWay: kindColumn?.symmetric?.includes(value) ?? false,
    };
  });
  const kindIndex = new Map(kinds.map((kind, index) => [kind.value, index]));

  const relations: RelationInfo[] = [];
  if (relationships) {
    const { table, from, to, start, end } = relationships;
    const quote = table.columns.find((c) => c.quoteOf);
    const citations = sourceTable ? citationColumn(table, sourceTable) : undefined;
    for (const record of records.get(table.name) ?? []) {
      const subject = entityIndex.get(text(cellOf(record, from)));
      const target = entityIndex.get(text(cellOf(record, to)));
      const kind = text(cellOf(record, relationships.kind));
      if (subject === undefined || target === undefined) continue;
      if (!kindIndex.has(kind))
        kindIndex.set(
          kind,
          kinds.push({ value: kind, label: edgeStyle(kind).label, meaning: '', color: edgeStyle(kind).color, line: edgeStyle(kind).style, twoWay: false }) - 1,
        );
      const optional = (name: string, value: string): Record<string, string> => (value ? { [name]: value } : {});
      const started = statedDate(record, start);
      const ended = statedDate(record, end);
      relations.push({
        id: String(record[table.primaryKey]),
        from: subject,
        to: target,
        kind: kindIndex.get(kind)!,
        ...(started ? { start: started } : {}),
        ...(ended ? { end: ended } : {}),
        ...optional('role', text(cellOf(record, ROLE))),
        ...optional('certainty', text(cellOf(record, CERTAINTY))),
        ...optional('quote', text(cellOf(record, quote))),
        ...optional('notes', text(cellOf(record, NOTES))),
        sources: list(cellOf(record, citations)).flatMap((id) => (sourceIndex.has(id) ? [sourceIndex.get(id)!] : [])),
      });
    }
  }
  // In time order (by the first day each can mean, undated last), then by id: the order of every list.
  const firstDay = (r: RelationInfo): number => (r.start ?? r.end)?.earliest ?? Infinity;
  relations.sort((a, b) => firstDay(a) - firstDay(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const dated = relations.flatMap((r) => [r.start, r.end].flatMap((d) => (d ? [d] : [])));
  const earliest = Math.min(...dated.map((b) => b.earliest));
  const latest = Math.max(...dated.map((b) => b.latest));
  // From the month before the first date, so the page can show the network before anything happened.
  const first = dated.length ? addMonths(earliest, -1) : 0;
  const last = dated.length ? latest : 0;

  const layout = await networkLayout(
    nodes,
    relations.map((r) => [nodes[r.from]!.id, nodes[r.to]!.id] as const),
  );
  const entities: EntityInfo[] = nodes.map((node) => ({ ...node, ...layout.nodes.get(node.id)! }));
  const certainties = relationships?.table.columns.find((c) => c.name === CERTAINTY)?.enumDescriptions ?? {};
  return { first, last, width: layout.width, height: layout.height, kinds, nodeKinds: [...nodeKinds.values()], entities, relations, sources, certainties };
}
