import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { formatCommand } from '../cli/format-command.ts';
import { validateCommand } from '../cli/validate-command.ts';
import type { CommandIO } from '../cli/io.ts';

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

const CSV_FILES = ['sources.csv', 'actors.csv', 'groups.csv', 'allegiances.csv'];

/** papaparse alone, streaming every table as text with no checks: the floor a validator cannot beat. */
async function parseFloor(dir: string): Promise<{ rows: number; bytes: number }> {
  let rows = 0;
  let bytes = 0;
  for (const file of CSV_FILES) {
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
  return { rows: rows - CSV_FILES.length, bytes };
}

/** The validator exactly as `npm run validate` runs it, output discarded. */
async function fullValidate(dir: string): Promise<{ rows: number; bytes: number }> {
  let report = '';
  const io: CommandIO = { cwd: process.cwd(), env: {}, stdout: (t) => void (report += t), stderr: () => {}, stdoutIsTTY: false, appendFile: () => {} };
  const code = await validateCommand(['--data', dir, '--format', 'json'], io);
  if (code === 2) throw new Error('validate could not run');
  const { summary } = JSON.parse(report) as { summary: { rows: number } };
  const bytes = CSV_FILES.reduce((sum, file) => sum + statSync(join(dir, file)).size, 0);
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
  for (const file of CSV_FILES) {
    const text = readFileSync(join(data, file));
    bytes += text.length;
    // No cell holds a line break, so every line but the header is a row.
    for (let at = text.indexOf(10); at >= 0; at = text.indexOf(10, at + 1)) rows++;
    rows -= 1;
  }
  return { rows, bytes };
}

/**
 * Frictionless's JavaScript library on the allegiances table with the same type, enum, pattern and
 * unique constraints as our schema, reading and casting every row.
 */
async function frictionless(dir: string): Promise<{ rows: number; bytes: number }> {
  const { Table } = (await import('tableschema')) as unknown as {
    Table: { load(source: string, options: object): Promise<{ iter(options: object): Promise<AsyncIterable<unknown>> }> };
  };
  const slice = readdirSync(dir).find((f) => f === 'allegiances-slice.csv')!;
  const id = { type: 'string', constraints: { pattern: '[a-z][a-z0-9]*(-[a-z0-9]+)*' } };
  const date = { type: 'string', constraints: { pattern: '[12][0-9]{3}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?[?~%]?' } };
  const schema = {
    fields: [
      { name: 'id', ...id, constraints: { ...id.constraints, required: true, unique: true } },
      { name: 'subject_id', ...id, constraints: { ...id.constraints, required: true } },
      {
        name: 'kind',
        type: 'string',
        constraints: {
          required: true,
          enum: [
            'pledged_allegiance',
            'withdrew_allegiance',
            'member_of',
            'leader_of',
            'affiliate_of',
            'part_of',
            'allied_with',
            'rival_of',
            'supporter_of',
            'splinter_of',
            'merged_into',
          ],
        },
      },
      { name: 'target_id', ...id, constraints: { ...id.constraints, required: true } },
      { name: 'role', type: 'string', constraints: { maxLength: 300 } },
      { name: 'started', ...date },
      { name: 'ended', ...date },
      { name: 'certainty', type: 'string', constraints: { required: true, enum: ['claimed', 'reported', 'confirmed', 'disputed'] } },
      { name: 'source_ids', type: 'string', constraints: { required: true, pattern: '[a-z][a-z0-9]*(-[a-z0-9]+)*(\\|[a-z][a-z0-9]*(-[a-z0-9]+)*)*' } },
      { name: 'quote', type: 'string', constraints: { required: true, maxLength: 500 } },
      { name: 'notes', type: 'string', constraints: { maxLength: 5000 } },
    ],
    primaryKey: ['id'],
    missingValues: [''],
  };
  const table = await Table.load(join(dir, slice), { schema });
  let rows = 0;
  for await (const _row of await table.iter({ cast: true })) rows++;
  return { rows, bytes: statSync(join(dir, slice)).size };
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
