import { loadModel } from '../scripts/lib/model/load-model.ts';
import { RULES } from '../scripts/lib/check/rules/index.ts';
import { validateDataset } from '../scripts/lib/check/validate-dataset.ts';
const model = loadModel('schemas');
import v8m from 'node:v8';
let peakUsed = 0, peakTotal = 0;
const timer = setInterval(() => { const h = v8m.getHeapStatistics(); peakUsed = Math.max(peakUsed, h.used_heap_size); peakTotal = Math.max(peakTotal, h.total_heap_size); }, 200);
timer.unref();
const dir = process.argv[2];
for (const part of (process.argv[3] ?? 'keys,rest,keys,rest,all').split(',')) {
  const t = performance.now();
  const r = await validateDataset({ model, dataDir: dir, ...(part === 'all' ? {} : { rules: RULES.filter((x) => (x.meta.usesKeys === true) === (part === 'keys') && !(process.env.EXCLUDE ?? '').split(',').includes(x.meta.code)), work: part === 'keys' ? { keys: true, schema: false } : { keys: false, schema: true } }) });
  console.log(part, (performance.now() - t).toFixed(0), r.counts, 'peak heap used MB', (peakUsed / 2 ** 20).toFixed(0), 'total', (peakTotal / 2 ** 20).toFixed(0), 'rss', (process.memoryUsage().rss / 2 ** 20).toFixed(0)); peakUsed = 0; peakTotal = 0;
}
const v8 = await import('node:v8');
globalThis.gc?.();
const h = v8.getHeapStatistics();
console.log('after gc heap used MB', (h.used_heap_size / 2 ** 20).toFixed(0), 'total', (h.total_heap_size / 2 ** 20).toFixed(0), 'rss', (process.memoryUsage().rss / 2 ** 20).toFixed(0));
