import { createHash } from 'node:crypto';
import type { RowRecord } from '../model/cell-validator.ts';
import type { ColumnModel, DatasetModel } from '../model/types.ts';
import type { ReleaseIdentity } from './citation.ts';

/** What a release recorded about its data and schemas, kept in releases/<version>/manifest.json. */
export interface ReleaseManifest {
  readonly version: string;
  /** The commit the release was built from, when known; the base of the next changelog. */
  readonly commit: string | null;
  /** The release date its files carry (CITATION.cff, datapackage.json, the workbook), so a rebuild on a later commit gives the same bytes. */
  readonly date?: string;
  readonly schema: Record<string, Record<string, ColumnFingerprint>>;
  readonly tables: Record<string, { readonly rows: number; readonly sha256: string; readonly rowHashes: Record<string, string> }>;
}

/** The facts about a column that a data user's code can depend on. */
export interface ColumnFingerprint {
  readonly type: string;
  readonly list: boolean;
  readonly required: boolean;
  readonly pattern?: string;
  readonly enum?: readonly string[];
  readonly maxLength?: number;
  readonly references?: readonly string[];
}

export type Bump = 'major' | 'minor' | 'patch' | 'none';
const ORDER: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

export const sha256 = (bytes: string | Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function fingerprint(column: ColumnModel): ColumnFingerprint {
  return {
    type: column.typeTitle,
    list: column.list,
    required: column.required,
    ...(column.pattern ? { pattern: column.pattern } : {}),
    ...(column.enumValues ? { enum: column.enumValues } : {}),
    ...(column.maxLength !== undefined ? { maxLength: column.maxLength } : {}),
    ...(column.references ? { references: column.references } : {}),
  };
}

export function buildManifest(
  model: DatasetModel,
  { version, date, commit }: ReleaseIdentity,
  canonicalCsv: ReadonlyMap<string, string>,
  records: ReadonlyMap<string, readonly RowRecord[]>,
): ReleaseManifest {
  return {
    version,
    commit: commit ?? null,
    ...(date ? { date } : {}),
    schema: Object.fromEntries(model.tables.map((t) => [t.name, Object.fromEntries(t.columns.map((c) => [c.name, fingerprint(c)]))])),
    tables: Object.fromEntries(
      model.tables.map((table) => {
        const rows = records.get(table.name) ?? [];
        const rowHashes = Object.fromEntries(
          rows.map((record) => [String(record[table.primaryKey]), sha256(JSON.stringify(table.columns.map((c) => record[c.name] ?? null))).slice(0, 16)]),
        );
        return [table.name, { rows: rows.length, sha256: sha256(canonicalCsv.get(table.name) ?? ''), rowHashes }];
      }),
    ),
  };
}

/**
 * The smallest version bump the change from `previous` to `next` allows (Frictionless data-package-version
 * rules): a removed column, a changed type or a tightened constraint, or removed rows, is major; new rows
 * or columns, or loosened constraints, minor; corrected values patch.
 */
export function requiredBump(previous: ReleaseManifest, next: ReleaseManifest): { bump: Bump; reasons: string[] } {
  const reasons: [Bump, string][] = [];
  for (const [table, columns] of Object.entries(previous.schema)) {
    const now = next.schema[table];
    if (!now) {
      reasons.push(['major', `table ${table} was removed`]);
      continue;
    }
    for (const [name, before] of Object.entries(columns)) {
      const after = now[name];
      if (!after) reasons.push(['major', `column ${table}.${name} was removed or renamed`]);
      else reasons.push(...compareColumn(`${table}.${name}`, before, after));
    }
    for (const name of Object.keys(now)) if (!columns[name]) reasons.push(['minor', `column ${table}.${name} was added`]);
  }
  for (const table of Object.keys(next.schema)) if (!previous.schema[table]) reasons.push(['minor', `table ${table} was added`]);
  for (const [table, after] of Object.entries(next.tables)) {
    const before = previous.tables[table]?.rowHashes ?? {};
    const removed = Object.keys(before).filter((id) => !(id in after.rowHashes)).length;
    const added = Object.keys(after.rowHashes).filter((id) => !(id in before)).length;
    const changed = Object.keys(after.rowHashes).filter((id) => id in before && before[id] !== after.rowHashes[id]).length;
    if (removed) reasons.push(['major', `${removed} row(s) of ${table} were removed`]);
    if (added) reasons.push(['minor', `${added} row(s) were added to ${table}`]);
    if (changed) reasons.push(['patch', `${changed} row(s) of ${table} were corrected`]);
  }
  const bump = reasons.reduce<Bump>((worst, [b]) => (ORDER[b] > ORDER[worst] ? b : worst), 'none');
  return { bump, reasons: reasons.filter(([b]) => b === bump).map(([, reason]) => reason) };
}

function compareColumn(where: string, before: ColumnFingerprint, after: ColumnFingerprint): [Bump, string][] {
  const out: [Bump, string][] = [];
  if (before.type !== after.type || before.list !== after.list) out.push(['major', `${where} changed type`]);
  if (!before.required && after.required) out.push(['major', `${where} became required`]);
  if (before.required && !after.required) out.push(['minor', `${where} became optional`]);
  if (before.pattern !== after.pattern) out.push(['major', `${where} changed its pattern`]);
  if ((after.maxLength ?? Infinity) < (before.maxLength ?? Infinity)) out.push(['major', `${where} allows shorter values`]);
  if ((after.maxLength ?? Infinity) > (before.maxLength ?? Infinity)) out.push(['minor', `${where} allows longer values`]);
  const removed = (before.enum ?? []).filter((v) => !(after.enum ?? []).includes(v));
  const added = (after.enum ?? []).filter((v) => !(before.enum ?? []).includes(v));
  if (after.enum && removed.length) out.push(['major', `${where} no longer allows ${removed.join(', ')}`]);
  if (before.enum && added.length) out.push(['minor', `${where} now also allows ${added.join(', ')}`]);
  if (JSON.stringify(before.references) !== JSON.stringify(after.references)) out.push(['major', `${where} references other tables`]);
  return out;
}

export function parseVersion(version: string): [number, number, number] | undefined {
  const match = version.match(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

export function compareVersions(a: string, b: string): number {
  const [x, y] = [parseVersion(a)!, parseVersion(b)!];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/** The bump from one version to the next: 0.1.0 → 0.2.0 is minor. */
export function bumpBetween(previous: string, next: string): Bump {
  const [a, b] = [parseVersion(previous)!, parseVersion(next)!];
  if (b[0] > a[0]) return 'major';
  if (b[0] === a[0] && b[1] > a[1]) return 'minor';
  if (b[0] === a[0] && b[1] === a[1] && b[2] > a[2]) return 'patch';
  return 'none';
}

export const bumpAtLeast = (actual: Bump, required: Bump): boolean => ORDER[actual] >= ORDER[required];
