import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CsvReadError } from '../../read/read-csv.ts';
import type { DatasetModel } from '../../model/types.ts';
import { countFindings, withoutConsequences } from '../consequences.ts';
import { compareFindings } from '../finding.ts';
import { RULES } from '../rules/index.ts';
import { validateDataset, type ValidateOptions, type ValidationReport } from '../validate-dataset.ts';
import { rulePart } from './rule-parts.ts';
import type { WorkerMessage, WorkerTask } from './worker.ts';

/** Below this many bytes of tables, starting the worker costs more than it saves. */
export const PARALLEL_FROM_BYTES = 8 * 2 ** 20;

export interface AutoValidateOptions extends ValidateOptions {
  /** `auto` (the default) uses two threads for large data on a machine with two cores or more. */
  readonly threads?: 'auto' | 1 | 2;
}

/**
 * The validator as the CLI runs it. Large datasets are checked on two threads at once, each reading
 * every table and running one part of the rules: this thread those that need keys and references,
 * a worker the rest (measured the faster way round). Each rule runs in exactly one of them, so the
 * findings, caps included, are the same as on one thread.
 */
export async function validateDatasetAuto(options: AutoValidateOptions): Promise<ValidationReport> {
  const { threads: _threads, ...single } = options;
  if (threadsFor(options) === 1) return validateDataset(single);
  const today = options.today ?? Date.now();
  const worker = startWorker({
    part: 'rest',
    entry: new URL('./worker.ts', import.meta.url).href,
    model: options.model,
    dataDir: options.dataDir,
    displayDir: options.displayDir ?? options.dataDir,
    today,
    ...(options.maxFindingsPerRule !== undefined ? { maxFindingsPerRule: options.maxFindingsPerRule } : {}),
  });
  try {
    // The key rules run here meanwhile, and report progress as one thread would.
    const keys = await validateDataset({ ...single, today, ...rulePart('keys') });
    return mergeReports([keys, await worker.report]);
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
    options.work === undefined &&
    options.sources === undefined;
  if (!possible || options.threads === 1) return 1;
  if (options.threads === 2) return 2;
  return cores >= 2 && tableBytes(options.model, options.dataDir) >= PARALLEL_FROM_BYTES ? 2 : 1;
}

/** Bytes of the table files that exist. */
export function tableBytes(model: DatasetModel, dataDir: string): number {
  return model.tables.reduce((sum, table) => {
    const path = join(dataDir, table.file);
    return sum + (existsSync(path) ? statSync(path).size : 0);
  }, 0);
}

/** Starts the worker that runs one part of the rules; `stop` ends it whether or not it finished. */
function startWorker(task: WorkerTask): { readonly report: Promise<ValidationReport>; stop(): Promise<number> } {
  // A small young generation: the worker's garbage is short-lived, and peak memory counts.
  const worker = new Worker(new URL('./start-worker.mjs', import.meta.url), { workerData: task, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
  const report = new Promise<ValidationReport>((resolve, reject) => {
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'report') resolve(message.report);
      else if (message.cannotRead)
        reject(new CsvReadError(message.cannotRead.path, Object.assign(new Error(message.message), { code: message.cannotRead.code })));
      else reject(new Error(message.message));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`validation worker stopped with exit code ${code}`)));
  });
  // Until awaited, a failure must not count as unhandled: the other part may fail first.
  report.catch(() => {});
  return { report, stop: () => worker.terminate() };
}

/** One report from the two halves of the rules: every finding once, counts added, the tables as either saw them. */
function mergeReports(reports: readonly ValidationReport[]): ValidationReport {
  // A finding of one part can explain a finding of the other on the same cell (garbled text, a quote not found).
  const outranking = new Set(RULES.filter((rule) => rule.meta.outranksOnCell).map((rule) => rule.meta.code));
  const findings = withoutConsequences(
    reports.flatMap((report) => report.findings),
    outranking,
  ).sort(compareFindings);
  const omitted = reports.flatMap((report) => report.omitted);
  return { findings, omitted, counts: countFindings(findings, omitted), tables: reports[0]!.tables };
}
