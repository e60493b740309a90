const N = 100000;
const ids = Array.from({ length: N }, (_, i) => `actor-${String(i).padStart(7, '0')}`);
const m = new Map(ids.map((id, i) => [id, i]));
const o = Object.create(null); ids.forEach((id, i) => (o[id] = i));
const big = ids.join(',');
const L = ids[0].length;
function run(label, f) {
  const t = performance.now(); let hits = 0;
  for (let r = 0; r < 35; r++) { let p = 0; for (let i = 0; i < N; i++) { const s = big.substring(p, p + L); p += L + 1; if (f(s, i) !== undefined) hits++; } }
  console.log(label, (performance.now() - t).toFixed(0), hits);
}
run('substring only', (s) => s.length);
run('map fresh', (s) => m.get(s));
run('obj fresh', (s) => o[s]);
run('map same', (s, i) => m.get(ids[i]));
// shuffled access
const perm = Array.from({ length: N }, (_, i) => (i * 7919) % N);
run('map same random', (s, i) => m.get(ids[perm[i]]));
