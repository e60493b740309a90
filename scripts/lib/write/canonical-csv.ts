import type { ColumnModel, TableModel } from '../model/types.ts';
import { detach } from '../text/detach.ts';

/**
 * A character from U+0300 on: text without one is its own NFC (every character before it is, and no
 * two of them compose), which spares most cells the call into Unicode normalisation.
 */
const MAY_CHANGE_IN_NFC = /[^\u0000-\u02ff]/;

/**
 * The canonical form of a table: UTF-8 without BOM, LF line endings and a final newline, columns in
 * schema order, rows sorted by primary key, cells trimmed and NFC-normalised, list items trimmed,
 * quotes only where needed. Values are never changed beyond that.
 */
export function canonicalCell(column: ColumnModel, cell: string): string {
  const lf = cell.includes('\r') ? cell.replace(/\r\n?/g, '\n') : cell;
  const text = (MAY_CHANGE_IN_NFC.test(lf) ? lf.normalize('NFC') : lf).trim();
  return column.list
    ? text
        .split('|')
        .map((item) => item.trim())
        .join('|')
    : text;
}

/** A CSV field, quoted only when it holds a comma, a double quote or a line break. */
export function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(values: readonly string[]): string {
  return values.map(csvField).join(',');
}

/**
 * Renders a table canonically from its header and data rows as read. Blank rows are dropped and
 * missing cells written as empty; callers must refuse files whose cells cannot be mapped to columns.
 */
export function canonicalTable(table: TableModel, header: readonly string[], rows: readonly (readonly string[])[]): string {
  const builder = new CanonicalTableBuilder(table, header);
  for (const cells of rows) builder.add(cells);
  return new TextDecoder().decode(builder.bytes());
}

const encoder = new TextEncoder();

/** Characters of lines gathered before they are encoded in one go: a call per line costs more than the encoding. */
const BATCH_CHARACTERS = 1 << 16;

/**
 * A table's canonical bytes, built a row at a time as the rows are read: each row is kept only as its
 * canonical line's UTF-8 bytes (in one growing buffer) and its key, never as cells, so a table of a
 * million rows needs about its own size again, not ten times that; rows are sorted only if their keys
 * are out of order.
 */
export class CanonicalTableBuilder {
  readonly #columns: readonly ColumnModel[];
  readonly #positions: readonly number[];
  readonly #keyColumn: number;
  #bytes: Uint8Array;
  #length = 0;
  /** Lines not yet encoded, and their length in characters. */
  #batch: string[] = [];
  #batched = 0;
  readonly #keys: string[] = [];
  /** How many line breaks each row's line holds: one, and one more for each inside a quoted cell. */
  readonly #lineBreaks: number[] = [];
  #inOrder = true;

  /** `expectedBytes`: about how long the result will be (the file's size), so the buffer seldom grows. */
  constructor(table: TableModel, header: readonly string[], expectedBytes = 0) {
    this.#columns = table.columns;
    this.#positions = table.columns.map((column) => header.indexOf(column.name));
    this.#keyColumn = table.columns.findIndex((c) => c.name === table.primaryKey);
    this.#bytes = new Uint8Array(expectedBytes + 1024);
    this.#add(`${csvLine(table.columns.map((c) => c.name))}\n`);
  }

  /** A data row as read; a blank one is dropped. Loops, not callbacks: this runs for every row. */
  add(cells: readonly string[]): void {
    let blank = true;
    for (const cell of cells) {
      if (cell.trim() === '') continue;
      blank = false;
      break;
    }
    if (blank) return;
    const record: string[] = [];
    for (let i = 0; i < this.#columns.length; i++) {
      const at = this.#positions[i]!;
      record.push(at < 0 ? '' : canonicalCell(this.#columns[i]!, cells[at] ?? ''));
    }
    // A copy: a cell cut from the file's text would keep that text alive.
    const key = detach(record[this.#keyColumn] ?? '');
    if (this.#keys.length > 0 && compareKeys(key, this.#keys[this.#keys.length - 1]!) < 0) this.#inOrder = false;
    this.#keys.push(key);
    const line = `${csvLine(record)}\n`;
    let breaks = 1;
    for (let at = line.indexOf('\n'); at < line.length - 1; at = line.indexOf('\n', at + 1)) breaks++;
    this.#lineBreaks.push(breaks);
    this.#add(line);
  }

  /** The canonical bytes: the header's line, then the rows' lines stably sorted by key, in code unit order (never the machine's locale). */
  bytes(): Uint8Array {
    this.#encode();
    const whole = this.#bytes.subarray(0, this.#length);
    if (this.#inOrder) return this.#bytes.length - this.#length > this.#length / 8 ? whole.slice() : whole;
    // Where each line starts, from its line breaks: the header's line is one line.
    const starts: number[] = [];
    let at = whole.indexOf(10) + 1;
    for (const breaks of this.#lineBreaks) {
      starts.push(at);
      for (let left = breaks; left > 0; left--) at = whole.indexOf(10, at) + 1;
    }
    const keys = this.#keys;
    const order = keys.map((_, i) => i).sort((a, b) => compareKeys(keys[a]!, keys[b]!) || a - b);
    const sorted = new Uint8Array(this.#length);
    let to = starts[0] ?? this.#length;
    sorted.set(whole.subarray(0, to));
    for (const i of order) {
      const line = whole.subarray(starts[i]!, starts[i + 1] ?? this.#length);
      sorted.set(line, to);
      to += line.length;
    }
    return sorted;
  }

  #add(line: string): void {
    this.#batch.push(line);
    this.#batched += line.length;
    if (this.#batched >= BATCH_CHARACTERS) this.#encode();
  }

  #encode(): void {
    if (this.#batched === 0) return;
    const text = this.#batch.join('');
    this.#batch = [];
    this.#batched = 0;
    // UTF-8 takes at most three bytes per UTF-16 code unit.
    if (this.#bytes.length - this.#length < text.length * 3) {
      const grown = new Uint8Array(Math.max(Math.ceil(this.#bytes.length * 1.5), this.#length + text.length * 3));
      grown.set(this.#bytes.subarray(0, this.#length));
      this.#bytes = grown;
    }
    this.#length += encoder.encodeInto(text, this.#bytes.subarray(this.#length)).written;
  }
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
