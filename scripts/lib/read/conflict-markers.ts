/**
 * The marker lines git leaves in a file it could not merge: `<<<<<<< HEAD`, the rows of one side,
 * `=======`, the rows of the other, `>>>>>>> branch` (and with `merge.conflictStyle diff3` a
 * `||||||| base` section of the rows as they were before). They are lines of the file, not rows of
 * the table, so the reader marks them and the engine gives them to no rule but the one that names
 * the conflict.
 */

export type ConflictMarker = 'start' | 'base' | 'middle' | 'end';

/** Where a marker stands: its spreadsheet row and physical line, and the label git wrote after it. */
export interface MarkerPlace {
  readonly row: number;
  readonly line: number;
  readonly label: string;
}

/** One conflict region: its start marker, and the others when the file has them. */
export interface ConflictRegion {
  readonly start: MarkerPlace;
  readonly base?: MarkerPlace;
  readonly middle?: MarkerPlace;
  readonly end?: MarkerPlace;
}

/** The regions a file's facts keep; past them they are only counted, so a file of a million markers stays small in memory. */
export const MAX_REGIONS_KEPT = 1000;

const KINDS: Readonly<Record<string, ConflictMarker>> = { '<': 'start', '|': 'base', '=': 'middle', '>': 'end' };

/** A marker line: seven of one character, alone or followed by a space and a label (the raw row with its line break). */
const MARKER = /^(?:<{7}|\|{7}|={7}|>{7})(?:[ \t]([^\n]*))?\n?$/;

/** The longest label kept, as findings repeat at most so much of a cell. */
const MAX_LABEL = 200;

/** Follows the rows of one file as they are read, and says which are conflict markers. */
export class ConflictTracker {
  readonly #regions: ConflictRegion[] = [];
  #open: { start: MarkerPlace; base?: MarkerPlace; middle?: MarkerPlace } | undefined;
  /** Markers of a conflict nested in the open one (a recursive merge's), which close before it does. */
  #nested = 0;
  #count = 0;

  /** The marker this raw row is, if any; only a start opens a region, and the other markers count only inside one. */
  mark(raw: string, row: number, line: number): ConflictMarker | undefined {
    // One comparison for nearly every row: a marker starts with one of four characters.
    const first = raw.charCodeAt(0);
    if (first !== 60 && first !== 61 && first !== 62 && first !== 124) return undefined;
    const match = MARKER.exec(raw);
    if (!match) return undefined;
    const kind = KINDS[raw[0]!]!;
    const place: MarkerPlace = { row, line, label: (match[1] ?? '').trim().slice(0, MAX_LABEL) };
    const open = this.#open;
    if (kind === 'start') {
      if (open) this.#nested += 1;
      else this.#open = { start: place };
      return kind;
    }
    if (!open) return undefined;
    if (this.#nested > 0) {
      if (kind === 'end') this.#nested -= 1;
      return kind;
    }
    if (kind === 'base' && !open.base && !open.middle) open.base = place;
    else if (kind === 'middle' && !open.middle) open.middle = place;
    else if (kind === 'end') this.#close({ ...open, end: place });
    return kind;
  }

  /** The regions found, the last one unclosed if the file ends inside it; and how many more there were than are kept. */
  finish(): { readonly regions: readonly ConflictRegion[]; readonly more: number } {
    if (this.#open) this.#close(this.#open);
    return { regions: this.#regions, more: this.#count - this.#regions.length };
  }

  #close(region: ConflictRegion): void {
    this.#open = undefined;
    this.#nested = 0;
    this.#count += 1;
    if (this.#regions.length < MAX_REGIONS_KEPT) this.#regions.push(region);
  }
}
