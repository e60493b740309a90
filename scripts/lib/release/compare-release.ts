import Papa from 'papaparse';
import { sha256 } from './manifest.ts';

/**
 * How a file of a downloaded release differs from the same file rebuilt from the release's own CSVs,
 * schemas and texts. Hashes taken while reading decide which files differ; a differing file is read
 * once more, a piece at a time, to say where (so the large formats are never held whole).
 */
export interface FileDifference {
  readonly path: string;
  readonly problem: 'differs' | 'missing' | 'extra';
  /** Where and how, in words: a table's row and cell, a line, or the first differing byte. */
  readonly detail?: string;
}

/** Reads a file of the release again, handing its bytes to `onChunk` a piece at a time. */
export type Reread = (path: string, onChunk: (bytes: Uint8Array) => void) => Promise<void>;

/** Lines and values quoted in a difference are cut to this many characters. */
const SHOWN_CHARS = 120;
/** Of the shipped file, at most this many bytes of the line where it first differs are kept. */
const MAX_LINE_BYTES = 16 * 1024;

const cut = (text: string): string => (text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…` : text);
const quoted = (text: string): string => JSON.stringify(cut(text));

/** Where a stream of bytes first departs from `expected`: the byte offset, the line (1-based) and that line of the stream. */
export interface FirstDifference {
  readonly offset: number;
  readonly line: number;
  /** The stream's line where it differs, as text (cut to MAX_LINE_BYTES), or undefined when the stream ended first. */
  readonly actualLine: string | undefined;
}

/** Compares a stream with `expected` without holding the stream: only the current line is kept. */
export async function firstDifference(
  expected: Uint8Array,
  read: (onChunk: (bytes: Uint8Array) => void) => Promise<void>,
): Promise<FirstDifference | undefined> {
  let offset = 0;
  let line = 1;
  let lineBytes: number[] = [];
  let found: { offset: number; line: number } | undefined;
  let lineDone = false;
  await read((chunk) => {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (found) {
        if (lineDone) return;
        if (byte === 0x0a || lineBytes.length >= MAX_LINE_BYTES) lineDone = true;
        else lineBytes.push(byte);
        continue;
      }
      if (offset >= expected.length || expected[offset] !== byte) {
        found = { offset, line };
        if (byte === 0x0a) lineDone = true;
        else lineBytes.push(byte);
        continue;
      }
      offset++;
      if (byte === 0x0a) {
        line++;
        lineBytes = [];
      } else if (lineBytes.length < MAX_LINE_BYTES) lineBytes.push(byte);
    }
  });
  const text = (): string => new TextDecoder().decode(new Uint8Array(lineBytes));
  if (found) return { ...found, actualLine: text() };
  // The stream is a prefix of what was expected (or equal to it).
  return offset === expected.length ? undefined : { offset, line, actualLine: lineBytes.length ? text() : undefined };
}

/** The line `line` (1-based) of a text. */
const lineOf = (text: string, line: number): string | undefined => text.split('\n')[line - 1];

/** A text file's difference: the line, what it holds and what the rebuild holds there; for JSON, the key or row and cell too. */
export function textDifference(path: string, rebuilt: Uint8Array, difference: FirstDifference, primaryKey?: string): string {
  const text = new TextDecoder().decode(rebuilt);
  const expected = lineOf(text, difference.line);
  const where = path.endsWith('.json') ? jsonWhere(text, difference.line, primaryKey) : '';
  const actual = difference.actualLine;
  if (actual === undefined) return `it ends at line ${difference.line}${where}, where the rebuild goes on with ${quoted(expected ?? '')}`;
  if (expected === undefined) return `it goes on past the rebuild's end, at line ${difference.line}: ${quoted(actual)}`;
  return `line ${difference.line}${where}: the file has ${quoted(actual.trim())}, the rebuild ${quoted(expected.trim())}`;
}

/**
 * Where a line of a JSON file this project wrote (two-space indents, one key a line) is: a table's row
 * and column (`rows[3]`, id and key), or the nearest key above it.
 */
function jsonWhere(text: string, line: number, primaryKey?: string): string {
  const lines = text.split('\n').slice(0, line);
  const rowsAt = lines.findIndex((l) => /^ {2}"rows": \[/.test(l));
  const key = (indent: number): string | undefined => {
    for (let i = lines.length - 1; i >= 0; i--) {
      const match = new RegExp(`^ {${indent}}"((?:[^"\\\\]|\\\\.)*)":`).exec(lines[i]!);
      if (match) return JSON.parse(`"${match[1]}"`) as string;
      if (indent === 6 && /^ {4}\{/.test(lines[i]!)) return undefined;
    }
    return undefined;
  };
  if (rowsAt < 0 || line - 1 <= rowsAt) {
    // Outside the rows: the key on that line, or the nearest one above it.
    const nearest = lines
      .map((l) => /^\s*"((?:[^"\\]|\\.)*)":/.exec(l)?.[1])
      .filter(Boolean)
      .pop();
    return nearest ? ` (key ${JSON.stringify(JSON.parse(`"${nearest}"`))})` : '';
  }
  const row = lines.slice(rowsAt + 1).filter((l) => /^ {4}\{/.test(l)).length;
  const column = key(6);
  const full = text.split('\n');
  let id: string | undefined;
  if (primaryKey) {
    // The row's key is on one of the lines after its opening brace.
    let start = line - 1;
    while (start > 0 && !/^ {4}\{/.test(full[start]!)) start--;
    for (let i = start; i < full.length && !/^ {4}\}/.test(full[i]!); i++) {
      const match = new RegExp(`^ {6}"${primaryKey}": (".*"),?$`).exec(full[i]!);
      if (match) id = JSON.parse(match[1]!) as string;
    }
  }
  return ` (row ${row}${id ? `, ${primaryKey} ${JSON.stringify(id)}` : ''}${column ? `, column ${JSON.stringify(column)}` : ''})`;
}

/** A CSV's difference, from both files whole (the release's CSVs are kept in memory): the first row and cell that differ, and how many rows do. */
export function csvDifference(actual: Uint8Array, rebuilt: Uint8Array, primaryKey: string): string {
  const parse = (bytes: Uint8Array): string[][] => Papa.parse<string[]>(new TextDecoder().decode(bytes), { skipEmptyLines: true }).data;
  const [have, want] = [parse(actual), parse(rebuilt)];
  const header = want[0] ?? [];
  if (JSON.stringify(have[0]) !== JSON.stringify(header))
    return `its header is ${quoted((have[0] ?? []).join(','))}, the rebuild's ${quoted(header.join(','))}`;
  const keyAt = header.indexOf(primaryKey);
  const differing: number[] = [];
  for (let i = 1; i < Math.max(have.length, want.length); i++) if (JSON.stringify(have[i]) !== JSON.stringify(want[i])) differing.push(i);
  if (differing.length === 0) return 'its bytes differ from the rebuild, though every row has the same cells (quoting, line endings or encoding)';
  const first = differing[0]!;
  const [row, wanted] = [have[first], want[first]];
  const count = differing.length === 1 ? '' : ` (${differing.length} rows differ)`;
  if (!row) return `row ${first + 1} is missing, the rebuild has ${quoted(wanted!.join(','))}${count}`;
  if (!wanted) return `row ${first + 1} is not in the rebuild: ${quoted(row.join(','))}${count}`;
  const column = header.findIndex((_, c) => row[c] !== wanted[c]);
  const id = wanted[keyAt] ?? row[keyAt];
  const name = header[column] ?? `column ${column + 1}`;
  return `row ${first + 1} (${primaryKey} ${JSON.stringify(id)}), column ${JSON.stringify(name)}: the file has ${quoted(row[column] ?? '')}, the data gives ${quoted(wanted[column] ?? '')}${count}`;
}

/** A binary file's difference: where its bytes first depart from the rebuild. */
export function binaryDifference(difference: FirstDifference | undefined, rebuilt: Uint8Array): string {
  const from = difference ? ` from byte ${difference.offset.toLocaleString('en-US')}` : '';
  return `its bytes differ from the rebuild${from} (sha256 of the rebuild: ${sha256(rebuilt).slice(0, 16)}…); it is a binary format, so compare its tables with the CSVs to see which value`;
}

/** Files that are text, so a difference can be shown by its line. */
export const isText = (path: string): boolean => /\.(csv|json|md|cff|graphml|svg|txt)$/.test(path) || path === 'SHA256SUMS' || path === 'LICENSE';
