import type { RowRecord } from '../model/cell-validator.ts';
import type { DatasetModel, TableModel } from '../model/types.ts';

export interface FieldChange {
  readonly column: string;
  readonly before: string;
  readonly after: string;
}

/** A row whose id stayed and some of whose cells changed. */
export interface RowChange {
  readonly id: string;
  readonly record: RowRecord;
  readonly fields: readonly FieldChange[];
}

/** A cell of another row that changed only because an id it refers to was renamed. */
export interface ReferenceUpdate {
  readonly file: string;
  readonly id: string;
  readonly column: string;
}

/** A row whose id changed while everything else stayed (references to renamed rows followed). */
export interface Rename {
  readonly from: string;
  readonly to: string;
  readonly record: RowRecord;
  readonly references: readonly ReferenceUpdate[];
}

export interface TableDiff {
  readonly table: string;
  readonly file: string;
  /** The table's file before, when its schema's x-file renamed it. */
  readonly formerFile?: string;
  readonly added: readonly RowRecord[];
  readonly removed: readonly RowRecord[];
  readonly renamed: readonly Rename[];
  readonly changed: readonly RowChange[];
}

export const cellText = (value: string | string[] | undefined): string => (value === undefined ? '' : typeof value === 'string' ? value : value.join('|'));

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Row-level differences between two versions of the dataset, keyed by primary key: rows added and
 * removed, rows renamed (same content under a new id, the references that followed it grouped under
 * the rename), and for kept ids the cells that changed. Tables are compared in dependency order, so a
 * row that refers to a renamed row is still recognised when its own id was renamed too.
 */
export function diffDataset(
  model: DatasetModel,
  before: ReadonlyMap<string, readonly RowRecord[]>,
  after: ReadonlyMap<string, readonly RowRecord[]>,
): TableDiff[] {
  const renamedIn = new Map<string, Map<string, Rename>>();
  const followed = new Map<Rename, ReferenceUpdate[]>();
  const diffs: TableDiff[] = [];
  for (const table of model.tables) {
    const { diff, references } = diffTable(table, before.get(table.name) ?? [], after.get(table.name) ?? [], renamedIn);
    renamedIn.set(table.name, new Map(diff.renamed.map((r) => [r.from, r])));
    for (const { rename, update } of references) followed.set(rename, [...(followed.get(rename) ?? []), update]);
    diffs.push(diff);
  }
  return diffs.map((d) => ({ ...d, renamed: d.renamed.map((r) => ({ ...r, references: followed.get(r) ?? [] })) }));
}

function diffTable(
  table: TableModel,
  before: readonly RowRecord[],
  after: readonly RowRecord[],
  renamedIn: ReadonlyMap<string, ReadonlyMap<string, Rename>>,
): { diff: TableDiff; references: { rename: Rename; update: ReferenceUpdate }[] } {
  const key = (record: RowRecord): string => cellText(record[table.primaryKey]);
  const old = new Map(before.map((r) => [key(r), r]));
  const current = new Map(after.map((r) => [key(r), r]));
  const columns = [...new Set([...table.columns.map((c) => c.name), ...before.flatMap(Object.keys), ...after.flatMap(Object.keys)])];
  const references = new Map(table.columns.filter((c) => c.references).map((c) => [c.name, c.references!]));

  /** A cell's text as it would read had every renamed id it refers to been renamed. */
  const followRenames = (column: string, text: string): string => {
    const tables = references.get(column);
    if (!tables || text === '') return text;
    return text
      .split('|')
      .map((id) => tables.map((t) => renamedIn.get(t)?.get(id)?.to).find(Boolean) ?? id)
      .join('|');
  };
  /** The renames that turned the ids of `was` into those of `now`. */
  const renamesBehind = (column: string, was: string, now: string): Rename[] => {
    const kept = new Set(now.split('|'));
    return was
      .split('|')
      .filter((id) => !kept.has(id))
      .flatMap((id) => (references.get(column) ?? []).flatMap((t) => renamedIn.get(t)?.get(id) ?? []));
  };
  const content = (record: RowRecord, follow: boolean): string =>
    JSON.stringify(columns.filter((c) => c !== table.primaryKey).map((c) => (follow ? followRenames(c, cellText(record[c])) : cellText(record[c]))));

  const addedIds = [...current.keys()].filter((id) => !old.has(id)).sort(byText);
  const removedIds = [...old.keys()].filter((id) => !current.has(id)).sort(byText);

  // A removed row and an added row with the same content are one row renamed.
  const addedByContent = new Map<string, string[]>();
  for (const id of addedIds) {
    const text = content(current.get(id)!, false);
    // Pushed, not copied: many added rows can share their content (a pasted block), and copying is quadratic.
    const same = addedByContent.get(text);
    if (same) same.push(id);
    else addedByContent.set(text, [id]);
  }
  const renamed: Rename[] = [];
  const followedRenames: { rename: Rename; update: ReferenceUpdate }[] = [];
  for (const id of removedIds) {
    const to = addedByContent.get(content(old.get(id)!, true))?.shift();
    if (to === undefined) continue;
    renamed.push({ from: id, to, record: current.get(to)!, references: [] });
    // Its own references that followed other renames are listed under those renames too.
    for (const column of references.keys()) {
      const was = cellText(old.get(id)![column]);
      const now = cellText(current.get(to)![column]);
      if (was !== now) for (const rename of renamesBehind(column, was, now)) followedRenames.push({ rename, update: { file: table.file, id: to, column } });
    }
  }
  const renamedFrom = new Set(renamed.map((r) => r.from));
  const renamedTo = new Set(renamed.map((r) => r.to));

  const changed: RowChange[] = [];
  for (const [id, record] of current) {
    const previous = old.get(id);
    if (!previous) continue;
    const fields: FieldChange[] = [];
    for (const column of columns) {
      const was = cellText(previous[column]);
      const now = cellText(record[column]);
      if (was === now) continue;
      if (followRenames(column, was) === now) {
        for (const rename of renamesBehind(column, was, now)) followedRenames.push({ rename, update: { file: table.file, id, column } });
        continue;
      }
      fields.push({ column, before: was, after: now });
    }
    if (fields.length) changed.push({ id, record, fields });
  }
  const diff: TableDiff = {
    table: table.name,
    file: table.file,
    added: addedIds.filter((id) => !renamedTo.has(id)).map((id) => current.get(id)!),
    removed: removedIds.filter((id) => !renamedFrom.has(id)).map((id) => old.get(id)!),
    renamed,
    changed: changed.sort((a, b) => byText(a.id, b.id)),
  };
  return { diff, references: followedRenames };
}

export const isEmptyDiff = (diffs: readonly TableDiff[]): boolean =>
  diffs.every((d) => !d.added.length && !d.removed.length && !d.renamed.length && !d.changed.length);
