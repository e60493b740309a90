import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { RowRecord } from '../model/cell-validator.ts';
import { archivePath } from '../check/archive.ts';
import type { DatasetModel } from '../model/types.ts';
import { readRecords } from '../read/read-dataset.ts';
import { readFileInside, requirePlainFile, writeInside } from '../files/confined.ts';
import { readCsvBytes } from '../read/read-csv.ts';
import { canonicalTable } from '../write/canonical-csv.ts';
import { FileWriteError, writeFileAtomic, writing } from '../write/atomic-write.ts';
import { dataPackage, PACKAGE_NAME } from './datapackage.ts';
import { renderedFiles } from '../render/render.ts';
import { jsonPath, jsonSchemaPath, tableJson } from './json-export.ts';
import { releaseJsonSchema } from './release-json-schema.ts';
import { citationCff, type ReleaseIdentity } from './citation.ts';
import { GRAPHML_FILE, graphml } from './graphml-export.ts';
import { buildManifest, sha256, type ReleaseManifest } from './manifest.ts';
import { tableParquet } from './parquet-export.ts';
import { RELEASE_LICENSE, releaseReadme, workbookName } from './release-docs.ts';
import { CODING_RULES_FILE, codebookBlocks, codebookMarkdown } from './codebook.ts';
import { sqliteDatabase } from './sqlite-export.ts';
import { reproducibleZip } from './zip.ts';
import { releaseWorkbook } from './workbook-export.ts';
import { csvFile, releaseCsv, releaseTables } from './release-tables.ts';

/**
 * Everything a release is built from, held in memory: the same input always gives the same bytes.
 * `release` reads it from the repository; `verify` from the release itself, to rebuild it.
 */
export interface ReleaseInput {
  readonly model: DatasetModel;
  readonly version: string;
  readonly commit: string | null;
  /** Release date (YYYY-MM-DD) for CITATION.cff and datapackage.json; a fixed input, so builds are reproducible. */
  readonly date: string | undefined;
  /** The full CHANGELOG.md, newest version first. */
  readonly changelog: string;
  /** The files of schemas/ that a release carries (the JSON Schemas and the coding rules), by name. */
  readonly schemaFiles: ReadonlyMap<string, Uint8Array>;
  /** An archived text by its path relative to the data folder (`archive/<id>.txt`), or undefined when there is none. */
  archived(relative: string): Uint8Array | undefined;
}

/** The schemas/ files a release carries: every JSON Schema and the coding rules. */
export const isReleasedSchemaFile = (name: string): boolean => name.endsWith('.json') || name === CODING_RULES_FILE;

/** A release's input read from the repository's folders (links out of them refused, never followed). */
export function releaseInputFrom(
  folders: { readonly dataDir: string; readonly schemasDir: string },
  input: Omit<ReleaseInput, 'schemaFiles' | 'archived'>,
): ReleaseInput {
  const schemaFiles = new Map(
    readdirSync(folders.schemasDir)
      .filter(isReleasedSchemaFile)
      .sort()
      .map((name) => [name, readFileInside(folders.schemasDir, name)] as const),
  );
  return { ...input, schemaFiles, archived: (relative) => readFileInside(folders.dataDir, relative) };
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
  const { model, version } = input;
  const identity: ReleaseIdentity = { version, date: input.date, commit: input.commit };
  const files = new Map<string, Uint8Array>();
  const tables = releaseTables(model, records);
  for (const table of tables) files.set(`csv/${csvFile(table)}`, utf8(releaseCsv(table)));
  for (const table of model.tables) {
    if (!table.archive) continue;
    for (const record of records.get(table.name) ?? []) {
      const relative = archivePath(table.archive, String(record[table.primaryKey]));
      const text = input.archived(relative);
      if (!text) throw new MissingArchiveError(relative);
      files.set(`csv/${relative}`, text);
    }
  }
  for (const table of tables) {
    files.set(jsonPath(table), utf8(tableJson(table, identity)));
    files.set(jsonSchemaPath(table), utf8(`${JSON.stringify(releaseJsonSchema(table, identity), null, 2)}\n`));
    files.set(`parquet/${table.name}.parquet`, tableParquet(table, identity));
  }
  for (const [name, bytes] of [...input.schemaFiles].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) files.set(`schemas/${name}`, bytes);
  files.set(`${PACKAGE_NAME}.sqlite`, await sqliteDatabase(model, tables, identity));
  files.set(GRAPHML_FILE, utf8(graphml(model, tables, identity)));
  files.set(workbookName(version), await releaseWorkbook(model, tables, identity));
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
  const codingRules = input.schemaFiles.get(CODING_RULES_FILE);
  files.set(
    'CODEBOOK.md',
    utf8(
      codebookMarkdown(
        codebookBlocks({ model, tables, records, version, date: input.date, codingRules: codingRules ? new TextDecoder().decode(codingRules) : '' }),
      ),
    ),
  );
  files.set('CHANGELOG.md', utf8(input.changelog));
  files.set('CITATION.cff', utf8(citationCff(identity)));
  files.set('LICENSE', utf8(RELEASE_LICENSE));
  files.set('SHA256SUMS', utf8(sha256sums(files)));
  return { files, manifest: buildManifest(model, identity, canonicalCsv, records) };
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

/** A source without its archived text: validation reports it first, so a build meets it only when called without validating. */
export class MissingArchiveError extends Error {
  constructor(readonly path: string) {
    super(`${path} is missing: every source needs its archived text.`);
  }
}

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
