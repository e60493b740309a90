import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import Papa from 'papaparse';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { Finding } from '../../scripts/lib/check/finding.ts';
import { formatCommand } from '../../scripts/lib/cli/format-command.ts';
import type { CommandIO } from '../../scripts/lib/cli/io.ts';
import { validateDataset, type ValidateOptions, type ValidationReport } from '../../scripts/lib/check/validate-dataset.ts';
import { loadModel } from '../../scripts/lib/model/load-model.ts';
import { csvLine } from '../../scripts/lib/write/canonical-csv.ts';
import { formatDataset } from '../../scripts/lib/write/format-dataset.ts';

export const REPO = join(import.meta.dirname, '..', '..');
export const BASE_FIXTURE = join(REPO, 'test', 'fixtures', 'base');
export const MODEL = loadModel(join(REPO, 'schemas'));
/** "Today" in tests, so the future-date rule does not depend on the clock. */
export const TODAY = Date.UTC(2026, 0, 1);

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A new empty temporary folder, removed after the test file. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** In the files of `datasetWith`: the file is a symbolic link to a file outside the dataset that holds `content`. */
export interface LinkOut {
  readonly linkOutTo: string | Uint8Array;
}

/** What `datasetWith` puts in a file: its text or bytes, null to delete it, or a link out of the dataset. */
export type FixtureFiles = Record<string, string | Uint8Array | null | LinkOut>;

/** A temporary copy of a dataset with some files replaced (string or bytes), deleted (null) or made links out of it. */
export function datasetWith(files: FixtureFiles = {}, base = BASE_FIXTURE): string {
  const dir = mkdtempSync(join(tmpdir(), 'caucasus-allegiances-'));
  made.push(dir);
  cpSync(base, dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    if (content === null) rmSync(join(dir, name), { force: true, recursive: true });
    else if (typeof content === 'object' && 'linkOutTo' in content) {
      const outside = scratchDir('outside-the-data-');
      writeFileSync(join(outside, name), content.linkOutTo);
      rmSync(join(dir, name), { force: true });
      symlinkSync(join(outside, name), join(dir, name));
    } else writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** Validates a fixture directory, showing it as `data` like the CLI run from the repository root. */
export function validateDir(dataDir: string, options: Partial<ValidateOptions> = {}): Promise<ValidationReport> {
  return validateDataset({ model: MODEL, dataDir, displayDir: 'data', today: TODAY, ...options });
}

export async function findingsFor(files: FixtureFiles, code?: string): Promise<Finding[]> {
  const report = await validateDir(datasetWith(files));
  return code ? report.findings.filter((f) => f.code === code) : [...report.findings];
}

/** The location fields every rule test asserts. */
export function where(finding: Finding): Record<'code' | 'file' | 'row' | 'column' | 'cell' | 'value', unknown> {
  const { code, file, row, column, cell, value } = finding;
  return { code, file, row, column, cell, value };
}

export const ACTORS_HEADER = 'id,name,aliases,nationality,origin,born,died,description,wikidata,source_ids,notes';
export const ALLEGIANCES_HEADER = 'id,subject_id,kind,target_id,role,started,ended,certainty,source_ids,quote,notes';
export const GOOD_ALLEGIANCE = 'kebekov-leads-emirate,kebekov,leader_of,emirate,amir,,,reported,src-a,Kebekov leads the Emirate.,';

/** An allegiances.csv with the base rows that keep every entity referenced, plus `rows` after them (from row 5). */
export function allegiances(...rows: string[]): string {
  return (
    [
      ALLEGIANCES_HEADER,
      'jjq-affiliate,jjq,affiliate_of,emirate,,2014-11~,,claimed,src-b,"The group said it is ""affiliated"" with the Emirate.",',
      GOOD_ALLEGIANCE,
      'shishani-pledged,shishani,pledged_allegiance,baghdadi,,2013-12,,reported,src-a,Umar Shishani left to pledge allegiance to Baghdadi in December 2013.,',
      ...rows,
    ].join('\n') + '\n'
  );
}

/** One allegiances row, valid against the base fixture, with the given cells changed (quoted as CSV needs). */
export function allegianceRow(cells: Partial<Record<string, string>>): string {
  const base: Record<string, string> = {
    id: 'new-row',
    subject_id: 'kebekov',
    kind: 'leader_of',
    target_id: 'emirate',
    role: '',
    started: '',
    ended: '',
    certainty: 'reported',
    source_ids: 'src-a',
    quote: 'Kebekov leads the Emirate.',
    notes: '',
  };
  return csvLine(ALLEGIANCES_HEADER.split(',').map((column) => ({ ...base, ...cells })[column] ?? ''));
}

/**
 * A temporary copy of the repository's data/ in canonical form. Tests that use the real data as a
 * realistic sample start from this, so they pass whether or not a contributor has run `npm run format`
 * (a non-canonical table is a notice on a pull request, not a failure).
 */
export async function canonicalDataCopy(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'caucasus-data-'));
  made.push(dir);
  cpSync(join(REPO, 'data'), dir, { recursive: true });
  await formatDataset({ model: MODEL, dataDir: dir, displayDir: 'data', check: false });
  return dir;
}

/** Runs `npm run format` on a data directory, with stdout and stderr together and no colour. */
export async function formatData(dataDir: string, ...args: string[]): Promise<{ code: number; output: string }> {
  const out: string[] = [];
  const io: CommandIO = {
    cwd: REPO,
    env: { NO_COLOR: '1' },
    stdout: (t) => void out.push(t),
    stderr: (t) => void out.push(t),
    stdoutIsTTY: false,
    appendFile: () => {},
  };
  const code = await formatCommand(['--data', dataDir, ...args], io);
  return { code, output: out.join('') };
}

/** A CSV file's rows as header-keyed records, as a researcher's CSV reader gives them. */
export const csvRecords = (path: string): Record<string, string>[] =>
  Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true }).data;
