import { readCsv } from '/work/main/scripts/lib/read/read-csv.ts';
import { createReadStream } from 'node:fs';
import Papa from 'papaparse';
const dir = process.argv[2];
for (let i = 0; i < 2; i++) {
let t = performance.now(); let n = 0;
for (const f of ['sources.csv','actors.csv','groups.csv','allegiances.csv']) await readCsv(`${dir}/${f}`, () => void n++);
console.log('reader', n, (performance.now()-t).toFixed(0));
t = performance.now(); n = 0;
for (const f of ['sources.csv','actors.csv','groups.csv','allegiances.csv']) await new Promise<void>((res) => (Papa.parse as any)(createReadStream(`${dir}/${f}`, { encoding: 'utf8' }), { delimiter: ',', newline: '\n', step: () => void n++, complete: res }));
console.log('floor', n, (performance.now()-t).toFixed(0));
}
