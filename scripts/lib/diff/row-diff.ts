import type { RowRecord } from '../model/cell-validator.ts';
import type { DatasetModel, TableModel } from '../model/types.ts';

export interface FieldChange {
  readonly column: string;
  readonly before: string;
  readonly after: string;
}

export interface TableDiff {
  readonly table: string;
  readonly file: string;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly { readonly id: string; readonly fields: readonly FieldChange[] }[];
}

const cellText = (value: string | string[] | undefined): string => (value === undefined ? '' : typeof value === 'string' ? value : value.join('|'));

/** Row-level differences keyed by primary key: ids added, ids removed, and for kept ids the fields that changed. */
export function diffTable(table: TableModel, before: readonly RowRecord[], after: readonly RowRecord[]): TableDiff {
  const key = (record: RowRecord): string => cellText(record[table.primaryKey]);
  const old = new Map(before.map((r) => [key(r), r]));
  const current = new Map(after.map((r) => [key(r), r]));
  const columns = [...new Set([...table.columns.map((c) => c.name), ...before.flatMap(Object.keys)])];
  const changed = [...current]
    .filter(([id]) => old.has(id))
    .map(([id, record]) => ({
      id,
      fields: columns
        .map((column) => ({ column, before: cellText(old.get(id)![column]), after: cellText(record[column]) }))
        .filter((change) => change.before !== change.after),
    }))
    .filter((row) => row.fields.length > 0);
  const sorted = (ids: Iterable<string>): string[] => [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    table: table.name,
    file: table.file,
    added: sorted([...current.keys()].filter((id) => !old.has(id))),
    removed: sorted([...old.keys()].filter((id) => !current.has(id))),
    changed: changed.sort((a, b) => (a.id < b.id ? -1 : 1)),
  };
}

export function diffDataset(
  model: DatasetModel,
  before: ReadonlyMap<string, readonly RowRecord[]>,
  after: ReadonlyMap<string, readonly RowRecord[]>,
): TableDiff[] {
  return model.tables.map((table) => diffTable(table, before.get(table.name) ?? [], after.get(table.name) ?? []));
}

export const isEmptyDiff = (diffs: readonly TableDiff[]): boolean => diffs.every((d) => !d.added.length && !d.removed.length && !d.changed.length);

const counts = (d: TableDiff): string => `${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed`;

/** Plain text for a terminal. */
export function diffText(diffs: readonly TableDiff[], title: string): string {
  const lines = [title, ''];
  for (const d of diffs) {
    lines.push(`${d.file}: ${counts(d)}`);
    for (const id of d.added) lines.push(`  + ${id}`);
    for (const id of d.removed) lines.push(`  - ${id}`);
    for (const { id, fields } of d.changed) {
      lines.push(`  ~ ${id}`);
      for (const f of fields) lines.push(`      ${f.column}: ${JSON.stringify(f.before)} → ${JSON.stringify(f.after)}`);
    }
  }
  if (isEmptyDiff(diffs)) lines.push('No rows changed.');
  return `${lines.join('\n')}\n`;
}

const md = (text: string): string => (text === '' ? '∅' : `\`${text.replace(/`/g, 'ˋ').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')}\``);

/** Markdown for a pull request's job summary or a changelog section. */
export function diffMarkdown(diffs: readonly TableDiff[], title: string, heading = '###'): string {
  const lines = [`${heading} ${title}`, ''];
  if (isEmptyDiff(diffs)) return `${[...lines, 'No rows changed.'].join('\n')}\n`;
  lines.push(
    '| Table | Added | Removed | Changed |',
    '|---|---|---|---|',
    ...diffs.map((d) => `| ${d.file} | ${d.added.length} | ${d.removed.length} | ${d.changed.length} |`),
    '',
  );
  for (const d of diffs) {
    if (!d.added.length && !d.removed.length && !d.changed.length) continue;
    lines.push(`${heading}# ${d.file}`, '');
    if (d.added.length) lines.push(`Added: ${d.added.map(md).join(', ')}`, '');
    if (d.removed.length) lines.push(`Removed: ${d.removed.map(md).join(', ')}`, '');
    if (d.changed.length) {
      lines.push('| Row | Column | Before | After |', '|---|---|---|---|');
      for (const { id, fields } of d.changed) for (const f of fields) lines.push(`| ${md(id)} | ${f.column} | ${md(f.before)} | ${md(f.after)} |`);
      lines.push('');
    }
  }
  return `${lines.join('\n')}\n`;
}
