import { resolve } from 'node:path';
import * as markdownChannel from '../escape/markdown.ts';
import * as terminal from '../escape/terminal.ts';
import { filesInside, OutsideFolderError, readInside, readPlainFile } from '../files/confined.ts';
import { compareDatasets, type DataVersion } from '../diff/compare.ts';
import { diffReport, schemaAnnotations, SUMMARY_BUDGET_BYTES } from '../diff/diff-report.ts';
import { compareSchemas, type SchemaVersion } from '../diff/schema-diff.ts';
import { gitIn, type Git } from '../diff/git.ts';
import type { RowRecord } from '../model/cell-validator.ts';
import { buildModel, isSchemaFile } from '../model/build-model.ts';
import { cachedPatternCheck } from '../model/cached-pattern-check.ts';
import { loadModel, SchemaError } from '../model/load-model.ts';
import type { DatasetModel, JsonSchema, TableModel } from '../model/types.ts';
import { CsvReadError } from '../read/read-csv.ts';
import { readRecords } from '../read/read-dataset.ts';
import { recordedReleases } from '../release/plan-release.ts';
import { parseCommandArgs } from './args.ts';
import { EXIT_OK, EXIT_USAGE_OR_IO, type CommandIO } from './io.ts';

export const DIFF_USAGE = `Usage: npm run diff -- [--base REF] [--format text|markdown|github]

Shows what changed in the data between a git commit and the working tree, for a reviewer: first any
change to schemas/ in words (a check loosened, tightened or changed: a pattern widened, a required
column made optional, x-quoteOf removed…), then each row added or removed with its content
(relationships as subject → kind → target, with names), ids renamed (and the references that
followed them), changed cells (long ones word by word), and archived texts added, removed or
changed, with the rows whose quotes stand in a changed passage. A table is followed by its schema,
whatever its file is called. It works on data that does not validate too.
  --base REF   the commit to compare with (default: the last release's commit, else origin/main, else HEAD)
  --format     text (default), markdown (for a pull request's job summary: kept under 900 kB,
               saying how many changes were left out), or github (a warning annotation for each
               schema change, the markdown appended to $GITHUB_STEP_SUMMARY, the text for the log)
`;

const FORMATS = ['text', 'markdown', 'github'];

export async function diffCommand(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommandArgs(argv, io, DIFF_USAGE, { base: { type: 'string' }, format: { type: 'string', default: 'text' } });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  if (!FORMATS.includes(values.format)) {
    io.stderr(`--format must be text, markdown or github, not ${values.format}\n`);
    return EXIT_USAGE_OR_IO;
  }
  const git = gitIn(io.cwd);
  const candidates = values.base
    ? [values.base]
    : [
        ...releasesIn(io)
          .slice(0, 1)
          .flatMap((r) => (r.manifest.commit ? [r.manifest.commit] : [])),
        'origin/main',
        'HEAD',
      ];
  const base = candidates.find((ref) => git.resolve(ref));
  if (!base) {
    io.stderr(values.base ? `${values.base} is not a commit in this repository.\n` : 'No commit to compare with: this is not a git repository with commits.\n');
    return EXIT_USAGE_OR_IO;
  }
  const schemasNow = currentSchemas(io.cwd);
  const schemasBefore = schemasAt(git, base);
  // New schemas that cannot be used are the first thing to say; the rows are then read with the base's.
  const model = 'model' in schemasNow ? schemasNow.model : 'model' in schemasBefore ? schemasBefore.model : undefined;
  if (!model) {
    io.stderr(`${terminal.text('problem' in schemasNow ? schemasNow.problem : 'no schemas')}\n`);
    return EXIT_USAGE_OR_IO;
  }
  const dataDir = resolve(io.cwd, 'data');
  const problems: string[] = [];
  const unreadable = new Set<string>();
  const before = await versionAt('model' in schemasBefore ? schemasBefore.model : model, git, base, problems, unreadable);
  const after = await workingVersion(model, dataDir, problems, unreadable);
  // A table that cannot be read on one side is left out on both, rather than shown as all removed.
  for (const table of unreadable) for (const version of [before, after]) (version.records as Map<string, RowRecord[]>).set(table, []);
  const diff = compareDatasets(model, before, after, compareSchemas(schemasBefore, schemasNow));
  const title = `Data changes since ${base === values.base ? base : `${base} (${git.resolve(base)!.slice(0, 12)})`}`;
  const report = (format: 'text' | 'markdown'): string => {
    const markdown = format === 'markdown';
    const text = diffReport(model, diff, title, { format, ...(markdown ? { maxBytes: SUMMARY_BUDGET_BYTES } : {}) });
    return problems.length
      ? `${text}${markdown ? '\n' : ''}${problems.map((p) => (markdown ? `- ${markdownChannel.message(p)}` : terminal.text(p))).join('\n')}\n`
      : text;
  };
  if (values.format === 'github') {
    io.stdout(schemaAnnotations(diff.schema ?? []));
    if (io.env.GITHUB_STEP_SUMMARY) io.appendFile(io.env.GITHUB_STEP_SUMMARY, report('markdown'));
    io.stdout(report('text'));
  } else io.stdout(report(values.format as 'text' | 'markdown'));
  return EXIT_OK;
}

/** The working tree's schemas, or why they cannot be used. */
function currentSchemas(cwd: string): SchemaVersion {
  try {
    return { model: loadModel(resolve(cwd, 'schemas')) };
  } catch (error) {
    if (!(error instanceof SchemaError)) throw error;
    return { problem: error.message };
  }
}

/** The schemas as committed at `ref`: what the diff compares the working tree's with, and reads that commit's tables with. */
function schemasAt(git: Git, ref: string): SchemaVersion {
  const files = git.list(ref, 'schemas').filter((path) => isSchemaFile(path) && !path.slice('schemas/'.length).includes('/'));
  if (files.length === 0) return { missing: true };
  try {
    const documents = new Map(
      files.map((path) => {
        const name = path.slice('schemas/'.length);
        try {
          return [name, JSON.parse(decoded(git.show(ref, path)) ?? '') as JsonSchema];
        } catch (error) {
          throw new SchemaError(`${name}: not JSON (${(error as Error).message})`, name);
        }
      }),
    );
    return { model: buildModel(documents, `schemas/ at ${ref}`, cachedPatternCheck()) };
  } catch (error) {
    if (!(error instanceof SchemaError)) throw error;
    return { problem: error.message };
  }
}

const UTF8 = new TextDecoder();
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The data as committed at `ref`. */
async function versionAt(model: DatasetModel, git: Git, ref: string, problems: string[], unreadable: Set<string>): Promise<DataVersion> {
  const records = new Map<string, RowRecord[]>();
  for (const table of model.tables) records.set(table.name, await rowsOf(table, git.show(ref, `data/${table.file}`), problems, `at ${ref}`, unreadable));
  return {
    model,
    records,
    file: (path) => decoded(git.show(ref, `data/${path}`)),
    list: (folder) => git.list(ref, `data/${folder}`).map((path) => path.slice('data/'.length)),
  };
}

/** The data in the working tree, as a contributor left it (valid or not). */
async function workingVersion(model: DatasetModel, dataDir: string, problems: string[], unreadable: Set<string>): Promise<DataVersion> {
  const records = new Map<string, RowRecord[]>();
  for (const table of model.tables)
    records.set(table.name, await rowsOf(table, workingBytes(dataDir, table, problems, unreadable), problems, 'now', unreadable));
  return { records, file: (path) => readInside(dataDir, path), list: (folder) => filesInside(dataDir, folder) };
}

/** A table's bytes in the working tree; none, with a note, for one that is a link (never followed) or cannot be read. */
function workingBytes(dataDir: string, table: TableModel, problems: string[], unreadable: Set<string>): Uint8Array | undefined {
  let read: ReturnType<typeof readPlainFile>;
  try {
    read = readPlainFile(dataDir, table.file);
  } catch (error) {
    if (!(error instanceof CsvReadError)) throw error;
    read = 'missing';
  }
  if (read === 'missing') return undefined;
  if (read !== 'link') return read.bytes;
  unreadable.add(table.name);
  problems.push(`data/${table.file} is a symbolic link, which is never read: its rows are left out of this diff (\`npm run validate\` says more).`);
  return undefined;
}

/**
 * A table's rows, or none with a note when it is not UTF-8 text: read with replacement characters,
 * every row would look changed, which says nothing true. The validator says what is wrong with it.
 */
async function rowsOf(table: TableModel, bytes: Uint8Array | undefined, problems: string[], when: string, unreadableTables: Set<string>): Promise<RowRecord[]> {
  if (bytes === undefined) return [];
  const reason = unreadable(bytes);
  if (reason) {
    unreadableTables.add(table.name);
    problems.push(`data/${table.file} ${when} ${reason}: its rows are left out of this diff (\`npm run validate\` says more).`);
    return [];
  }
  try {
    return await readRecords(table, bytes);
  } catch (error) {
    problems.push(`data/${table.file} could not be read ${when} (${(error as Error).message}); its rows are left out of this diff.`);
    unreadableTables.add(table.name);
    return [];
  }
}

function unreadable(bytes: Uint8Array): string | undefined {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return 'is UTF-16, not UTF-8';
  if (bytes.includes(0)) return 'is not a text file';
  try {
    STRICT_UTF8.decode(bytes);
    return undefined;
  } catch {
    return 'has bytes that are not UTF-8';
  }
}

const decoded = (bytes: Uint8Array | undefined): string | undefined => (bytes === undefined ? undefined : UTF8.decode(bytes));

/** The releases the repository recorded; none, after saying why, when one cannot be read (a manifest that is a link out of releases/). */
function releasesIn(io: CommandIO): ReturnType<typeof recordedReleases> {
  try {
    return recordedReleases(io.cwd);
  } catch (error) {
    if (!(error instanceof OutsideFolderError || error instanceof CsvReadError)) throw error;
    io.stderr(`${error.message} The last release is not used as the base.\n`);
    return [];
  }
}
