import { normaliseForQuote, quoteRanges } from '../check/archive.ts';
import type { RowRecord } from '../model/cell-validator.ts';
import { labelColumn } from '../model/relationships.ts';
import type { DatasetModel, TableModel } from '../model/types.ts';
import { changedPassages, quoteTouches, type Passage } from './archive-diff.ts';
import { cellText, diffDataset, type TableDiff } from './row-diff.ts';
import { columnRenames, type SchemaChange } from './schema-diff.ts';

/** One version of the dataset as the diff needs it: the rows of each table and a reader of archived texts. */
export interface DataVersion {
  readonly records: ReadonlyMap<string, readonly RowRecord[]>;
  /** The text of a file below the data directory (`archive/x.txt`), or undefined when there is none. */
  readonly file: (path: string) => string | undefined;
  /** The files in a folder below the data directory (`archive`), as paths like `archive/x.txt`. */
  readonly list: (folder: string) => readonly string[];
  /**
   * The model this version's tables were read with, where its schemas differ from the ones compared
   * in (the base commit's): a table is followed by its name, whatever its file, and its columns by
   * their renames.
   */
  readonly model?: DatasetModel;
}

/** A row whose quote stands in a changed passage of an archived text, or is no longer found in it. */
export interface QuotingRow {
  readonly file: string;
  readonly id: string;
  readonly column: string;
  /** Whether the quote is still in the new text. */
  readonly found: boolean;
}

export interface ArchiveChange {
  readonly path: string;
  /** `moved`: the same text under a new name (`from`), as when its source's id was renamed. */
  readonly status: 'added' | 'removed' | 'changed' | 'moved';
  readonly from?: string;
  /** No row names this file (its name does not match any source id), so no quote is checked against it. */
  readonly unnamed: boolean;
  /** The whole new text, for an added file. */
  readonly text?: string;
  readonly passages: readonly Passage[];
  readonly quotedBy: readonly QuotingRow[];
}

export interface DataDiff {
  /** Changes to the schemas themselves, most consequential first (schema-diff.ts). */
  readonly schema?: readonly SchemaChange[];
  readonly tables: readonly TableDiff[];
  readonly archives: readonly ArchiveChange[];
  /** How to name a row to a reader, by `table/id`: its name or title, from the new version where it exists. */
  readonly labels: ReadonlyMap<string, string>;
}

/** Everything that differs between two versions of the data: rows, and the archived texts quotes are checked against. */
export function compareDatasets(model: DatasetModel, before: DataVersion, after: DataVersion, schema: readonly SchemaChange[] = []): DataDiff {
  const former = new Map((before.model?.tables ?? []).map((t) => [t.name, t]));
  // A table whose schema was removed is still compared, as all its rows removed.
  const compared: DatasetModel = { ...model, tables: [...model.tables, ...[...former.values()].filter((t) => !model.tables.some((n) => n.name === t.name))] };
  const oldRecords = new Map(
    [...before.records].map(([name, rows]) => [
      name,
      renamedColumns(
        rows,
        former.get(name),
        model.tables.find((t) => t.name === name),
      ),
    ]),
  );
  const tables = diffDataset(compared, oldRecords, after.records).map((diff) => {
    const formerFile = former.get(diff.table)?.file;
    return formerFile !== undefined && formerFile !== diff.file && model.tables.some((t) => t.name === diff.table) ? { ...diff, formerFile } : diff;
  });
  return {
    schema,
    tables,
    archives: archiveChanges(model, before, after),
    labels: rowLabels(compared, [before.records, after.records]),
  };
}

/** Rows read with a table's old schema, with the columns renamed since under their new names. */
function renamedColumns(rows: readonly RowRecord[], was: TableModel | undefined, now: TableModel | undefined): readonly RowRecord[] {
  const renames = was && now ? columnRenames(was, now) : new Map<string, string>();
  if (renames.size === 0) return rows;
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([column, value]) => [renames.get(column) ?? column, value])));
}

/** Each row's name or title by `table/id`; later versions win. */
export function rowLabels(model: DatasetModel, versions: readonly DataVersion['records'][]): Map<string, string> {
  const labels = new Map<string, string>();
  for (const records of versions)
    for (const table of model.tables) {
      const column = labelColumn(table);
      if (!column) continue;
      for (const record of records.get(table.name) ?? []) labels.set(`${table.name}/${cellText(record[table.primaryKey])}`, cellText(record[column.name]));
    }
  return labels;
}

function archiveChanges(model: DatasetModel, before: DataVersion, after: DataVersion): ArchiveChange[] {
  const changes: ArchiveChange[] = [];
  for (const table of model.tables.filter((t) => t.archive)) {
    const pathOf = (id: string): string => table.archive!.split('{id}').join(id);
    const ids = new Set([before, after].flatMap((v) => (v.records.get(table.name) ?? []).map((r) => cellText(r[table.primaryKey]))));
    const named = new Map([...ids].map((id) => [pathOf(id), id]));
    // Files no row names are shown too: a text uploaded under the wrong name must not go unseen.
    const folder = table.archive!.slice(0, Math.max(0, table.archive!.lastIndexOf('/')));
    const paths = new Set([...named.keys(), ...before.list(folder), ...after.list(folder)]);
    for (const path of [...paths].sort()) {
      // The diff also runs on data that failed validation: an id that is not a slug names no archive.
      if (path.split('/').some((part) => part === '' || part === '.' || part === '..')) continue;
      const was = before.file(path);
      const now = after.file(path);
      if (was === now || (was === undefined && now === undefined)) continue;
      const passages = was !== undefined && now !== undefined ? changedPassages(was, now) : [];
      if (was !== undefined && now !== undefined && passages.length === 0) continue; // only whitespace or line endings
      const status = was === undefined ? 'added' : now === undefined ? 'removed' : 'changed';
      const id = named.get(path);
      changes.push({
        path,
        status,
        unnamed: id === undefined,
        ...(status === 'added' && now !== undefined ? { text: now } : {}),
        passages,
        quotedBy: id === undefined ? [] : quotingRows(model, after.records, table.name, id, was, now, passages),
      });
    }
  }
  return withMoves(changes, before);
}

/** A removed text and an added one with the same content are one file renamed (with its source, usually). */
function withMoves(changes: ArchiveChange[], before: DataVersion): ArchiveChange[] {
  const removed = new Map(changes.filter((c) => c.status === 'removed').map((c) => [normaliseForQuote(before.file(c.path) ?? ''), c]));
  const moved = new Set<ArchiveChange>();
  const result = changes.map((change) => {
    const from = change.status === 'added' && change.text !== undefined ? removed.get(normaliseForQuote(change.text)) : undefined;
    if (!from || moved.has(from)) return change;
    moved.add(from);
    const { text: _text, ...rest } = change;
    return { ...rest, status: 'moved' as const, from: from.path };
  });
  return result.filter((change) => !moved.has(change));
}

/** Rows of the new version whose quote comes from this archive and stands in a changed passage (every quoting row, for an added or removed file). */
function quotingRows(
  model: DatasetModel,
  records: DataVersion['records'],
  archiveTable: string,
  id: string,
  was: string | undefined,
  now: string | undefined,
  passages: readonly Passage[],
): QuotingRow[] {
  const oldText = was === undefined ? undefined : normaliseForQuote(was);
  const newText = now === undefined ? undefined : normaliseForQuote(now);
  const rows: QuotingRow[] = [];
  for (const table of model.tables)
    for (const column of table.columns) {
      const sources = table.columns.find((c) => c.name === column.quoteOf);
      if (!sources?.references?.includes(archiveTable)) continue;
      for (const record of records.get(table.name) ?? []) {
        const quote = cellText(record[column.name]);
        if (quote === '' || cellText(record[sources.name]).split('|')[0] !== id) continue;
        const found = newText !== undefined && quoteRanges(quote, newText) !== undefined;
        const touched =
          oldText === undefined ||
          newText === undefined ||
          !found ||
          quoteTouches(
            quote,
            oldText,
            passages.map((p) => p.before),
          ) ||
          quoteTouches(
            quote,
            newText,
            passages.map((p) => p.after),
          );
        if (touched) rows.push({ file: table.file, id: cellText(record[table.primaryKey]), column: column.name, found });
      }
    }
  return rows;
}
