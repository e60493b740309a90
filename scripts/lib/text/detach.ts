/**
 * A copy of a string that does not keep its source alive. V8 represents substrings of 13 or more
 * characters as views into the string they were cut from, so keeping one id from each 64 KB chunk
 * of a CSV would keep the whole file in memory. The engine's own stores go through this, so that
 * they stay small wherever the engine runs (`npm run validate` also turns string slices off for rules).
 */
export function detach(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
}
