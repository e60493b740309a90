import { createReadStream, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { formatCommand } from '../cli/format-command.ts';
import { validateCommand } from '../cli/validate-command.ts';
import type { CommandIO } from '../cli/io.ts';
import { loadModel } from '../model/load-model.ts';
import { relationshipTable } from '../model/relationships.ts';
import type { ColumnModel, DatasetModel } from '../model/types.ts';
import { tableSchema } from '../release/datapackage.ts';
import { releaseTables } from '../release/release-tables.ts';

/** One measurement, taken in a fresh process so that peak memory is its own. */
export interface Measurement {
  readonly seconds: number;
  readonly peakRssMb: number;
  readonly rows: number;
  readonly bytes: number;
}

export type MeasureKind = 'floor' | 'validate' | 'format-check' | 'tableschema';

/** Where in the bench's folder the copy of its dataset without a quoted cell is: `format --check`'s worst case for a reader that searches past a row's end. */
export const QUOTE_FREE_DIR = 'quote-free';

/** The file of the slice of the relationships table that Frictionless reads. */
export const SLICE_FILE = 'relationships-slice.csv';

/** The model the bench measures with: the schemas of the folder it runs in, as `npm run validate` reads them. */
const benchModel = (): DatasetModel => loadModel(join(process.cwd(), 'schemas'));
/** Every table's file, from the schemas. */
const csvFiles = (): string[] => benchModel().tables.map((t) => t.file);

/** papaparse alone, streaming every table as text with no checks: the floor a validator cannot beat. */
async function parseFloor(dir: string): Promise<{ rows: number; bytes: number }> {
  let rows = 0;
  let bytes = 0;
  const files = csvFiles();
  for (const file of files) {
    bytes += statSync(join(dir, file)).size;
    await new Promise<void>((resolve, reject) => {
      (Papa.parse as (input: unknown, config: Papa.ParseConfig<string[]> & { error(e: Error): void }) => void)(
        createReadStream(join(dir, file), { encoding: 'utf8' }),
        {
          delimiter: ',',
          newline: '\n',
          step: () => void rows++,
          complete: () => resolve(),
          error: reject,
        },
      );
    });
  }
  // Count data rows, as the validator does: not the header rows.
  return { rows: rows - files.length, bytes };
}

/** The validator exactly as `npm run validate` runs it, output discarded. */
async function fullValidate(dir: string): Promise<{ rows: number; bytes: number }> {
  let report = '';
  const io: CommandIO = { cwd: process.cwd(), env: {}, stdout: (t) => void (report += t), stderr: () => {}, stdoutIsTTY: false, appendFile: () => {} };
  const code = await validateCommand(['--data', dir, '--format', 'json'], io);
  if (code === 2) throw new Error('validate could not run');
  const { summary } = JSON.parse(report) as { summary: { rows: number } };
  const bytes = csvFiles().reduce((sum, file) => sum + statSync(join(dir, file)).size, 0);
  return { rows: summary.rows, bytes };
}

/** `npm run format -- --check` on the copy of the dataset without quoted cells, which must be canonical (exit 0), so that every table is read and rendered. */
async function formatCheck(dir: string): Promise<{ rows: number; bytes: number }> {
  const data = join(dir, QUOTE_FREE_DIR);
  const io: CommandIO = { cwd: process.cwd(), env: {}, stdout: () => {}, stderr: () => {}, stdoutIsTTY: false, appendFile: () => {} };
  const code = await formatCommand(['--check', '--data', data], io);
  if (code !== 0) throw new Error(`format --check exited with ${code} on ${data}: the quote-free dataset should be canonical`);
  let rows = 0;
  let bytes = 0;
  for (const file of csvFiles()) {
    const text = readFileSync(join(data, file));
    bytes += text.length;
    // No cell holds a line break, so every line but the header is a row.
    for (let at = text.indexOf(10); at >= 0; at = text.indexOf(10, at + 1)) rows++;
    rows -= 1;
  }
  return { rows, bytes };
}

/** A Table Schema v2 field as Frictionless's JavaScript library (Table Schema v1) reads it: a `|` list as text whose items match the item pattern. */
function v1Field(field: Record<string, any>, column: ColumnModel | undefined): Record<string, unknown> {
  const { name, type, format, constraints } = field;
  if (type !== 'list') return { name, type, ...(format ? { format } : {}), ...(constraints ? { constraints } : {}) };
  const item = column?.pattern?.replace(/^\^/, '').replace(/\$$/, '');
  const { minLength: _items, ...rest } = (constraints ?? {}) as Record<string, unknown>;
  return { name, type: 'string', constraints: { ...rest, ...(item ? { pattern: `(${item})(\\|(${item}))*` } : {}) } };
}

/**
 * Frictionless's JavaScript library on a slice of the relationships table, with the Table Schema that
 * datapackage.json gives it (the same generator), reading and casting every row. The slice is the
 * data's CSV, not the release's: only its own columns (not the date bounds a release adds), and no
 * foreign keys, since the tables they point into are not loaded.
 */
async function frictionless(dir: string): Promise<{ rows: number; bytes: number }> {
  const { Table } = (await import('tableschema')) as unknown as {
    Table: { load(source: string, options: object): Promise<{ iter(options: object): Promise<AsyncIterable<unknown>> }> };
  };
  const slice = join(dir, SLICE_FILE);
  const model = benchModel();
  const table = relationshipTable(model)!.table;
  const release = releaseTables(model, new Map()).find((t) => t.table === table)!;
  const { fields, foreignKeys: _notLoaded, ...descriptor } = tableSchema(model, release) as { fields: Record<string, any>[]; foreignKeys?: unknown };
  const columns = new Map(table.columns.map((c) => [c.name, c]));
  const schema = { ...descriptor, fields: fields.filter((f) => columns.has(f.name)).map((f) => v1Field(f, columns.get(f.name))) };
  const loaded = await Table.load(slice, { schema });
  let rows = 0;
  for await (const _row of await loaded.iter({ cast: true })) rows++;
  return { rows, bytes: statSync(slice).size };
}

export async function measure(kind: MeasureKind, dir: string): Promise<Measurement> {
  const started = process.hrtime.bigint();
  const counted =
    kind === 'floor'
      ? await parseFloor(dir)
      : kind === 'validate'
        ? await fullValidate(dir)
        : kind === 'format-check'
          ? await formatCheck(dir)
          : await frictionless(dir);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, peakRssMb: process.resourceUsage().maxRSS / 1024, ...counted };
}
