import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import Papa from 'papaparse';
import { Utf8StreamDecoder } from './utf8-decoder.ts';

/** One CSV record, located the way a spreadsheet and an editor show it. */
export interface CsvRow {
  /** Row number as a spreadsheet shows it: the header is row 1; a quoted line break does not start a new row. */
  readonly row: number;
  /** Physical line of the file on which the row starts (1-based), for editors and GitHub annotations. */
  readonly line: number;
  readonly cells: readonly string[];
  /** The parser's complaint about quotes in this row, if any. */
  readonly quoteProblem?: 'unterminated' | 'malformed';
  /** Bytes of this row that were not UTF-8, in order; each shows in the cells as U+FFFD. */
  readonly invalidBytes?: readonly number[];
}

/** How the file is laid out, as far as the first chunk shows; known before the first row. */
export interface CsvLayout {
  readonly bom: boolean;
  readonly newline: '\n' | '\r\n' | '\r';
  /** `,` for the project's tables; `;` or a tab where a spreadsheet saved it with a locale's list separator. */
  readonly delimiter: ',' | ';' | '\t';
}

/** What the reader saw of the file as a whole. */
export interface CsvFileFacts extends CsvLayout {
  readonly bytes: number;
  /** Records read, the header included. */
  readonly rows: number;
  readonly endsWithNewline: boolean;
  readonly invalidByteCount: number;
}

export interface CsvHandlers {
  /** Called once, before the first row. */
  layout?(layout: CsvLayout): void;
  row(row: CsvRow): void;
}

/** A file that could not be read at all (missing, a directory, no permission): exit 2, unlike bad content. */
export class CsvReadError extends Error {
  constructor(
    readonly path: string,
    override readonly cause: NodeJS.ErrnoException,
  ) {
    super(`cannot read ${path}: ${cause.code ?? cause.message}`);
  }
}

const BOM = '\uFEFF';

/**
 * Streams a CSV file row by row into `onRow`. Memory stays flat: one chunk and one row at a time.
 * Bytes are decoded here rather than by papaparse, which would split multi-byte characters at chunk edges.
 */
export async function readCsv(path: string, handlers: CsvHandlers | ((row: CsvRow) => void)): Promise<CsvFileFacts> {
  const file = createReadStream(path, { highWaterMark: 1 << 16 });
  const failure = new Promise<never>((_, reject) => file.on('error', (error) => reject(new CsvReadError(path, error))));
  failure.catch(() => {});
  try {
    return await Promise.race([readCsvBytes(file, handlers), failure]);
  } catch (error) {
    throw error instanceof CsvReadError ? error : new CsvReadError(path, error as NodeJS.ErrnoException);
  } finally {
    file.destroy();
  }
}

/** The same from any source of bytes: a file stream, git's output, bytes in memory. */
export async function readCsvBytes(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, handlers: CsvHandlers | ((row: CsvRow) => void)): Promise<CsvFileFacts> {
  const { layout: onLayout, row: onRow } = typeof handlers === 'function' ? { layout: undefined, row: handlers } : handlers;
  const file = source;
  const decoder = new Utf8StreamDecoder();
  const pendingInvalid: number[] = [];
  let bytes = 0;
  let bom = false;
  let lastChar = '';
  let invalidByteCount = 0;

  async function* decodedText(): AsyncGenerator<string> {
    let first = true;
    const take = ({ text, invalid }: { text: string; invalid: readonly number[] }): string => {
      invalidByteCount += invalid.length;
      pendingInvalid.push(...invalid);
      if (first && text.length > 0) {
        first = false;
        if (text.startsWith(BOM)) {
          bom = true;
          text = text.slice(1);
        }
      }
      if (text.length > 0) lastChar = text[text.length - 1]!;
      return text;
    };
    for await (const chunk of file) {
      bytes += chunk.length;
      const text = take(decoder.decode(chunk));
      if (text) yield text;
    }
    const rest = take(decoder.end());
    if (rest) yield rest;
  }

  // papaparse must be told the line ending up front (its guess is unreliable), so look at the first chunk.
  const chunks = decodedText();
  const first = await chunks.next();
  const newline = (first.done ? undefined : detectNewline(first.value)) ?? '\n';
  const delimiter = first.done ? ',' : detectDelimiter(first.value, newline);
  onLayout?.({ bom, newline, delimiter });
  const text = Readable.from(
    (async function* () {
      if (!first.done) yield first.value;
      yield* chunks;
    })(),
    { objectMode: true },
  );

  return new Promise((resolve, reject) => {
    let row = 0;
    let line = 1;
    let held: CsvRow | undefined;
    // papaparse's types do not cover Node streams, which it reads (ReadableStreamStreamer).
    (Papa.parse as (input: unknown, config: Papa.ParseConfig<string[]> & { error(e: Error): void }) => void)(text, {
      delimiter,
      newline,
      quoteChar: '"',
      escapeChar: '"',
      header: false,
      skipEmptyLines: false,
      step(results) {
        const cells = results.data;
        row += 1;
        const problem = results.errors.find((e) => e.type === 'Quotes');
        const invalidBytes = pendingInvalid.length ? takeInvalid(cells, pendingInvalid) : [];
        if (held) onRow(held);
        held = {
          row,
          line,
          cells,
          ...(problem ? { quoteProblem: problem.code === 'MissingQuotes' ? 'unterminated' : 'malformed' } : {}),
          ...(invalidBytes.length ? { invalidBytes } : {}),
        };
        line += 1 + lineBreaksIn(cells);
      },
      complete() {
        const endsWithNewline = lastChar === '\n' || lastChar === '\r';
        // A final line break leaves papaparse an empty last record that no spreadsheet shows.
        const artifact = held && endsWithNewline && held.cells.length === 1 && held.cells[0] === '';
        if (held && !artifact) onRow(held);
        resolve({
          bytes,
          rows: artifact ? row - 1 : row,
          bom,
          newline,
          delimiter,
          endsWithNewline,
          invalidByteCount,
        });
      },
      error(error: Error) {
        reject(error);
      },
    });
  });
}

function detectNewline(text: string): CsvFileFacts['newline'] | undefined {
  const at = text.search(/[\r\n]/);
  if (at < 0) return undefined;
  if (text[at] === '\n') return '\n';
  return text[at + 1] === '\n' ? '\r\n' : text[at + 1] === undefined ? undefined : '\r';
}

/**
 * The separator of the header line: a comma unless the line has none and has semicolons or tabs,
 * which is what Excel writes where the locale's list separator is not a comma.
 */
export function detectDelimiter(text: string, newline: string): CsvLayout['delimiter'] {
  const end = text.indexOf(newline);
  const header = (end < 0 ? text : text.slice(0, end)).replace(/"[^"]*"/g, '');
  if (header.includes(',')) return ',';
  const semicolons = header.split(';').length - 1;
  const tabs = header.split('\t').length - 1;
  if (semicolons === 0 && tabs === 0) return ',';
  return semicolons >= tabs ? ';' : '\t';
}

/** Takes from the queue the invalid bytes that show as U+FFFD in these cells. */
function takeInvalid(cells: readonly string[], queue: number[]): number[] {
  let count = 0;
  for (const cell of cells) {
    for (let at = cell.indexOf('\uFFFD'); at >= 0; at = cell.indexOf('\uFFFD', at + 1)) count++;
  }
  return queue.splice(0, Math.min(count, queue.length));
}

function lineBreaksIn(cells: readonly string[]): number {
  let breaks = 0;
  for (const cell of cells) {
    if (!cell.includes('\n') && !cell.includes('\r')) continue;
    breaks += cell.match(/\r\n|\r|\n/g)!.length;
  }
  return breaks;
}
