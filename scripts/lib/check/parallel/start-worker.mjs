// Worker threads do not inherit tsx's loader in Node 20, so each worker registers it before loading
// its TypeScript entry (see validate-in-parallel.ts).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
