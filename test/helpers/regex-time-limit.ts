import { Worker } from 'node:worker_threads';

/** Runs in a worker: the pattern on each input in turn, saying after each one that it finished. */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const pattern = new RegExp(workerData.source, workerData.flags);
for (const [index, input] of workerData.inputs.entries()) {
  pattern.lastIndex = 0;
  pattern.test(input);
  parentPort.postMessage(index);
}`;

/**
 * Tests `pattern` on every input in a worker thread, which is terminated after `limitMs`. Resolves to
 * undefined when every input finished, or to the first input that had not: a catastrophic pattern
 * backtracks for hours, and a test that only waited for it would hang instead of failing.
 */
export function inputStillRunning(pattern: RegExp, inputs: readonly string[], limitMs: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { source: pattern.source, flags: pattern.flags, inputs } });
    let finished = 0;
    const timer = setTimeout(() => void worker.terminate().then(() => resolve(inputs[finished])), limitMs);
    worker.on('message', () => {
      finished++;
      if (finished < inputs.length) return;
      clearTimeout(timer);
      void worker.terminate().then(() => resolve(undefined));
    });
    worker.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

export type WorkerOutcome<T> = { readonly value: T } | { readonly error: string } | { readonly timedOut: true };

/**
 * Calls `name(...args)` of `module` in a worker thread that is terminated after `limitMs`: code that
 * hangs in a loop (a pattern backtracking for hours) cannot be stopped by a test's timeout in the
 * same thread, so a regression would hang the suite instead of failing it. Arguments and the result
 * must survive structured cloning; a thrown error comes back as its message.
 */
export function callWithin<T>(module: URL, name: string, args: readonly unknown[], limitMs: number): Promise<WorkerOutcome<T>> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./call-in-worker.mjs', import.meta.url), { workerData: { module: module.href, name, args } });
    const timer = setTimeout(() => void worker.terminate().then(() => resolve({ timedOut: true })), limitMs);
    worker.once('message', (outcome: WorkerOutcome<T>) => {
      clearTimeout(timer);
      void worker.terminate().then(() => resolve(outcome));
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      resolve({ error: error.message });
    });
  });
}
