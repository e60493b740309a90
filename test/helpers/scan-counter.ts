/**
 * How many characters the string searches of some work may read: every call of `indexOf`,
 * `lastIndexOf` and `includes` on a string, and of a regular expression's `exec` (through which
 * `test`, `match`, `replace`, `split` and `search` run once it is replaced), counts the characters
 * from where it starts to where it stops (a match's end, or the end of the text); `split`, `replace`
 * and `replaceAll` by a string count the whole text. A search that is
 * not bounded by its row reads on to the end of its text, so on a text that grows with the data its
 * count per row grows too: a deterministic measure of the work per row, unlike a timer.
 */
export async function charactersScanned(work: () => Promise<unknown>): Promise<number> {
  const { indexOf, lastIndexOf, includes, split, replace, replaceAll } = String.prototype;
  const { exec } = RegExp.prototype;
  let scanned = 0;
  const from = (position: number | undefined, length: number): number => Math.min(Math.max(Math.trunc(position ?? 0) || 0, 0), length);
  String.prototype.indexOf = function (this: string, search: string, position?: number): number {
    const start = from(position, this.length);
    const at = indexOf.call(this, search, position);
    scanned += Math.max(1, (at < 0 ? this.length : at + search.length) - start);
    return at;
  };
  String.prototype.includes = function (this: string, search: string, position?: number): boolean {
    const start = from(position, this.length);
    const at = indexOf.call(this, search, position);
    scanned += Math.max(1, (at < 0 ? this.length : at + search.length) - start);
    return at >= 0;
  };
  String.prototype.lastIndexOf = function (this: string, search: string, position?: number): number {
    const start = position === undefined ? this.length : from(position, this.length);
    const at = lastIndexOf.call(this, search, position);
    scanned += Math.max(1, at < 0 ? start : start - at);
    return at;
  };
  // By a regular expression these run through `exec`, counted there.
  const wholeText = <A extends unknown[], R>(original: (this: string, pattern: unknown, ...rest: A) => R) =>
    function (this: string, pattern: unknown, ...rest: A): R {
      if (!(pattern instanceof RegExp)) scanned += Math.max(1, this.length);
      return original.call(this, pattern, ...rest);
    };
  String.prototype.split = wholeText(split as never) as typeof split;
  String.prototype.replace = wholeText(replace as never) as typeof replace;
  String.prototype.replaceAll = wholeText(replaceAll as never) as typeof replaceAll;
  RegExp.prototype.exec = function (this: RegExp, text: string): RegExpExecArray | null {
    const input = String(text);
    const start = this.global || this.sticky ? this.lastIndex : 0;
    const match = exec.call(this, input);
    scanned += this.sticky ? Math.max(1, match?.[0].length ?? 1) : Math.max(1, (match ? match.index + match[0].length : input.length) - start);
    return match;
  };
  try {
    await work();
  } finally {
    Object.assign(String.prototype, { indexOf, lastIndexOf, includes, split, replace, replaceAll });
    RegExp.prototype.exec = exec;
  }
  return scanned;
}
