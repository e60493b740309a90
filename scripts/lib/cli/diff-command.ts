import { resolve } from 'node:path';
import { diffDataset, diffMarkdown, diffText } from '../diff/row-diff.ts';
import { gitIn } from '../diff/git.ts';
import { loadModel, SchemaError } from '../model/load-model.ts';
import { readAllRecords } from '../read/read-dataset.ts';
import { CsvReadError } from '../read/read-csv.ts';
import { recordedReleases, recordsAt } from '../release/plan-release.ts';
import { parseCommandArgs } from './args.ts';
import { EXIT_OK, EXIT_USAGE_OR_IO, type CommandIO } from './io.ts';

export const DIFF_USAGE = `Usage: npm run diff -- [--base REF] [--format text|markdown]

Shows what changed in the data between a git commit and the working tree, row by row, keyed by id:
rows added, rows removed, and for changed rows each field before → after.
  --base REF   the commit to compare with (default: the last release's commit, else origin/main, else HEAD)
  --format     text (default) or markdown (for a pull request's job summary or a changelog)
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
  try {
    const model = loadModel(resolve(io.cwd, 'schemas'));
    const before = await recordsAt(git, base, model, 'data');
    const after = await readAllRecords(model, resolve(io.cwd, 'data'));
    const diffs = diffDataset(model, before, after);
    const title = `Data changes since ${base === values.base ? base : `${base} (${git.resolve(base)!.slice(0, 12)})`}`;
    io.stdout(values.format === 'markdown' ? diffMarkdown(diffs, title) : diffText(diffs, title));
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CsvReadError || error instanceof SchemaError) {
      io.stderr(`${error.message}\n`);
      return EXIT_USAGE_OR_IO;
    }
    throw error;
  }
}
