import Papa from 'papaparse';
import { ConflictTracker, isMarkerLine, type ConflictFacts, type ConflictMarker, type ConflictSide } from './conflict-markers.ts';
import { hasStrayQuote, innerLineBreaks, RawTextWindow } from './raw-window.ts';
import { sniff } from './sniff.ts';
import { Utf8StreamDecoder, type DecodedText } from './utf8-decoder.ts';

/** One CSV record, located the way a spreadsheet and an editor show it. */
export interface CsvRow {
  /** Row number as a spreadsheet shows it: the header is row 1; a quoted line break does not start a new row. */
  readonly row: number;
  /** Physical line of the file on which the row starts (1-based), for editors and GitHub annotations. */
  readonly line: number;
  readonly cells: readonly string[];
  /**
   * A quoting problem: `unterminated` (a quote never closed: the rest of the file is one cell),
   * `malformed` (text after a closing quote), `stray` (a quote inside an unquoted field).
   */
  readonly quoteProblem?: 'unterminated' | 'malformed' | 'stray';
  /** Bytes of this row that were not UTF-8, in order; each shows in the cells as U+FFFD. */
  readonly invalidBytes?: readonly number[];
  /**
   * The row is a line git wrote around a merge conflict (`<<<<<<< HEAD`, `=======`, `>>>>>>> branch`),
   * or holds one inside a quoted cell, or is a piece of a cell that the conflict's lines cut apart
   * (`cut`: its quotes do not pair): not a row of the table.
   */
  readonly conflictMarker?: ConflictMarker | 'cut';
  /** The side of a merge conflict the row stands on, and which conflict of the file (0-based): a row both sides changed stands once on each. */
  readonly conflict?: { readonly region: number; readonly side: ConflictSide };
}

/** How the file is laid out, as far as its first chunk shows; known before the first row. */
export interface CsvLayout {
  readonly encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
  /** What the file is instead, when it is not text (then no rows are read). */
  readonly binary?: string;
  readonly bom: boolean;
  /** The first line ending in the file. Every line ending is read as a line break, whatever its style. */
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
  /** Some character is well-formed UTF-8 of more than one byte: with invalid bytes too, the file mixes encodings. */
  readonly multiByteUtf8: boolean;
  /** How many line endings of each style the file has; more than one style means a mixed file. */
  readonly lineEndings: { readonly lf: number; readonly crlf: number; readonly cr: number };
  /** The merge conflicts git left in the file, in order (at most MAX_REGIONS_KEPT), how many more there are, and markers left outside any. */
  readonly conflicts: ConflictFacts;
}

export interface CsvHandlers {
  /** Called once, before the first row. */
  layout?(layout: CsvLayout): void;
  row(row: CsvRow): void;
}

export interface ReadUntil {
  /** Once aborted, no more rows are given and the read ends (its facts are of the rows read so far). */
  readonly signal?: AbortSignal;
}

export interface ReadOptions {
  /** Bytes per read; tests vary it to show the result does not depend on it. */
  readonly chunkSize?: number;
  /** Called with the size of each chunk as it is read, for progress display. */
  readonly onBytes?: (bytes: number) => void;
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
 * The most bytes decoded and parsed at once. Bytes given in one piece (a whole file in memory) are read
 * a piece at a time, as a file is streamed, so that no text grows with the file: a string has a
 * maximum length (about 512 million characters in V8), and a row's text is cut from its piece.
 */
export const MAX_PIECE_BYTES = 1 << 20;

function* pieces(chunk: Uint8Array): Generator<Uint8Array> {
  if (chunk.length <= MAX_PIECE_BYTES) yield chunk;
  else for (let at = 0; at < chunk.length; at += MAX_PIECE_BYTES) yield chunk.subarray(at, at + MAX_PIECE_BYTES);
}

/** Decodes bytes to text: UTF-8 with each invalid byte reported, or UTF-16 where the file says so. */
interface ChunkDecoder {
  decode(bytes: Uint8Array): DecodedText;
  end(): DecodedText;
}

function decoderFor(encoding: CsvLayout['encoding']): ChunkDecoder {
  if (encoding === 'utf-8') return new Utf8StreamDecoder();
  const decoder = new TextDecoder(encoding);
  return {
    decode: (bytes) => ({ text: decoder.decode(bytes, { stream: true }), invalid: [], multiByte: false }),
    end: () => ({ text: decoder.decode(), invalid: [], multiByte: false }),
  };
}

/** The same from any source of bytes: a file stream, git's output, bytes in memory. */
export async function readCsvBytes(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  handlers: CsvHandlers | ((row: CsvRow) => void),
  until: ReadUntil = {},
): Promise<CsvFileFacts> {
  const { layout: onLayout, row: onRow } = typeof handlers === 'function' ? { layout: undefined, row: handlers } : handlers;
  const pendingInvalid: number[] = [];
  const lineEndings = { lf: 0, crlf: 0, cr: 0 };
  const recentText = new RawTextWindow();
  const conflicts = new ConflictTracker();
  let bytes = 0;
  let bom = false;
  let lastChar = '';
  let invalidByteCount = 0;
  let multiByteUtf8 = false;
  let sniffed: ReturnType<typeof sniff> | undefined;

  async function* decodedText(): AsyncGenerator<string> {
    let decoder: ChunkDecoder | undefined;
    let first = true;
    let heldCr = false;
    const take = ({ text, invalid, multiByte }: DecodedText, last: boolean): string => {
      invalidByteCount += invalid.length;
      multiByteUtf8 ||= multiByte;
      // One by one: a chunk can hold more invalid bytes than a call has room for arguments.
      for (const byte of invalid) pendingInvalid.push(byte);
      if (first && text.length > 0) {
        first = false;
        if (text.startsWith(BOM)) {
          bom = true;
          text = text.slice(1);
        }
      }
      // Every line ending becomes LF, so CR-only and mixed files read like any other. A CR at the end
      // of a chunk waits for the next one, which may start with the LF of a CRLF.
      if (heldCr) text = `\r${text}`;
      heldCr = !last && text.endsWith('\r');
      if (heldCr) text = text.slice(0, -1);
      if (text.includes('\r')) {
        text = text.replace(/\r\n?/g, (ending) => {
          if (ending === '\r\n') lineEndings.crlf++;
          else lineEndings.cr++;
          return '\n';
        });
      }
      for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lineEndings.lf++;
      if (text.length > 0) lastChar = text[text.length - 1]!;
      recentText.append(text);
      return text;
    };
    for await (const chunk of source) {
      for (const piece of pieces(chunk)) {
        bytes += piece.length;
        if (!sniffed) {
          sniffed = sniff(piece);
          if (sniffed.binary) return;
          decoder = decoderFor(sniffed.encoding);
        }
        const text = take(decoder!.decode(piece), false);
        if (text) yield text;
        if (until.signal?.aborted) return;
      }
    }
    if (decoder) {
      const rest = take(decoder.end(), true);
      if (rest) yield rest;
    }
  }

  const chunks = decodedText();
  const first = await chunks.next();
  // lf counted every line ending, since all became LF; the first chunk shows which style came first.
  const newline: CsvLayout['newline'] = lineEndings.crlf > 0 && lineEndings.cr === 0 ? '\r\n' : lineEndings.cr > 0 && lineEndings.crlf === 0 ? '\r' : '\n';
  const delimiter = first.done ? ',' : detectDelimiter(first.value);
  const encoding = sniffed?.encoding ?? 'utf-8';
  const layout: CsvLayout = { encoding, ...(sniffed?.binary ? { binary: sniffed.binary } : {}), bom, newline, delimiter };
  onLayout?.(layout);
  const facts = (rows: number, endsWithNewline: boolean): CsvFileFacts => ({
    ...layout,
    bytes,
    rows,
    endsWithNewline,
    invalidByteCount,
    multiByteUtf8,
    lineEndings: { lf: lineEndings.lf - lineEndings.crlf - lineEndings.cr, crlf: lineEndings.crlf, cr: lineEndings.cr },
    conflicts: conflicts.finish(),
  });
  if (sniffed?.binary) return facts(0, false);

  let row = 0;
  let rowStart = 0;
  let parsedEnd = 0;
  const text = textStream(
    (async function* () {
      if (!first.done) yield first.value;
      yield* chunks;
    })(),
    // The text papaparse was given and has not yet made a row of: it parses that again with each chunk.
    () => parsedEnd - rowStart,
    (length) => void (parsedEnd += length),
  );

  return new Promise((resolve, reject) => {
    // Once the result is decided, later stream errors (the file closed under a read-ahead) change nothing.
    text.on('error', reject);
    let handlerFailure: { error: unknown } | undefined;
    let line = 1;
    let held: CsvRow | undefined;
    // papaparse's types do not cover the stream-like objects it reads (ReadableStreamStreamer).
    (Papa.parse as (input: unknown, config: Papa.ParseConfig<string[]> & { error(e: Error): void }) => void)(text, {
      delimiter,
      newline: '\n',
      quoteChar: '"',
      escapeChar: '"',
      header: false,
      skipEmptyLines: false,
      step(results, parser) {
        if (handlerFailure) return;
        if (until.signal?.aborted) {
          held = undefined;
          return parser.abort();
        }
        try {
          stepRow(results);
        } catch (error) {
          // A handler that throws (a rule's bug) must fail this read cleanly, not the stream machinery.
          handlerFailure = { error };
          parser.abort();
        }
      },
      complete() {
        text.destroy();
        if (handlerFailure) return reject(handlerFailure.error);
        if (until.signal?.aborted) held = undefined;
        const endsWithNewline = lastChar === '\n';
        // A final line break leaves papaparse an empty last record that no spreadsheet shows.
        const artifact = held && endsWithNewline && held.cells.length === 1 && held.cells[0] === '';
        try {
          if (held && !artifact) onRow(held);
        } catch (error) {
          return reject(error);
        }
        resolve(facts(artifact ? row - 1 : row, endsWithNewline));
      },
      error(error: Error) {
        reject(error);
      },
    });

    function stepRow(results: Papa.ParseStepResult<string[]>): void {
      const cells = results.data;
      row += 1;
      const rowEnd = results.meta.cursor;
      let parserProblem: Papa.ParseError | undefined;
      for (const error of results.errors) if (error.type === 'Quotes') parserProblem ??= error;
      const raw = recentText.text(rowStart, rowEnd);
      const quoteProblem = parserProblem
        ? parserProblem.code === 'MissingQuotes'
          ? 'unterminated'
          : 'malformed'
        : hasStrayQuote(raw, delimiter)
          ? 'stray'
          : undefined;
      const breaks = innerLineBreaks(raw);
      const conflictMarker = breaks === 0 ? conflicts.mark(raw, row, line) : markLines(raw, cells);
      const side = conflicts.side;
      recentText.release(rowEnd);
      rowStart = rowEnd;
      if (held) onRow(held);
      // Built without spreads, and optional fields only when present: this runs for every row.
      const next: { -readonly [K in keyof CsvRow]: CsvRow[K] } = { row, line, cells };
      if (conflictMarker) next.conflictMarker = conflictMarker;
      // Inside a conflict, broken quotes are the conflict's doing (a cell's lines on two sides), not the contributor's.
      else if (quoteProblem && side) next.conflictMarker = 'cut';
      else if (quoteProblem) next.quoteProblem = quoteProblem;
      if (side && !conflictMarker) next.conflict = side;
      if (pendingInvalid.length) {
        const invalidBytes = takeInvalid(cells, pendingInvalid);
        if (invalidBytes.length) next.invalidBytes = invalidBytes;
      }
      held = next;
      line += 1 + breaks;
    }

    /** Git writes its markers as whole lines, inside a quoted cell too: each line of a row that spans lines is looked at. */
    function markLines(raw: string, cells: readonly string[]): ConflictMarker | undefined {
      let found: ConflictMarker | undefined;
      for (let at = 0, offset = 0; at < raw.length; offset++) {
        const end = raw.indexOf('\n', at);
        const text = end < 0 ? raw.slice(at) : raw.slice(at, end);
        if (isMarkerLine(text)) {
          const kind = conflicts.mark(text, row, line + offset, offset === 0 ? undefined : cellHolding(cells, text));
          found ??= kind;
        }
        if (end < 0) break;
        at = end + 1;
      }
      return found;
    }
  });
}

/** The cell that holds a line of a row spanning lines (a line after the first is always inside a quoted cell). */
function cellHolding(cells: readonly string[], text: string): number | undefined {
  const index = cells.findIndex((cell) => cell.includes(`\n${text}`));
  return index < 0 ? undefined : index;
}

/**
 * The separator of the header line: a comma unless the line has none and has semicolons or tabs,
 * which is what Excel writes where the locale's list separator is not a comma.
 */
export function detectDelimiter(text: string): CsvLayout['delimiter'] {
  const end = text.indexOf('\n');
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

/**
 * The texts as the stream-like object papaparse reads chunk by chunk (its ReadableStreamStreamer
 * needs only `readable`, `read`, `on`, `removeListener`, `pause` and `resume`): the same in Node and
 * in a browser, where there are no Node streams.
 *
 * papaparse parses the unfinished row at the end of a chunk again, from its start, with the next
 * chunk: a row longer than a chunk (a 5 MB row of empty cells, a file without line breaks) would be
 * parsed once per chunk it spans, its length squared. So each text given holds at least as much new
 * text as papaparse holds unparsed (`pending`), which keeps the parsing of any row within twice its length.
 */
function textStream(texts: AsyncIterator<string>, pending: () => number, given: (length: number) => void): TextStream {
  const listeners = new Map<string, Set<(value?: unknown) => void>>();
  const emit = (event: string, value?: unknown): void => listeners.get(event)?.forEach((listener) => listener(value));
  let paused = false;
  let destroyed = false;
  let pumping = false;
  const pump = async (): Promise<void> => {
    if (pumping) return;
    pumping = true;
    try {
      while (!paused && !destroyed) {
        let next = await texts.next();
        if (destroyed) break;
        if (next.done) {
          destroyed = true;
          emit('end');
          break;
        }
        let text = next.value;
        const wanted = pending();
        while (text.length < wanted && !(next = await texts.next()).done) text += next.value;
        if (destroyed) break;
        given(text.length);
        emit('data', text);
        if (next.done) {
          destroyed = true;
          emit('end');
        }
      }
    } catch (error) {
      emit('error', error);
    } finally {
      pumping = false;
    }
  };
  const stream: TextStream = {
    readable: true,
    read: () => undefined,
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener);
      // Starts once papaparse listens for data, on a later tick, as a Node stream would.
      if (event === 'data') queueMicrotask(() => void pump());
      return stream;
    },
    removeListener(event, listener) {
      listeners.get(event)?.delete(listener);
      return stream;
    },
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
      void pump();
    },
    destroy() {
      destroyed = true;
    },
  };
  return stream;
}

interface TextStream {
  readonly readable: true;
  read(): undefined;
  on(event: string, listener: (value?: unknown) => void): TextStream;
  removeListener(event: string, listener: (value?: unknown) => void): TextStream;
  pause(): void;
  resume(): void;
  destroy(): void;
}
