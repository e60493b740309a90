import { resolve } from 'node:path';
import { readInside } from '../check/archive.ts';
import { compareDatasets, type DataVersion } from '../diff/compare.ts';
import { diffReport, SUMMARY_BUDGET_BYTES } from '../diff/diff-report.ts';
import { gitIn, type Git } from '../diff/git.ts';
import type { RowRecord } from '../model/cell-validator.ts';
import { loadModel, SchemaError } from '../model/load-model.ts';
import type { DatasetModel } from '../model/types.ts';
import { readRecords } from '../read/read-dataset.ts';
import { recordedReleases } from '../release/plan-release.ts';
import { parseCommandArgs } from './args.ts';
import { EXIT_OK, EXIT_USAGE_OR_IO, type CommandIO } from './io.ts';

export const DIFF_USAGE = `Usage: npm run diff -- [--base REF] [--format text|markdown]

Shows what changed in the data between a git commit and the working tree, for a reviewer: each row
added or removed with its content (relationships as subject → kind → target, with names), ids
renamed (and the references that followed them), changed cells (long ones word by word), and
archived texts added, removed or changed, with the rows whose quotes stand in a changed passage.
It works on data that does not validate too.
  --base REF   the commit to compare with (default: the last release's commit, else origin/main, else HEAD)
  --format     text (default) or markdown (for a pull request's job summary: kept under 900 kB,
               saying how many changes were left out)
`;

export async function diffCommand(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommandArgs(argv, io, DIFF_USAGE, { base: { type: 'string' }, format: { type: 'string', default: 'text' } });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  if (values.format !== 'text' && values.format !== 'markdown') {
    io.stderr(`--format must be text or markdown, not ${values.format}\n`);
    return EXIT_USAGE_OR_IO;
  }
  const git = gitIn(io.cwd);
  const candidates = values.base
    ? [values.base]
    : [
        ...recordedReleases(io.cwd)
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
  let model: DatasetModel;
  try {
    model = loadModel(resolve(io.cwd, 'schemas'));
  } catch (error) {
    if (!(error instanceof SchemaError)) throw error;
    io.stderr(`${error.message}\n`);
    return EXIT_USAGE_OR_IO;
  }
  const dataDir = resolve(io.cwd, 'data');
  const problems: string[] = [];
  const before = await versionAt(model, git, base, problems);
  const after = await workingVersion(model, dataDir, problems);
  const diff = compareDatasets(model, before, after);
  const title = `Data changes since ${base === values.base ? base : `${base} (${git.resolve(base)!.slice(0, 12)})`}`;
  const markdown = values.format === 'markdown';
  io.stdout(diffReport(model, diff, title, { format: values.format, ...(markdown ? { maxBytes: SUMMARY_BUDGET_BYTES } : {}) }));
  if (problems.length) io.stdout(`${markdown ? '\n' : ''}${problems.map((p) => `${markdown ? '- ' : ''}${p}`).join('\n')}\n`);
  return EXIT_OK;
}

const UTF8 = new TextDecoder();

/** The data as committed at `ref`. */
async function versionAt(model: DatasetModel, git: Git, ref: string, problems: string[]): Promise<DataVersion> {
  const records = new Map<string, RowRecord[]>();
  for (const table of model.tables) {
    const bytes = git.show(ref, `data/${table.file}`);
    records.set(table.name, bytes ? await readOrNote(table.file, () => readRecords(table, bytes), problems, `at ${ref}`) : []);
  }
  return { records, file: (path) => decoded(git.show(ref, `data/${path}`)) };
}

/** The data in the working tree, as a contributor left it (valid or not). */
async function workingVersion(model: DatasetModel, dataDir: string, problems: string[]): Promise<DataVersion> {
  const records = new Map<string, RowRecord[]>();
  for (const table of model.tables) {
    const text = readInside(dataDir, table.file);
    records.set(table.name, text === undefined ? [] : await readOrNote(table.file, () => readRecords(table, new TextEncoder().encode(text)), problems, 'now'));
  }
  return { records, file: (path) => readInside(dataDir, path) };
}

/** Rows of a table, or none with a note when it cannot be read at all (the validator says why). */
async function readOrNote(file: string, read: () => Promise<RowRecord[]>, problems: string[], when: string): Promise<RowRecord[]> {
  try {
    return await read();
  } catch (error) {
    problems.push(`data/${file} could not be read ${when} (${(error as Error).message}); its rows are left out of this diff.`);
    return [];
  }
}

const decoded = (bytes: Uint8Array | undefined): string | undefined => (bytes === undefined ? undefined : UTF8.decode(bytes));
