// The validation thread that runs the rules that do not use keys (see validate-in-parallel.ts).
import { parentPort, workerData } from 'node:worker_threads';
import type { DatasetModel } from '../../model/types.ts';
import { CsvReadError } from '../../read/read-csv.ts';
import { validateDataset, type ValidationReport } from '../validate-dataset.ts';
import { rulePart, type RulePart } from './rule-parts.ts';

export interface WorkerTask {
  readonly part: RulePart;
  /** This module, for start-worker.mjs to import. */
  readonly entry: string;
  readonly model: DatasetModel;
  readonly dataDir: string;
  readonly displayDir: string;
  readonly today: number;
  readonly maxFindingsPerRule?: number;
}

export type WorkerMessage =
  | { readonly type: 'report'; readonly report: ValidationReport }
  | { readonly type: 'failed'; readonly message: string; readonly cannotRead?: { readonly path: string; readonly code?: string } };

const task = workerData as WorkerTask;
const send = (message: WorkerMessage): void => parentPort!.postMessage(message);
try {
  const report = await validateDataset({
    model: task.model,
    dataDir: task.dataDir,
    displayDir: task.displayDir,
    today: task.today,
    ...(task.maxFindingsPerRule !== undefined ? { maxFindingsPerRule: task.maxFindingsPerRule } : {}),
    ...rulePart(task.part),
  });
  send({ type: 'report', report });
} catch (error) {
  send(
    error instanceof CsvReadError
      ? { type: 'failed', message: error.message, cannotRead: { path: error.path, ...(error.cause.code ? { code: error.cause.code } : {}) } }
      : { type: 'failed', message: (error as Error).stack ?? String(error) },
  );
}
