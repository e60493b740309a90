// Calls one exported function of a TypeScript module in a worker thread (see callWithin in
// regex-time-limit.ts). Worker threads do not inherit tsx's loader in Node 20: register it first.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
try {
  const module = await import(workerData.module);
  parentPort.postMessage({ value: await module[workerData.name](...workerData.args) });
} catch (error) {
  parentPort.postMessage({ error: String(error?.stack ?? error) });
}
