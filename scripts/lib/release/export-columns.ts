import { labelColumn as labelledBy } from '../model/relationships.ts';
import type { ColumnModel, DatasetModel, TableModel } from '../model/types.ts';

/** Tables sharing an id space (actors and groups), which exports join into one table of entities. */
export interface Namespace {
  readonly name: string;
  readonly tables: readonly TableModel[];
}

export function sharedNamespaces(model: DatasetModel): Namespace[] {
  const names = [...new Set(model.tables.map((t) => t.idNamespace))];
  return names.map((name) => ({ name, tables: model.tables.filter((t) => t.idNamespace === name) })).filter((namespace) => namespace.tables.length > 1);
}

/** `actor` for the actors table: the row type's name in lower case. */
export function entityType(table: TableModel): string {
  return table.title.toLowerCase();
}

/** The name of the column that names a row, for views and graph labels (see model/relationships.ts), else the key. */
export function labelColumn(table: TableModel): string {
  return labelledBy(table)?.name ?? table.primaryKey;
}

/** The single table a reference column points into, or the shared namespace when it points into several. */
export function referenceTarget(model: DatasetModel, column: ColumnModel): { table: string; key: string } | undefined {
  const targets = column.references ?? [];
  if (targets.length === 0) return undefined;
  if (targets.length === 1) {
    const table = model.tables.find((t) => t.name === targets[0]);
    return table ? { table: table.name, key: table.primaryKey } : undefined;
  }
  const namespace = sharedNamespaces(model).find((n) => targets.every((t) => n.tables.some((table) => table.name === t)));
  return namespace ? { table: namespace.name, key: 'id' } : undefined;
}

/** The SQLite view of a table with the names and types of the entities its reference columns point at. */
export const namedViewName = (table: TableModel): string => `${table.name}_named`;

/** The view's columns giving the name and the type of what a reference column points at: `subject_id` → `subject_name`, `subject_type`. */
export function namedViewColumns(column: ColumnModel): { name: string; type: string } {
  const stem = column.name.replace(/_id$/, '');
  return { name: `${stem}_name`, type: `${stem}_type` };
}
