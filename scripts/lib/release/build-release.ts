import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { RowRecord } from '../model/cell-validator.ts';
import type { DatasetModel } from '../model/types.ts';
import { readRecords } from '../read/read-dataset.ts';
import { readFileInside, requirePlainFile, writeInside } from '../files/confined.ts';
import { readCsvBytes } from '../read/read-csv.ts';
import { canonicalTable } from '../write/canonical-csv.ts';
import { FileWriteError, writeFileAtomic, writing } from '../write/atomic-write.ts';
import { dataPackage, PACKAGE_NAME } from './datapackage.ts';
import { graphml } from './graphml-export.ts';
import { renderedFiles } from '../render/render.ts';
import { tableJson } from './json-export.ts';
import { buildManifest, sha256, type ReleaseManifest } from './manifest.ts';
import { tableParquet } from './parquet-export.ts';
import { citationCff, RELEASE_LICENSE, releaseReadme } from './release-docs.ts';
import { codebookBlocks, codebookMarkdown, readCodingRules } from './codebook.ts';
import { sqliteDatabase } from './sqlite-export.ts';
import { reproducibleZip } from './zip.ts';
import { releaseWorkbook } from './workbook-export.ts';
import { csvFile, releaseCsv, releaseTables } from './release-tables.ts';

export interface ReleaseInput {
  readonly model: DatasetModel;
  readonly dataDir: string;
  readonly schemasDir: string;
  readonly version: string;
  readonly commit: string | null;
  /** Release date (YYYY-MM-DD) for CITATION.cff and datapackage.json; a fixed input, so builds are reproducible. */
  readonly date: string | undefined;
  /** The full CHANGELOG.md, newest version first. */
  readonly changelog: string;
}

/** The data of a release: each table's canonical CSV and its typed records, sorted by key. */
export interface Snapshot {
  readonly canonicalCsv: ReadonlyMap<string, string>;
  readonly records: ReadonlyMap<string, readonly RowRecord[]>;
}

export async function readSnapshot(model: DatasetModel, dataDir: string): Promise<Snapshot> {
  const records = new Map<string, RowRecord[]>();
  const canonicalCsv = new Map<string, string>();
  for (const table of model.tables) {
    const rows: string[][] = [];
    await readCsvBytes([requirePlainFile(dataDir, table.file)], ({ cells }) => void rows.push([...cells]));
    const [header = [], ...data] = rows;
    const csv = canonicalTable(table, header, data);
    canonicalCsv.set(table.name, csv);
    // Typed records come from the canonical text, so every format holds the same, sorted rows.
    records.set(table.name, await readRecords(table, utf8(csv)));
  }
  return { canonicalCsv, records };
}

export interface ReleaseContents {
  /** Every file of the release folder by relative path, SHA256SUMS included. */
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly manifest: ReleaseManifest;
}

const utf8 = (text: string): Uint8Array => Buffer.from(text, 'utf8');

/** Builds every file of a release in memory. The same input always gives the same bytes. */
export async function buildReleaseContents(input: ReleaseInput, { canonicalCsv, records }: Snapshot): Promise<ReleaseContents> {
  const { model, dataDir, version } = input;
  const files = new Map<string, Uint8Array>();
  const tables = releaseTables(model, records);
  for (const table of tables) files.set(`csv/${csvFile(table)}`, utf8(releaseCsv(table)));
  for (const table of model.tables) {
    if (!table.archive) continue;
    for (const record of records.get(table.name) ?? []) {
      const relative = table.archive.split('{id}').join(String(record[table.primaryKey]));
      files.set(`csv/${relative}`, readFileInside(dataDir, relative));
    }
  }
  for (const table of tables) {
    files.set(`json/${table.name}.json`, utf8(tableJson(table)));
    files.set(`parquet/${table.name}.parquet`, tableParquet(table));
  }
  for (const name of readdirSync(input.schemasDir)
    .filter((f) => f.endsWith('.json'))
    .sort())
    files.set(`schemas/${name}`, readFileInside(input.schemasDir, name));
  files.set(`${PACKAGE_NAME}.sqlite`, await sqliteDatabase(model, tables));
  files.set('allegiances.graphml', utf8(graphml(model, tables)));
  files.set(`${releaseFolderName(version)}.xlsx`, await releaseWorkbook(model, tables, input.date));
  for (const [path, svg] of await renderedFiles(model, records)) files.set(path.replace('generated/', ''), utf8(svg));
  const csvFiles = new Map(
    [...files].filter(([path]) => path.startsWith('csv/')).map(([path, bytes]) => [path, { bytes: bytes.length, sha256: sha256(bytes) }]),
  );
  const descriptor = dataPackage({
    model,
    tables,
    version,
    ...(input.date ? { created: input.date } : {}),
    files: csvFiles,
    sources: records.get(model.tables.find((t) => t.archive)?.name ?? '') ?? [],
  });
  files.set('datapackage.json', utf8(`${JSON.stringify(descriptor, null, 2)}\n`));
  files.set('README.md', utf8(releaseReadme(model, version, input.date, tables)));
  files.set(
    'CODEBOOK.md',
    utf8(codebookMarkdown(codebookBlocks({ model, tables, records, version, date: input.date, codingRules: readCodingRules(input.schemasDir) }))),
  );
  files.set('CHANGELOG.md', utf8(input.changelog));
  files.set('CITATION.cff', utf8(citationCff(version, input.date)));
  files.set('LICENSE', utf8(RELEASE_LICENSE));
  files.set('SHA256SUMS', utf8(sha256sums(files)));
  return { files, manifest: buildManifest(model, version, input.commit, canonicalCsv, records) };
}

/** `sha256sum -c` format: one line per file, sorted by path. */
export function sha256sums(files: ReadonlyMap<string, Uint8Array>): string {
  return [...files.keys()]
    .filter((path) => path !== 'SHA256SUMS')
    .sort()
    .map((path) => `${sha256(files.get(path)!)}  ${path}\n`)
    .join('');
}

export const releaseFolderName = (version: string): string => `${PACKAGE_NAME}-${version}`;

/**
 * Writes the release folder and its zip under `outDir`. Refuses to overwrite either. The folder is
 * assembled under a temporary name and renamed into place, so an interrupted run leaves no folder
 * that looks complete.
 */
export function writeRelease(outDir: string, version: string, files: ReadonlyMap<string, Uint8Array>): { folder: string; zip: string } {
  const name = releaseFolderName(version);
  const folder = join(outDir, name);
  const zip = `${folder}.zip`;
  for (const path of [folder, zip]) if (existsSync(path)) throw new ReleaseExistsError(path);
  writing(outDir, () => mkdirSync(outDir, { recursive: true }));
  const staging = join(outDir, `.${name}.${process.pid}.tmp`);
  rmSync(staging, { recursive: true, force: true });
  try {
    writing(staging, () => mkdirSync(staging));
    for (const [path, bytes] of files) {
      try {
        writeInside(staging, path, bytes, { mode: 0o644 });
      } catch (error) {
        // Named where it was going, not by the staging folder's name.
        throw error instanceof FileWriteError ? new FileWriteError(join(folder, path), error.cause) : error;
      }
    }
    writing(folder, () => renameSync(staging, folder));
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  writeFileAtomic(zip, reproducibleZip(name, files));
  return { folder, zip };
}

export class ReleaseExistsError extends Error {
  constructor(readonly path: string) {
    super(`${path} already exists; a release is never overwritten. Delete it first if you really mean to rebuild.`);
  }
}
