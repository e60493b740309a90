import { Worker } from 'node:worker_threads';
import { loadModel } from '../scripts/lib/model/load-model.ts';
const t = performance.now();
const m = loadModel('schemas');
const w = new Worker(new URL('./boot.mjs', import.meta.url), { workerData: { entry: new URL('./w2.ts', import.meta.url).href, m } });
w.on('message', (x) => { console.log('msg', x, performance.now() - t); w.terminate(); });
w.on('error', (e) => console.log('err', e));
