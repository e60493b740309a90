import type { ColumnModel, DatasetModel, TableModel } from './types.ts';

/**
 * The table of relationships between entities, as the schemas declare it: the table with a column
 * that carries `x-endpoints` (the relationship's kind), whose keys name the two end columns. Every
 * reader of relationships (diff, pictures, release) finds them here.
 */
export interface RelationshipTable {
  readonly table: TableModel;
  /** The column whose value is the kind of relationship, read as `from kind to`. */
  readonly kind: ColumnModel;
  /** The two end columns, in schema order: the subject, then the target. */
  readonly from: ColumnModel;
  readonly to: ColumnModel;
  /** The date columns that open and close a relationship, when the table has them. */
  readonly start?: ColumnModel;
  readonly end?: ColumnModel;
}

export function relationshipTable(model: DatasetModel): RelationshipTable | undefined {
  for (const table of model.tables) {
    const kind = table.columns.find((c) => c.endpoints);
    if (!kind) continue;
    const endNames = new Set(Object.values(kind.endpoints!).flatMap((ends) => Object.keys(ends)));
    const [from, to] = table.columns.filter((c) => endNames.has(c.name));
    if (from && to) return { table, kind, from, to, ...dateSpan(table) };
  }
  return undefined;
}

/**
 * The column that names a row to a person: its name key (`x-nameKey`, not a list), or else the first
 * required text column after the key that is neither a list, a reference, a date, a category nor a
 * quote (a source's title). A relationship has none.
 */
export function labelColumn(table: TableModel): ColumnModel | undefined {
  return (
    table.columns.find((c) => c.nameKey && !c.list) ??
    table.columns.find((c) => c.required && c.name !== table.primaryKey && !c.list && !c.references && !c.date && !c.enumValues && !c.quoteOf)
  );
}

/** The list column of a row's other names (`x-nameKey`, a list): an actor's or a group's aliases. */
export function aliasColumn(table: TableModel): ColumnModel | undefined {
  return table.columns.find((c) => c.nameKey && c.list);
}

/** The date columns that open and close a row's span: the one another date must not precede, and that other one. */
export function dateSpan(table: TableModel): { start?: ColumnModel; end?: ColumnModel } {
  const end = table.columns.find((c) => c.date && c.notBefore);
  const start = table.columns.find((c) => c.date && (end ? c.name === end.notBefore : !c.list));
  return { ...(start ? { start } : {}), ...(end ? { end } : {}) };
}

/**
 * The column that sorts a row into kinds (a group's kind): its first single-valued column of allowed
 * values. An actor has none.
 */
export function categoryColumn(table: TableModel): ColumnModel | undefined {
  return table.columns.find((c) => c.enumValues && !c.list);
}

/** The list column naming the rows of `sources` that a row rests on (its source ids), when it has one. */
export function citationColumn(table: TableModel, sources: TableModel): ColumnModel | undefined {
  return table.columns.find((c) => c.list && c.references?.includes(sources.name));
}
