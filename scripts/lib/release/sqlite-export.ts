import initSqlJs from 'sql.js';
import type { RowRecord } from '../model/cell-validator.ts';
import type { ColumnModel, DatasetModel, TableModel } from '../model/types.ts';
import { entityType, exportValue, labelColumn, referenceTarget, sharedNamespaces, type ExportDate } from './export-columns.ts';

type Records = ReadonlyMap<string, readonly RowRecord[]>;

const quoteName = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Link table of a list column: actor_sources for actors.source_ids, actor_aliases for actors.aliases. */
export function linkTableName(table: TableModel, column: ColumnModel): string {
  const target = column.references?.length === 1 ? column.references[0] : undefined;
  return `${entityType(table)}_${target ?? column.name}`;
}

/**
 * The whole dataset as an SQLite database (built in memory with sql.js, so no native code):
 * one table per CSV with primary and foreign keys, list columns also as link tables, a table of
 * entities for id spaces shared by several tables, and a view naming both ends of each relationship.
 */
export async function sqliteDatabase(model: DatasetModel, records: Records): Promise<Uint8Array> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  try {
    db.run('PRAGMA foreign_keys = ON');
    const statements: string[] = [];
    const namespaces = sharedNamespaces(model);
    for (const namespace of namespaces) {
      const types = namespace.tables.map((t) => `'${entityType(t)}'`).join(', ');
      statements.push(
        `CREATE TABLE ${quoteName(namespace.name)} (id TEXT PRIMARY KEY NOT NULL, type TEXT NOT NULL CHECK (type IN (${types})), name TEXT NOT NULL)`,
      );
    }
    for (const table of model.tables) statements.push(...tableDdl(model, table));
    for (const statement of statements) db.run(statement);

    db.run('BEGIN');
    for (const namespace of namespaces) {
      const insert = db.prepare(`INSERT INTO ${quoteName(namespace.name)} (id, type, name) VALUES (?, ?, ?)`);
      for (const table of namespace.tables) {
        for (const record of records.get(table.name) ?? [])
          insert.run([String(record[table.primaryKey]), entityType(table), String(record[labelColumn(table)] ?? '')]);
      }
      insert.free();
    }
    for (const table of model.tables) insertRows(db, table, records.get(table.name) ?? []);
    db.run('COMMIT');
    for (const view of views(model)) db.run(view);
    return db.export();
  } finally {
    db.close();
  }
}

function sqlColumns(column: ColumnModel): string[] {
  return column.date ? [column.name, `${column.name}_earliest`, `${column.name}_latest`] : [column.name];
}

function tableDdl(model: DatasetModel, table: TableModel): string[] {
  const definitions: string[] = [];
  for (const column of table.columns) {
    const notNull = column.required ? ' NOT NULL' : '';
    const primary = column.name === table.primaryKey ? ' PRIMARY KEY' : '';
    const target = !column.list ? referenceTarget(model, column) : undefined;
    const reference = target ? ` REFERENCES ${quoteName(target.table)}(${quoteName(target.key)})` : '';
    const check =
      column.enumValues && !column.list && column.enumValues.length <= 50
        ? ` CHECK (${quoteName(column.name)} IN (${column.enumValues.map((v) => `'${v}'`).join(', ')}))`
        : '';
    definitions.push(`${quoteName(column.name)} TEXT${primary}${notNull}${reference}${check}`);
    if (column.date) definitions.push(`${quoteName(`${column.name}_earliest`)} TEXT`, `${quoteName(`${column.name}_latest`)} TEXT`);
  }
  const namespace = sharedNamespaces(model).find((n) => n.tables.includes(table));
  if (namespace) definitions.push(`FOREIGN KEY (${quoteName(table.primaryKey)}) REFERENCES ${quoteName(namespace.name)}(id)`);
  const statements = [`CREATE TABLE ${quoteName(table.name)} (\n  ${definitions.join(',\n  ')}\n)`];
  for (const column of table.columns) {
    if (column.references && !column.list)
      statements.push(`CREATE INDEX ${quoteName(`${table.name}_${column.name}`)} ON ${quoteName(table.name)}(${quoteName(column.name)})`);
    if (!column.list) continue;
    const link = linkTableName(table, column);
    const owner = `${entityType(table)}_id`;
    const target = referenceTarget(model, column);
    const referenced = target ? model.tables.find((t) => t.name === column.references![0]) : undefined;
    const value = referenced ? `${entityType(referenced)}_id` : 'value';
    const valueReference = target ? ` REFERENCES ${quoteName(target.table)}(${quoteName(target.key)})` : '';
    statements.push(
      `CREATE TABLE ${quoteName(link)} (\n  ${quoteName(owner)} TEXT NOT NULL REFERENCES ${quoteName(table.name)}(${quoteName(table.primaryKey)}),\n  position INTEGER NOT NULL,\n  ${quoteName(value)} TEXT NOT NULL${valueReference},\n  PRIMARY KEY (${quoteName(owner)}, position)\n)`,
      `CREATE INDEX ${quoteName(`${link}_${value}`)} ON ${quoteName(link)}(${quoteName(value)})`,
    );
  }
  return statements;
}

function insertRows(db: import('sql.js').Database, table: TableModel, rows: readonly RowRecord[]): void {
  const names = table.columns.flatMap(sqlColumns);
  const insert = db.prepare(`INSERT INTO ${quoteName(table.name)} (${names.map(quoteName).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`);
  const links = table.columns
    .filter((c) => c.list)
    .map((column) => ({ column, statement: db.prepare(`INSERT INTO ${quoteName(linkTableName(table, column))} VALUES (?, ?, ?)`) }));
  for (const record of rows) {
    const values = table.columns.flatMap((column) => {
      const value = exportValue(column, record);
      if (column.date) return value === null ? [null, null, null] : [(value as ExportDate).edtf, (value as ExportDate).earliest, (value as ExportDate).latest];
      return [value === null ? null : Array.isArray(value) ? value.join('|') : (value as string)];
    });
    insert.run(values);
    for (const { column, statement } of links) {
      const items = exportValue(column, record) as readonly string[] | null;
      items?.forEach((item, position) => statement.run([String(record[table.primaryKey]), position + 1, item]));
    }
  }
  insert.free();
  for (const { statement } of links) statement.free();
}

/** For each table with references into a shared id space: the same rows with the names and types of what they point at. */
function views(model: DatasetModel): string[] {
  return model.tables.flatMap((table) => {
    const ends = table.columns.filter((c) => !c.list && c.references && sharedNamespaces(model).some((n) => n.name === referenceTarget(model, c)?.table));
    if (ends.length === 0) return [];
    const joins = ends.map((c, i) => `JOIN ${quoteName(referenceTarget(model, c)!.table)} AS e${i} ON e${i}.id = t.${quoteName(c.name)}`);
    const extra = ends.flatMap((c, i) => {
      const stem = c.name.replace(/_id$/, '');
      return [`e${i}.name AS ${quoteName(`${stem}_name`)}`, `e${i}.type AS ${quoteName(`${stem}_type`)}`];
    });
    return [`CREATE VIEW ${quoteName(`${table.name}_named`)} AS SELECT t.*, ${extra.join(', ')} FROM ${quoteName(table.name)} AS t ${joins.join(' ')}`];
  });
}
