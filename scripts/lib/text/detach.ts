/**
 * A copy of a string that does not keep its source alive. V8 represents substrings of 13 or more
 * characters as views into the string they were cut from, so keeping one id from each 64 KB chunk
 * of a CSV would keep the whole file in memory. Anything kept across rows goes through this.
 */
export function detach(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
}
