import { loadModel } from '../scripts/lib/model/load-model.ts';
import { RULES } from '../scripts/lib/check/rules/index.ts';
import { validateDataset } from '../scripts/lib/check/validate-dataset.ts';
const model = loadModel('schemas');
const dir = process.argv[2];
for (const part of (process.argv[3] ?? 'keys,rest,keys,rest,all').split(',')) {
  const t = performance.now();
  const r = await validateDataset({ model, dataDir: dir, ...(part === 'all' ? {} : { rules: RULES.filter((x) => (x.meta.usesKeys === true) === (part === 'keys')), work: part === 'keys' ? { keys: true, schema: false } : { keys: false, schema: true } }) });
  console.log(part, (performance.now() - t).toFixed(0), r.counts);
}
