import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { SchemaError } from '../../model/schema-checks.ts';
import { plainFileSize } from '../../files/confined.ts';
import { CsvReadError } from '../../read/read-csv.ts';
import type { DatasetModel } from '../../model/types.ts';
import { compareFindings, countFindings } from '../finding.ts';
import { RULES } from '../rules/index.ts';
import { validateDataset, type ValidateOptions, type ValidationReport } from '../validate-dataset.ts';
import type { WorkerMessage, WorkerRules, WorkerTask } from './worker.ts';

/** Below this many bytes of tables, starting the worker costs more than it saves. */
export const PARALLEL_FROM_BYTES = 8 * 2 ** 20;

export interface AutoValidateOptions extends ValidateOptions {
  /** `auto` (the default) uses two threads for large data on a machine with two cores or more. */
  readonly threads?: 'auto' | 1 | 2;
}

/**
 * The validator as the CLI runs it. Large datasets are checked on two threads at once, each reading
 * every table and running a share of the rules: this thread the rules that read primary keys and
 * references, which only it collects (those whose meta declares `readsKeys`), and a worker the rest.
 * A rule that reads keys without declaring it makes the worker say so, and the data is checked
 * again on one thread (the rules' tests refuse such a rule). Each rule runs in exactly one thread and the engine decides which finding wins on a
 * cell in each, so the findings, caps included, are those of one thread.
 */
export async function validateDatasetAuto(options: AutoValidateOptions): Promise<ValidationReport> {
  const { threads: _threads, ...single } = options;
  if (threadsFor(options) === 1) return validateDataset(single);
  const today = options.today ?? Date.now();
  const worker = startWorker({
    entry: new URL('./worker.ts', import.meta.url).href,
    model: options.model,
    dataDir: options.dataDir,
    displayDir: options.displayDir ?? options.dataDir,
    today,
    ...(options.maxFindingsPerRule !== undefined ? { maxFindingsPerRule: options.maxFindingsPerRule } : {}),
  });
  try {
    worker.run(RULES.filter((rule) => !rule.meta.readsKeys).map((rule) => rule.meta.code));
    // The rules that declare they read keys run here meanwhile, and report progress as one thread would.
    const keys = await validateDataset({ ...single, today, share: { rules: RULES.filter((rule) => rule.meta.readsKeys), collectKeys: true } });
    const rest = await worker.report;
    if (rest.readKeys?.length) return validateDataset({ ...single, today });
    return mergeReports([keys, rest]);
  } finally {
    await worker.stop();
  }
}

/** How many threads a run uses: two when asked, or by default for large data on a machine with two cores or more. */
export function threadsFor(options: AutoValidateOptions, cores = availableParallelism()): 1 | 2 {
  // Custom rules, archives, chunk sizes (tests) or tables in memory do not cross to another thread.
  const possible =
    options.rules === undefined &&
    options.archive === undefined &&
    options.chunkSize === undefined &&
    options.share === undefined &&
    options.sources === undefined;
  if (!possible || options.threads === 1) return 1;
  if (options.threads === 2) return 2;
  return cores >= 2 && tableBytes(options.model, options.dataDir) >= PARALLEL_FROM_BYTES ? 2 : 1;
}

/** Bytes of the table files that exist. */
export function tableBytes(model: DatasetModel, dataDir: string): number {
  return model.tables.reduce((sum, table) => sum + plainFileSize(dataDir, table.file), 0);
}

/** Starts the worker that runs a share of the rules, once `run` names them; `stop` ends it whether or not it finished. */
function startWorker(task: WorkerTask): { run(rules: readonly string[]): void; readonly report: Promise<ValidationReport>; stop(): Promise<number> } {
  // A small young generation: the worker's garbage is short-lived, and peak memory counts.
  const worker = new Worker(new URL('./start-worker.mjs', import.meta.url), { workerData: task, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
  const report = new Promise<ValidationReport>((resolve, reject) => {
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'report') resolve(message.report);
      else if (message.cannotRead)
        reject(new CsvReadError(message.cannotRead.path, Object.assign(new Error(message.message), { code: message.cannotRead.code })));
      else if (message.schema) reject(new SchemaError(message.message, message.schema.file, message.schema.pointer));
      else reject(new Error(message.message));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`validation worker stopped with exit code ${code}`)));
  });
  // Until awaited, a failure must not count as unhandled: the other part may fail first.
  report.catch(() => {});
  return { run: (rules) => worker.postMessage({ rules } satisfies WorkerRules), report, stop: () => worker.terminate() };
}

/** One report from the two shares of the rules: every finding once, counts added, the tables as either saw them. */
function mergeReports(reports: readonly ValidationReport[]): ValidationReport {
  const findings = reports.flatMap((report) => report.findings).sort(compareFindings);
  const omitted = reports.flatMap((report) => report.omitted);
  return { findings, omitted, counts: countFindings(findings, omitted), tables: reports[0]!.tables };
}
