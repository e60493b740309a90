import { closeSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { SchemaError } from '../../model/schema-checks.ts';
import { openPlainFile, plainFileSize, type OpenedFile } from '../../files/confined.ts';
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
  /** Bytes of each table the rules are first tried on, to see which read keys; only tests change it. */
  readonly sampleBytes?: number;
}

/** Enough rows of each table for every rule to show whether it reads keys. */
const SAMPLE_BYTES = 64 * 1024;

/**
 * The validator as the CLI runs it. Large datasets are checked on two threads at once, each reading
 * every table and running a share of the rules: this thread the rules that read primary keys and
 * references, which only it collects, and a worker the rest. Which rules read them is seen, not
 * declared: every rule is first run on the first rows of each table in a run that collects no keys.
 * A rule that reads keys only further on makes the worker say so, and the data is checked again on
 * one thread. Each rule runs in exactly one thread and the engine decides which finding wins on a
 * cell in each, so the findings, caps included, are those of one thread.
 */
export async function validateDatasetAuto(options: AutoValidateOptions): Promise<ValidationReport> {
  const { threads: _threads, sampleBytes = SAMPLE_BYTES, ...single } = options;
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
    // Found while the worker starts, which takes longer.
    const readKeys = await rulesReadingKeys({ ...single, today }, sampleBytes);
    worker.run(RULES.filter((rule) => !readKeys.has(rule.meta.code)).map((rule) => rule.meta.code));
    // The key rules run here meanwhile, and report progress as one thread would.
    const keys = await validateDataset({ ...single, today, share: { rules: RULES.filter((rule) => readKeys.has(rule.meta.code)), collectKeys: true } });
    const rest = await worker.report;
    if (rest.readKeys?.length) return validateDataset({ ...single, today });
    return mergeReports([keys, rest]);
  } finally {
    await worker.stop();
  }
}

/** The rules that read keys on the first `sampleBytes` of each table (cut at a line break), found in a run that collects none. */
export async function rulesReadingKeys(options: ValidateOptions, sampleBytes = SAMPLE_BYTES): Promise<ReadonlySet<string>> {
  const samples = new Map<string, Uint8Array>();
  for (const table of options.model.tables) {
    const sample = fileStart(options.dataDir, table.file, sampleBytes);
    if (sample) samples.set(table.file, sample);
  }
  const { onProgress: _progress, ...quiet } = options;
  const report = await validateDataset({ ...quiet, sources: samples, share: { rules: RULES, collectKeys: false } });
  return new Set(report.readKeys);
}

/**
 * Up to `bytes` of a table, ending after its last line break within them; undefined when there is no
 * such file or it is a link (the run itself then says so) or cannot be read.
 */
function fileStart(dataDir: string, file: string, bytes: number): Uint8Array | undefined {
  const opened = openIfTable(dataDir, file);
  if (opened === undefined) return undefined;
  const size = Number(opened.stamp.size);
  const start = new Uint8Array(Math.min(bytes, size));
  try {
    readSync(opened.fd, start, 0, start.length, 0);
  } catch {
    return undefined;
  } finally {
    closeSync(opened.fd);
  }
  const end = start.lastIndexOf(0x0a);
  return end < 0 || start.length === size ? start : start.subarray(0, end + 1);
}

/** The table opened, or undefined when it is missing, a link or not a file at all. */
function openIfTable(dataDir: string, file: string): OpenedFile | undefined {
  try {
    const opened = openPlainFile(dataDir, file);
    return typeof opened === 'string' ? undefined : opened;
  } catch (error) {
    if (error instanceof CsvReadError) return undefined;
    throw error;
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
