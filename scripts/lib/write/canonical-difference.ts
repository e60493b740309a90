/**
 * In a few words, how a table's text differs from its canonical form, for a contributor who cannot
 * run `format`: the kinds of difference a spreadsheet makes, then where the first differing line is.
 */
export function canonicalDifference(current: string, canonical: string): string[] {
  const reasons: string[] = [];
  if (current.startsWith('\uFEFF')) reasons.push('it starts with a byte-order mark');
  if (/\r\n/.test(current)) reasons.push('its lines end in CRLF (Windows) instead of LF');
  else if (/\r/.test(current)) reasons.push('its lines end in CR (old Mac) instead of LF');
  if (current !== '' && !/[\r\n]$/.test(current)) reasons.push('it has no final line break');
  const lines = current.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const wanted = canonical.split('\n');
  const [firstLine = ''] = lines;
  if (firstLine.includes(';') && !firstLine.includes(',')) reasons.push('its cells are separated by semicolons');
  else if (firstLine.includes('\t') && !firstLine.includes(',')) reasons.push('its cells are separated by tabs');
  else if (firstLine !== wanted[0]) reasons.push('its columns are not in the schema’s order');
  const sorted = (list: string[]): string => [...list].sort().join('\n');
  if (reasons.length === 0 && lines.length === wanted.length && sorted(lines) === sorted(wanted)) reasons.push('its rows are not sorted by id');
  if (reasons.length === 0) reasons.push(firstDifferingLine(lines, wanted));
  return reasons;
}

/** Where the text first departs from the canonical lines: blank lines, or a line written otherwise. */
function firstDifferingLine(lines: readonly string[], wanted: readonly string[]): string {
  const at = Array.from({ length: Math.max(lines.length, wanted.length) }, (_, i) => i).find((i) => lines[i] !== wanted[i]) ?? 0;
  const blankLinesAfter = lines.slice(at).filter((line) => line === '').length;
  // Canonical text ends in one line break, so its last "line" is the empty string after it.
  if (at >= wanted.length - 1 && blankLinesAfter === lines.length - at) return 'it ends in blank lines';
  if (lines[at] === '' && lines.length > wanted.length) return `line ${at + 1} is blank`;
  return `line ${at + 1} differs (spaces around cells, quoting, or characters in another Unicode form)`;
}

/** Why a table's bytes are not its canonical form, as `format --check` and `refresh --check` say it: `not in canonical form: its lines end in CRLF…`. */
export function notCanonicalBecause(current: Uint8Array, canonical: Uint8Array): string {
  const utf16 = (current[0] === 0xff && current[1] === 0xfe) || (current[0] === 0xfe && current[1] === 0xff);
  const reasons = utf16
    ? ['it is UTF-16, not UTF-8']
    : // A byte order mark kept, to be named: TextDecoder drops it by default.
      canonicalDifference(new TextDecoder('utf-8', { ignoreBOM: true }).decode(current), new TextDecoder().decode(canonical));
  return `not in canonical form: ${reasons.join('; ')}`;
}
