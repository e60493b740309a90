// One validation thread: reads every table and runs one part of the rules (see validate-in-parallel.ts).
import { parentPort, workerData } from 'node:worker_threads';
import type { DatasetModel } from '../../model/types.ts';
import { CsvReadError } from '../../read/read-csv.ts';
import { RULES } from '../rules/index.ts';
import { validateDataset, type EngineWork, type ValidationReport } from '../validate-dataset.ts';

/** `keys`: the rules that read primary keys and references; `rest`: all the others, which need the schema checks. */
export type RulePart = 'keys' | 'rest';

export interface WorkerTask {
  readonly part: RulePart;
  /** This module, for start-worker.mjs to import. */
  readonly entry: string;
  readonly model: DatasetModel;
  readonly dataDir: string;
  readonly displayDir: string;
  readonly today: number;
  readonly maxFindingsPerRule?: number;
  /** Send progress messages while reading. */
  readonly progress: boolean;
}

export type WorkerMessage =
  | { readonly type: 'progress'; readonly progress: { readonly bytes: number; readonly rows: number } }
  | { readonly type: 'report'; readonly report: ValidationReport }
  | { readonly type: 'failed'; readonly message: string; readonly cannotRead?: { readonly path: string; readonly code?: string } };

const WORK: Record<RulePart, EngineWork> = { keys: { keys: true, schema: false }, rest: { keys: false, schema: true } };

const task = workerData as WorkerTask;
const send = (message: WorkerMessage): void => parentPort!.postMessage(message);
try {
  const report = await validateDataset({
    model: task.model,
    dataDir: task.dataDir,
    displayDir: task.displayDir,
    today: task.today,
    ...(task.maxFindingsPerRule !== undefined ? { maxFindingsPerRule: task.maxFindingsPerRule } : {}),
    rules: RULES.filter((rule) => (rule.meta.usesKeys === true) === (task.part === 'keys')),
    work: WORK[task.part],
    ...(task.progress ? { onProgress: (progress) => send({ type: 'progress', progress: { ...progress } }) } : {}),
  });
  send({ type: 'report', report });
} catch (error) {
  send(
    error instanceof CsvReadError
      ? { type: 'failed', message: error.message, cannotRead: { path: error.path, ...(error.cause.code ? { code: error.cause.code } : {}) } }
      : { type: 'failed', message: (error as Error).stack ?? String(error) },
  );
}
