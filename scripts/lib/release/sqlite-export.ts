import initSqlJs from 'sql.js';
import { relationshipTable } from '../model/relationships.ts';
import type { ColumnModel, DatasetModel, TableModel } from '../model/types.ts';
import { releaseStamp, type ReleaseIdentity } from './citation.ts';
import { entityType, namedViewColumns, namedViewName, referenceTarget, sharedNamespaces } from './export-columns.ts';
import { valueText, type ReleaseColumn, type ReleaseTable } from './release-tables.ts';

const quoteName = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const sqlText = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** Link table of a list column: actor_sources for actors.source_ids, actor_aliases for actors.aliases. */
export function linkTableName(table: TableModel, column: ColumnModel): string {
  const target = column.references?.length === 1 ? column.references[0] : undefined;
  return `${entityType(table)}_${target ?? column.name}`;
}

/** The tables that describe the others, so the database carries its own codebook. */
export const CODEBOOK_TABLES = {
  columns: 'codebook_columns',
  values: 'codebook_values',
} as const;

/** The table of facts about the database itself (dataset, version, licence…): a database passed on alone still says them. */
export const RELEASE_TABLE = 'release';

/** The view of relationships aimed at a leader that also reach what he leads (x-throughLeader). */
export const throughLeadersView = (table: TableModel): string => `${table.name}_through_leaders`;

/**
 * The whole dataset as an SQLite database (built in memory with sql.js, so no native code): every
 * release table with primary and foreign keys (dates with their bounds and precision), list columns
 * also as link tables, a view naming both ends of each relationship, and the codebook as two tables:
 * every column with its description, and every allowed value with its meaning.
 */
export async function sqliteDatabase(model: DatasetModel, tables: readonly ReleaseTable[], release: ReleaseIdentity): Promise<Uint8Array> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  try {
    db.run('PRAGMA foreign_keys = ON');
    for (const table of tables) for (const statement of tableDdl(model, table)) db.run(statement);
    db.run(
      `CREATE TABLE ${CODEBOOK_TABLES.columns} (table_name TEXT NOT NULL, column_name TEXT NOT NULL, position INTEGER NOT NULL, kind TEXT NOT NULL, required INTEGER NOT NULL, description TEXT NOT NULL, PRIMARY KEY (table_name, column_name))`,
    );
    db.run(
      `CREATE TABLE ${CODEBOOK_TABLES.values} (table_name TEXT NOT NULL, column_name TEXT NOT NULL, value TEXT NOT NULL, meaning TEXT NOT NULL, PRIMARY KEY (table_name, column_name, value), FOREIGN KEY (table_name, column_name) REFERENCES ${CODEBOOK_TABLES.columns}(table_name, column_name))`,
    );
    db.run(`CREATE TABLE ${quoteName(RELEASE_TABLE)} (key TEXT PRIMARY KEY, value TEXT NOT NULL, description TEXT NOT NULL)`);
    db.run('BEGIN');
    const stamp = db.prepare(`INSERT INTO ${quoteName(RELEASE_TABLE)} VALUES (?, ?, ?)`);
    for (const { key, value, description } of releaseStamp(release)) stamp.run([key, value, description]);
    stamp.free();
    for (const table of tables) insertRows(db, table);
    const describeColumn = db.prepare(`INSERT INTO ${CODEBOOK_TABLES.columns} VALUES (?, ?, ?, ?, ?, ?)`);
    const describeValue = db.prepare(`INSERT INTO ${CODEBOOK_TABLES.values} VALUES (?, ?, ?, ?)`);
    for (const table of tables)
      table.columns.forEach((column, index) => {
        describeColumn.run([table.name, column.name, index + 1, column.kind, column.required ? 1 : 0, column.description]);
        for (const { value, meaning } of column.categories ?? []) describeValue.run([table.name, column.name, value, meaning]);
      });
    describeColumn.free();
    describeValue.free();
    db.run('COMMIT');
    for (const view of views(model)) db.run(view);
    return db.export();
  } finally {
    db.close();
  }
}

function tableDdl(model: DatasetModel, table: ReleaseTable): string[] {
  const definitions: string[] = [];
  for (const column of table.columns) {
    const notNull = column.required ? ' NOT NULL' : '';
    const primary = column.name === table.primaryKey ? ' PRIMARY KEY' : '';
    const target = column.kind !== 'list' && column.source ? referenceTarget(model, column.source) : undefined;
    const reference = target ? ` REFERENCES ${quoteName(target.table)}(${quoteName(target.key)})` : '';
    const check = column.categories ? ` CHECK (${quoteName(column.name)} IN (${column.categories.map((c) => sqlText(c.value)).join(', ')}))` : '';
    definitions.push(`${quoteName(column.name)} TEXT${primary}${notNull}${reference}${check}`);
  }
  const namespace = table.table && sharedNamespaces(model).find((n) => n.tables.includes(table.table!));
  if (namespace) definitions.push(`FOREIGN KEY (${quoteName(table.primaryKey)}) REFERENCES ${quoteName(namespace.name)}(id)`);
  const statements = [`CREATE TABLE ${quoteName(table.name)} (\n  ${definitions.join(',\n  ')}\n)`];
  if (!table.table) return statements;
  const dataTable = table.table;
  for (const column of dataTable.columns) {
    if (column.references && !column.list)
      statements.push(`CREATE INDEX ${quoteName(`${table.name}_${column.name}`)} ON ${quoteName(table.name)}(${quoteName(column.name)})`);
    if (!column.list) continue;
    const link = linkTableName(dataTable, column);
    const owner = `${entityType(dataTable)}_id`;
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

function insertRows(db: import('sql.js').Database, table: ReleaseTable): void {
  const names = table.columns.map((c) => c.name);
  const insert = db.prepare(`INSERT INTO ${quoteName(table.name)} (${names.map(quoteName).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`);
  const links = table.table
    ? table.columns
        .filter((c): c is ReleaseColumn & { source: ColumnModel } => c.kind === 'list' && !!c.source)
        .map((column) => ({ column, statement: db.prepare(`INSERT INTO ${quoteName(linkTableName(table.table!, column.source))} VALUES (?, ?, ?)`) }))
    : [];
  for (const row of table.rows) {
    insert.run(table.columns.map((column) => (row[column.name] === null ? null : valueText(row[column.name]!))));
    for (const { column, statement } of links) {
      const items = row[column.name] as readonly string[] | null;
      items?.forEach((item, position) => statement.run([String(row[table.primaryKey]), position + 1, item]));
    }
  }
  insert.free();
  for (const { statement } of links) statement.free();
}

/** For each table with references into a shared id space: the same rows with the names and types of what they point at. */
function views(model: DatasetModel): string[] {
  return [...namedViews(model), ...throughLeaderViews(model)];
}

/**
 * Relationships of the kinds in x-throughLeader (pledges, withdrawals), each once as stated and once more
 * for every group its target leads (the kind x-throughLeader maps it to): `reached_id` is then that
 * group and `through_leader_id` the leader. So a pledge to al-Baghdadi is found by a query on Islamic
 * State too, and `through_leader_id IS NULL` keeps only what the sources state. Dates are not compared:
 * the leadership is the one the sources report, whenever it held.
 */
function throughLeaderViews(model: DatasetModel): string[] {
  const relationships = relationshipTable(model);
  const through = relationships?.kind.throughLeader;
  if (!relationships || !through) return [];
  const { table, kind, from, to } = relationships;
  const target = referenceTarget(model, to);
  const [k, f, t] = [kind, from, to].map((c) => quoteName(c.name));
  const name = quoteName(table.name);
  const selects = Object.entries(through).map(([reaching, leads]) => {
    const stated = `SELECT r.*, r.${t} AS reached_id, NULL AS through_leader_id FROM ${name} AS r WHERE r.${k} = ${sqlText(reaching)}`;
    const led = `SELECT r.*, l.${t} AS reached_id, r.${t} AS through_leader_id FROM ${name} AS r JOIN ${name} AS l ON l.${f} = r.${t} AND l.${k} = ${sqlText(leads)} WHERE r.${k} = ${sqlText(reaching)}`;
    return `${stated} UNION ALL ${led}`;
  });
  const named = target
    ? `SELECT v.*, e.name AS reached_name FROM (${selects.join(' UNION ALL ')}) AS v JOIN ${quoteName(target.table)} AS e ON e.${quoteName(target.key)} = v.reached_id`
    : selects.join(' UNION ALL ');
  return [`CREATE VIEW ${quoteName(throughLeadersView(table))} AS ${named}`];
}

function namedViews(model: DatasetModel): string[] {
  return model.tables.flatMap((table) => {
    const ends = table.columns.filter((c) => !c.list && c.references && sharedNamespaces(model).some((n) => n.name === referenceTarget(model, c)?.table));
    if (ends.length === 0) return [];
    const joins = ends.map((c, i) => `JOIN ${quoteName(referenceTarget(model, c)!.table)} AS e${i} ON e${i}.id = t.${quoteName(c.name)}`);
    const extra = ends.flatMap((c, i) => {
      const { name, type } = namedViewColumns(c);
      return [`e${i}.name AS ${quoteName(name)}`, `e${i}.type AS ${quoteName(type)}`];
    });
    return [`CREATE VIEW ${quoteName(namedViewName(table))} AS SELECT t.*, ${extra.join(', ')} FROM ${quoteName(table.name)} AS t ${joins.join(' ')}`];
  });
}
