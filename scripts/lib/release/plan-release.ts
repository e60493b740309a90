import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readFileInside } from '../files/confined.ts';
import type { DatasetModel } from '../model/types.ts';
import { readRecords } from '../read/read-dataset.ts';
import type { RowRecord } from '../model/cell-validator.ts';
import { rowLabels } from '../diff/compare.ts';
import { diffReport } from '../diff/diff-report.ts';
import { diffDataset, type TableDiff } from '../diff/row-diff.ts';
import type { Git } from '../diff/git.ts';
import { bumpAtLeast, bumpBetween, compareVersions, requiredBump, type ReleaseManifest } from './manifest.ts';

/** Where the repository keeps what each release recorded. */
export const RELEASES_DIR = 'releases';

export interface RecordedRelease {
  readonly version: string;
  readonly manifest: ReleaseManifest;
  /** The changelog section written when it was released. */
  readonly changes: string;
}

export function recordedReleases(repoDir: string): RecordedRelease[] {
  const dir = join(repoDir, RELEASES_DIR);
  if (!existsSync(dir)) return [];
  return (
    readdirSync(dir)
      .filter((version) => existsSync(join(dir, version, 'manifest.json')))
      // Files of the repository's releases/ only: a link out of it is refused, never followed.
      .map((version) => ({
        version,
        manifest: JSON.parse(textInside(dir, `${version}/manifest.json`)) as ReleaseManifest,
        changes: existsSync(join(dir, version, 'CHANGES.md')) ? textInside(dir, `${version}/CHANGES.md`) : '',
      }))
      .sort((a, b) => compareVersions(b.version, a.version))
  );
}

const textInside = (root: string, path: string): string => new TextDecoder().decode(readFileInside(root, path));

/** Why a version number cannot be released, or undefined when it can. */
export function versionProblem(version: string, next: ReleaseManifest, released: readonly RecordedRelease[]): string | undefined {
  const latest = released[0];
  if (!latest) return undefined;
  if (compareVersions(version, latest.version) <= 0) return `${version} is not newer than the latest release, ${latest.version}.`;
  const { bump, reasons } = requiredBump(latest.manifest, next);
  const actual = bumpBetween(latest.version, version);
  if (!bumpAtLeast(actual, bump))
    return `${version} is a ${actual} release after ${latest.version}, but the changes need a ${bump} release: ${reasons.join('; ')}.`;
  return undefined;
}

/** Records of every table as of a git commit, for diffs; tables missing there are empty. */
export async function recordsAt(git: Git, ref: string, model: DatasetModel, dataPath: string): Promise<Map<string, RowRecord[]>> {
  const tables = new Map<string, RowRecord[]>();
  for (const table of model.tables) {
    const bytes = git.show(ref, `${dataPath}/${table.file}`);
    tables.set(table.name, bytes ? await readRecords(table, bytes) : []);
  }
  return tables;
}

/** The changelog section of a new version: the row diff since the previous release. */
export async function changesSection(options: {
  version: string;
  date: string | undefined;
  model: DatasetModel;
  current: ReadonlyMap<string, readonly RowRecord[]>;
  previous: RecordedRelease | undefined;
  git: Git;
  dataPath: string;
}): Promise<string> {
  const { version, date, model, current, previous, git } = options;
  const heading = `## ${version}${date ? ` (${date})` : ''}`;
  const renames = renamedColumns(model, previous);
  if (!previous) {
    const counts = model.tables.map((t) => `${current.get(t.name)?.length ?? 0} ${t.name}`).join(', ');
    return `${heading}\n\nFirst release: ${counts}.\n${renames}`;
  }
  const base = previous.manifest.commit ? git.resolve(previous.manifest.commit) : undefined;
  let diffs: TableDiff[];
  if (base) {
    diffs = diffDataset(model, await recordsAt(git, base, model, options.dataPath), current);
  } else {
    // Without the previous commit, the manifest's row hashes still tell which rows were added, removed or changed.
    diffs = model.tables.map((table) => {
      const before = previous.manifest.tables[table.name]?.rowHashes ?? {};
      const rows = current.get(table.name) ?? [];
      const now = new Set(rows.map((r) => String(r[table.primaryKey])));
      return {
        table: table.name,
        file: table.file,
        added: rows.filter((r) => !(String(r[table.primaryKey]) in before)),
        removed: Object.keys(before)
          .filter((id) => !now.has(id))
          .sort()
          .map((id) => ({ [table.primaryKey]: id })),
        renamed: [],
        changed: [],
      };
    });
  }
  // Archived texts are not compared here: the changelog lists rows; the sources that cite new texts are among them.
  const report = diffReport(model, { tables: diffs, archives: [], labels: rowLabels(model, [current]) }, `Changes since ${previous.version}`, {
    format: 'markdown',
  });
  return `${heading}\n${renames}\n${report.replace(/^### Changes since [^\n]*\n\n/, '')}`;
}

/**
 * Columns renamed (x-formerly) since the previous release, or, for a first release, since the
 * repository's earlier copies of the data: a line for the changelog, or nothing.
 */
function renamedColumns(model: DatasetModel, previous: RecordedRelease | undefined): string {
  const renamed = model.tables.flatMap((table) =>
    table.columns
      .filter((c) => c.formerly && (!previous || (previous.manifest.schema[table.name]?.[c.formerly] && !previous.manifest.schema[table.name]?.[c.name])))
      .map((c) => `\`${table.name}.${c.formerly}\` is now \`${c.name}\``),
  );
  return renamed.length ? `\nRenamed columns: ${renamed.join(', ')}.\n` : '';
}

export function changelog(sections: readonly string[]): string {
  return `# Changelog\n\nWhat changed in the data in each release, newest first. Rows are identified by their id.\n\n${sections.join('\n')}`;
}
