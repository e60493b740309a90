const N = 120000, L = 3_500_000;
const ids = Array.from({ length: N }, (_, i) => `actor-${String(i).padStart(7, '0')}`);
const m = new Map(ids.map((id, i) => [id, i]));
function hashOf(s) { let h = 0x811c9dc5; for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193); return h >>> 0; }
const cap = 1 << 18, mask = cap - 1; const slotKey = new Int32Array(cap).fill(-1); const slotHash = new Uint32Array(cap); const keys = [];
for (let i = 0; i < N; i++) { const h = hashOf(ids[i]); let s = h & mask; while (slotKey[s] !== -1) s = (s + 1) & mask; slotKey[s] = i; slotHash[s] = h; keys.push(ids[i]); }
function get(k) { const h = hashOf(k); let s = h & mask; for (;;) { const i = slotKey[s]; if (i === -1) return undefined; if (slotHash[s] === h && keys[i] === k) return i; s = (s + 1) & mask; } }
const order = Array.from({ length: L }, (_, i) => (i * 7919 + 13) % N);
const text = order.map((i) => ids[i]).join(',');
const W = ids[0].length;
for (const [label, f] of [['map', (s) => m.get(s)], ['table', get], ['map', (s) => m.get(s)], ['table', get]]) {
  const t = performance.now(); let hits = 0;
  for (let j = 0, p = 0; j < L; j++, p += W + 1) if (f(text.substring(p, p + W)) !== undefined) hits++;
  console.log(label, (performance.now() - t).toFixed(0), hits);
}
for (const [label, f] of [['substr', (s) => s.length], ['hash only', (s) => hashOf(s)], ['slot probe', (s) => slotKey[hashOf(s) & mask]]]) {
  const t = performance.now(); let hits = 0;
  for (let j = 0, p = 0; j < L; j++, p += W + 1) if (f(text.substring(p, p + W)) !== undefined) hits++;
  console.log(label, (performance.now() - t).toFixed(0), hits);
}
function getNoCmp(k) { const h = hashOf(k); let s = h & mask; for (;;) { const i = slotKey[s]; if (i === -1) return undefined; if (slotHash[s] === h) return i; s = (s + 1) & mask; } }
const keyCodes = ids.map((id) => id);
function getCmpLen(k) { const h = hashOf(k); let s = h & mask; for (;;) { const i = slotKey[s]; if (i === -1) return undefined; if (slotHash[s] === h && keys[i].length === k.length) return i; s = (s + 1) & mask; } }
function getCmpChars(k) { const h = hashOf(k); let s = h & mask; for (;;) { const i = slotKey[s]; if (i === -1) return undefined; if (slotHash[s] === h) { const c = keys[i]; let eq = c.length === k.length; for (let x = 0; eq && x < c.length; x++) eq = c.charCodeAt(x) === k.charCodeAt(x); if (eq) return i; } s = (s + 1) & mask; } }
for (const [label, f] of [['no cmp', getNoCmp], ['cmp len', getCmpLen], ['cmp chars', getCmpChars], ['===', get]]) {
  const t = performance.now(); let hits = 0;
  for (let j = 0, p = 0; j < L; j++, p += W + 1) if (f(text.substring(p, p + W)) !== undefined) hits++;
  console.log(label, (performance.now() - t).toFixed(0), hits);
}
