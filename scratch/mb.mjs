const words = ['pledged_allegiance','member_of','leader_of','2014-11-24','2015-02?','src-0001|src-0002','actor-00012345','likely'];
const big = words.join(',').repeat(1);
const starts = []; let p = 0; for (const w of words) { starts.push([p, p + w.length]); p += w.length + 1; }
const m = new Map(words.map((w) => [w, 1]));
for (const [label, fn] of [['substring+get', (s) => m.get(s)], ['substring only', (s) => s.length]]) {
  let t = performance.now(); let n = 0;
  for (let i = 0; i < 2_000_000; i++) { const [a, b] = starts[i & 7]; const s = (big + '').substring(a, b); n += fn(s) ? 1 : 0; }
  console.log(label, (performance.now() - t).toFixed(0), 'ms per 2M');
}
