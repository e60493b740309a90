import { basename, dirname, resolve } from 'node:path';
import { cellColumn, type Finding } from '../check/finding.ts';
import { DEFAULT_MAX_FINDINGS_PER_RULE } from '../check/validate-dataset.ts';
import { PARALLEL_FROM_BYTES, tableBytes, validateDatasetAuto } from '../check/parallel/validate-in-parallel.ts';
import * as terminal from '../escape/terminal.ts';
import * as workflow from '../escape/workflow-commands.ts';
import { plainFileSize, readPlainFile } from '../files/confined.ts';
import { loadModel } from '../model/load-model.ts';
import { fieldPosition } from '../report/cell-position.ts';
import { githubAnnotations, githubStepSummary, type ColumnOf } from '../report/github.ts';
import { jsonReport } from '../report/json.ts';
import { textReport } from '../report/text.ts';
import { terminalProgress } from '../report/progress.ts';
import { parseCommandArgs } from './args.ts';
import { isExpectedError } from './known-errors.ts';
import { EXIT_DATA_ERRORS, EXIT_OK, EXIT_USAGE_OR_IO, type CommandIO } from './io.ts';
import { displayPath, isDirectory, wantsColor } from './paths.ts';

export const VALIDATE_USAGE = `Usage: npm run validate -- [--data DIR] [--schemas DIR] [--format text|json|github] [--max-findings N] [--threads auto|1|2]

Checks every table in DIR (default: data) against the schemas and the dataset-wide rules.
  --data DIR          directory with the CSV tables and archive/ (default: data)
  --schemas DIR       directory with the JSON Schemas (default: schemas)
  --format FORMAT     text (default), json (one report object), or github (annotations + job summary)
  --max-findings N    findings listed per rule before the rest are only counted (default: ${DEFAULT_MAX_FINDINGS_PER_RULE})
  --threads T         auto (default: two for tables over ${PARALLEL_FROM_BYTES / 2 ** 20} MB on two cores or more), 1 or 2; the findings are the same
Exit status: 0 valid (warnings allowed), 1 the data has errors, 2 usage or I/O problem.
`;

const FORMATS = ['text', 'json', 'github'] as const;
const THREADS: Readonly<Record<string, 'auto' | 1 | 2>> = { auto: 'auto', '1': 1, '2': 2 };
type Format = (typeof FORMATS)[number];

export async function validateCommand(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommandArgs(argv, io, VALIDATE_USAGE, {
    data: { type: 'string', default: 'data' },
    schemas: { type: 'string', default: 'schemas' },
    format: { type: 'string', default: 'text' },
    'max-findings': { type: 'string', default: String(DEFAULT_MAX_FINDINGS_PER_RULE) },
    threads: { type: 'string', default: 'auto' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const usageError = (message: string): number => {
    io.stderr(`${message}\n\n${VALIDATE_USAGE}`);
    return EXIT_USAGE_OR_IO;
  };
  if (!(FORMATS as readonly string[]).includes(values.format)) return usageError(`--format must be one of ${FORMATS.join(', ')}, not ${values.format}`);
  const maxFindings = Number(values['max-findings']);
  if (!Number.isInteger(maxFindings) || maxFindings < 1) return usageError('--max-findings must be a whole number of at least 1');
  const threads = THREADS[values.threads];
  if (threads === undefined) return usageError(`--threads must be auto, 1 or 2, not ${values.threads}`);
  const args = { dataDir: values.data, schemasDir: values.schemas, format: values.format as Format, maxFindings };
  const dataDir = resolve(io.cwd, args.dataDir);
  const displayDir = displayPath(io.cwd, dataDir);
  if (!isDirectory(dataDir)) {
    io.stderr(`Data directory ${terminal.text(args.dataDir)} does not exist or is not a directory.\n`);
    return EXIT_USAGE_OR_IO;
  }
  try {
    const model = loadModel(resolve(io.cwd, args.schemasDir));
    // Progress only for a person at a terminal, and never mixed into JSON.
    const progress = io.stderrIsTTY && args.format !== 'json' ? terminalProgress(io.stderr, tableBytes(model, dataDir)) : undefined;
    const report = await validateDatasetAuto({
      model,
      dataDir,
      displayDir,
      maxFindingsPerRule: args.maxFindings,
      threads,
      ...(progress ? { onProgress: progress.update } : {}),
    });
    progress?.done();
    if (args.format === 'json') io.stdout(jsonReport(report, displayDir));
    else {
      if (args.format === 'github') {
        io.stdout(githubAnnotations(report, columnFinder(io.cwd)));
        const summaryFile = io.env.GITHUB_STEP_SUMMARY;
        if (summaryFile) io.appendFile(summaryFile, githubStepSummary(report));
      }
      const text = textReport(report, { color: args.format === 'text' && wantsColor(io) });
      // After the annotations, the log is read by the runner too: none of its lines may give a command.
      io.stdout(args.format === 'github' ? workflow.plain(text) : text);
    }
    return report.counts.error > 0 ? EXIT_DATA_ERRORS : EXIT_OK;
  } catch (error) {
    if (isExpectedError(error)) {
      io.stderr(`${terminal.text(error.message)}\n`);
      return EXIT_USAGE_OR_IO;
    }
    if ((error as NodeJS.ErrnoException).code) {
      io.stderr(`I/O error: ${terminal.text((error as Error).message)}\n`);
      return EXIT_USAGE_OR_IO;
    }
    throw error;
  }
}

/** Reads files only for the few findings that become annotations, to point GitHub at the cell's character column. */
function columnFinder(cwd: string): ColumnOf {
  const texts = new Map<string, string | undefined>();
  return (finding: Finding) => {
    if (!finding.cell || finding.line === undefined) return undefined;
    if (!texts.has(finding.file)) texts.set(finding.file, readSmallText(resolve(cwd, finding.file)));
    const text = texts.get(finding.file);
    return text === undefined ? undefined : fieldPosition(text, finding.line, cellColumn(finding.cell));
  };
}

const MAX_ANNOTATED_FILE_BYTES = 64 * 1024 * 1024;

function readSmallText(path: string): string | undefined {
  try {
    // A table as the validator read it: a plain file, never through a link.
    if (plainFileSize(dirname(path), basename(path)) > MAX_ANNOTATED_FILE_BYTES) return undefined;
    const read = readPlainFile(dirname(path), basename(path));
    return typeof read === 'string' ? undefined : new TextDecoder().decode(read.bytes);
  } catch {
    return undefined;
  }
}
