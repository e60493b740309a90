import { resolve } from 'node:path';
import { DEFAULT_MAX_FINDINGS_PER_RULE } from '../check/check-dataset.ts';
import type { ValidationReport } from '../check/check-dataset.ts';
import { diffReport, SUMMARY_BUDGET_BYTES } from '../diff/diff-report.ts';
import * as terminal from '../escape/terminal.ts';
import * as workflow from '../escape/workflow-commands.ts';
import { loadModel } from '../model/load-model.ts';
import type { DatasetModel } from '../model/types.ts';
import { githubAnnotations, githubStepSummary } from '../report/github.ts';
import { jsonReport } from '../report/json.ts';
import { textReport } from '../report/text.ts';
import { FileChangedError } from '../write/atomic-write.ts';
import { contributionsIn, CONTRIBUTIONS_FOLDER, removeContribution, type Contribution } from '../workbook/contributions.ts';
import { importWorkbookFile, type WorkbookFileImport } from '../workbook/workbook-file.ts';
import { parseCommandArgs } from './args.ts';
import { exitForIoError } from './known-errors.ts';
import { EXIT_DATA_ERRORS, EXIT_OK, EXIT_USAGE_OR_IO, type CommandIO } from './io.ts';
import { displayPath, isDirectory, wantsColor } from './paths.ts';

export const IMPORT_USAGE = `Usage: npm run import -- FILE.xlsx [--data DIR] [--check] [--format text|json|github] [--max-findings N]
       npm run import -- --contributions [--data DIR] [--check] [--format text|json|github]

Reads an edited workbook (a release's caucasus-allegiances-X.Y.Z.xlsx, or any .xlsx with a sheet per
table) cell by cell, checks its tables with the rest of DIR as \`npm run validate\` does, and writes
them into DIR as \`npm run format\` writes them, all or none. Sheets are tables by name, or else by
their first row; the derived sheets (entities, codebook) and the date bounds beside each date are
not read back. A number, a date or TRUE/FALSE where text belongs, an error value, a formula without
a saved result, merged cells and cells right of the last column are errors, and nothing is written
while one is left; a formula gives its saved result, never run. Prints what the import changes in
DIR, as \`npm run diff\` shows changes.
  --data DIR       the data folder (default: data)
  --check          write nothing: the findings and what the import would change
  --contributions  every workbook in DIR/${CONTRIBUTIONS_FOLDER}/ (what a pull request adds), each removed once
                   its tables are written (after a merge, \`npm run refresh\` does this)
  --format FORMAT  text (default), json (the report of \`npm run validate -- --format json\`, each
                   finding with its sheet), or github (annotations on the workbook, the findings
                   and the changes in $GITHUB_STEP_SUMMARY, the text for the log)
  --max-findings N findings listed per rule before the rest are only counted (default: ${DEFAULT_MAX_FINDINGS_PER_RULE})
Exit status: 0 imported (or importable, with --check; warnings allowed), 1 the workbook or the data
has errors, 2 usage or I/O problem.
`;

const FORMATS = ['text', 'json', 'github'] as const;
/** The changes listed in the terminal: a workbook of a million rows lists a screenful of them, not a million, and `npm run diff` lists them all. */
const TEXT_DIFF_BUDGET_BYTES = 200_000;
type Format = (typeof FORMATS)[number];

export async function importCommand(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommandArgs(
    argv,
    io,
    IMPORT_USAGE,
    {
      data: { type: 'string', default: 'data' },
      check: { type: 'boolean', default: false },
      contributions: { type: 'boolean', default: false },
      format: { type: 'string', default: 'text' },
      'max-findings': { type: 'string', default: String(DEFAULT_MAX_FINDINGS_PER_RULE) },
    },
    true,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const usageError = (message: string): number => {
    io.stderr(`${message}\n\n${IMPORT_USAGE}`);
    return EXIT_USAGE_OR_IO;
  };
  if (!(FORMATS as readonly string[]).includes(values.format))
    return usageError(`--format must be one of ${FORMATS.join(', ')}, not ${terminal.text(values.format)}`);
  const maxFindings = Number(values['max-findings']);
  if (!Number.isInteger(maxFindings) || maxFindings < 1) return usageError('--max-findings must be a whole number of at least 1');
  if (values.contributions ? positionals.length > 0 : positionals.length !== 1)
    return usageError(values.contributions ? '--contributions takes no file: it imports every workbook in the folder' : 'Give one workbook to import.');
  const dataDir = resolve(io.cwd, values.data);
  if (!isDirectory(dataDir)) {
    io.stderr(`Data directory ${terminal.text(values.data)} does not exist or is not a directory.\n`);
    return EXIT_USAGE_OR_IO;
  }
  const format = values.format as Format;
  try {
    const model = loadModel(resolve(io.cwd, 'schemas'));
    const displayDir = displayPath(io.cwd, dataDir);
    const workbooks: Contribution[] = values.contributions
      ? contributionsIn(dataDir, displayDir)
      : [{ path: resolve(io.cwd, positionals[0]!), label: displayPath(io.cwd, resolve(io.cwd, positionals[0]!)) }];
    if (values.contributions && workbooks.length === 0) {
      if (format !== 'json') io.stdout(`No workbook in ${terminal.text(`${displayDir}/${CONTRIBUTIONS_FOLDER}`)}: nothing to import.\n`);
      else io.stdout(`${JSON.stringify([])}\n`);
      return EXIT_OK;
    }
    let failed = false;
    const reports: string[] = [];
    for (const workbook of workbooks) {
      const outcome = workbook.refused
        ? undefined
        : await importWorkbookFile({
            model,
            dataDir,
            displayDir,
            path: workbook.path,
            label: workbook.label,
            check: values.check,
            maxFindingsPerRule: maxFindings,
          });
      const report = workbook.refused ?? outcome!.result.report;
      failed ||= report.counts.error > 0 || (outcome?.result.blocking.length ?? 0) > 0;
      if (values.contributions && !values.check && outcome && outcome.result.blocking.length === 0) removeContribution(dataDir, workbook.path);
      if (format === 'json') reports.push(jsonReport(report, displayDir));
      else print(io, model, format, workbook, report, outcome, { check: values.check, displayDir, removed: values.contributions && !values.check });
    }
    // One workbook: its report, as validate's; several: an array of them.
    if (format === 'json') io.stdout(values.contributions ? `[${reports.map((r) => r.trimEnd()).join(',\n')}]\n` : reports[0]!);
    return failed ? EXIT_DATA_ERRORS : EXIT_OK;
  } catch (error) {
    if (error instanceof FileChangedError) {
      io.stderr(`${terminal.text(error.message)}\n`);
      return EXIT_USAGE_OR_IO;
    }
    return exitForIoError(io, error);
  }
}

interface PrintOptions {
  readonly check: boolean;
  readonly displayDir: string;
  readonly removed: boolean;
}

/** The findings, what the import changes in the data folder, and what was written, for a terminal, or for GitHub. */
function print(
  io: CommandIO,
  model: DatasetModel,
  format: 'text' | 'github',
  workbook: Contribution,
  report: ValidationReport,
  outcome: WorkbookFileImport | undefined,
  options: PrintOptions,
): void {
  const title = `What importing ${workbook.label} ${options.check ? 'would change' : 'changes'} in ${options.displayDir}/`;
  const status = outcome ? outcomeLine(workbook, outcome, options) : `${workbook.label} was not read.`;
  const text = [
    textReport(report, { color: format === 'text' && wantsColor(io) }),
    ...(outcome && outcome.result.blocking.length === 0 ? [diffReport(model, outcome.diff, title, { format: 'text', maxBytes: TEXT_DIFF_BUDGET_BYTES })] : []),
    `${terminal.text(status)}\n`,
  ].join('\n');
  if (format === 'text') return io.stdout(text);
  io.stdout(githubAnnotations(report));
  const summary = io.env.GITHUB_STEP_SUMMARY;
  if (summary) {
    const changes =
      outcome && outcome.result.blocking.length === 0 ? diffReport(model, outcome.diff, title, { format: 'markdown', maxBytes: SUMMARY_BUDGET_BYTES / 2 }) : '';
    io.appendFile(summary, `${githubStepSummary(report, `Workbook ${workbook.label}`)}\n${changes}`);
  }
  io.stdout(workflow.plain(text));
}

/** What the import did, in a sentence. */
function outcomeLine(workbook: Contribution, outcome: WorkbookFileImport, options: PrintOptions): string {
  const { result, changed, written } = outcome;
  if (result.blocking.length) {
    const why = result.blocking.some((f) => f.file === workbook.label) ? 'the errors above' : 'the structural errors above';
    return `Nothing ${options.check ? 'would be' : 'was'} written: fix ${why} in the workbook first.`;
  }
  if (changed.length === 0) return `${workbook.label} changes nothing in ${options.displayDir}/${options.removed ? '; it was removed' : ''}.`;
  if (!written) return `Nothing written (--check); the import would rewrite ${changed.join(', ')}.`;
  return `Wrote ${changed.join(', ')}${options.removed ? `, and removed ${workbook.label}` : ''}.`;
}
