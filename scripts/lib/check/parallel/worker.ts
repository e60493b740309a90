// The validation thread that runs the rules that do not read keys (see validate-in-parallel.ts).
import { parentPort, workerData } from 'node:worker_threads';
import type { DatasetModel } from '../../model/types.ts';
import { SchemaError } from '../../model/schema-checks.ts';
import { CsvReadError } from '../../read/read-csv.ts';
import { validateDataset, type ValidationReport } from '../validate-dataset.ts';
import { RULES } from '../rules/index.ts';

export interface WorkerTask {
  /** This module, for start-worker.mjs to import. */
  readonly entry: string;
  readonly model: DatasetModel;
  readonly dataDir: string;
  readonly displayDir: string;
  readonly today: number;
  readonly maxFindingsPerRule?: number;
}

/** Sent to the worker once the rules that read keys are known (while it was starting): the codes of the rules it runs. */
export interface WorkerRules {
  readonly rules: readonly string[];
}

export type WorkerMessage =
  | { readonly type: 'report'; readonly report: ValidationReport }
  | {
      readonly type: 'failed';
      readonly message: string;
      readonly cannotRead?: { readonly path: string; readonly code?: string };
      /** The schemas could not be compiled (SchemaError): a message for the user, not a bug. */
      readonly schema?: { readonly file?: string; readonly pointer?: string };
    };

const task = workerData as WorkerTask;
const send = (message: WorkerMessage): void => parentPort!.postMessage(message);
try {
  const { rules } = await new Promise<WorkerRules>((resolve) => parentPort!.once('message', resolve));
  const report = await validateDataset({
    model: task.model,
    dataDir: task.dataDir,
    displayDir: task.displayDir,
    today: task.today,
    ...(task.maxFindingsPerRule !== undefined ? { maxFindingsPerRule: task.maxFindingsPerRule } : {}),
    share: { rules: RULES.filter((rule) => rules.includes(rule.meta.code)), collectKeys: false },
  });
  send({ type: 'report', report });
} catch (error) {
  send(
    error instanceof CsvReadError
      ? { type: 'failed', message: error.message, cannotRead: { path: error.path, ...(error.cause.code ? { code: error.cause.code } : {}) } }
      : error instanceof SchemaError
        ? {
            type: 'failed',
            message: error.message,
            schema: { ...(error.file ? { file: error.file } : {}), ...(error.pointer !== undefined ? { pointer: error.pointer } : {}) },
          }
        : { type: 'failed', message: (error as Error).stack ?? String(error) },
  );
}
