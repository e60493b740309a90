/**
 * The marker lines git leaves in a file it could not merge: `<<<<<<< HEAD`, the rows of one side,
 * `=======`, the rows of the other, `>>>>>>> branch` (and with `merge.conflictStyle diff3` a
 * `||||||| base` section of the rows as they were before). They are lines of the file, not rows of
 * the table, so the reader marks them and the engine gives them to no rule but the one that names
 * the conflict.
 */

export type ConflictMarker = 'start' | 'base' | 'middle' | 'end';

/** Which version of the rows a line of a conflict region holds: one side's, how they were before (diff3), the other side's. */
export type ConflictSide = 'ours' | 'base' | 'theirs';

/**
 * Where a marker stands: its spreadsheet row and physical line, and the label git wrote after it.
 * Git writes a marker as a whole line even inside a quoted cell that spans lines: then `column` is
 * the (0-based) cell of the row that holds it.
 */
export interface MarkerPlace {
  readonly row: number;
  readonly line: number;
  readonly label: string;
  readonly column?: number;
}

/** A `=======`, `>>>>>>>` or `|||||||` line outside any conflict: what is left when a conflict was resolved by hand and a marker forgotten. */
export interface LeftoverMarker extends MarkerPlace {
  readonly kind: Exclude<ConflictMarker, 'start'>;
}

/** One conflict region: its start marker, and the others when the file has them. */
export interface ConflictRegion {
  readonly start: MarkerPlace;
  readonly base?: MarkerPlace;
  readonly middle?: MarkerPlace;
  readonly end?: MarkerPlace;
}

/** What a file's lines show of merge conflicts. */
export interface ConflictFacts {
  readonly regions: readonly ConflictRegion[];
  readonly more: number;
  readonly leftovers: readonly LeftoverMarker[];
}

/** The regions a file's facts keep; past them they are only counted, so a file of a million markers stays small in memory. */
export const MAX_REGIONS_KEPT = 1000;

const KINDS: Readonly<Record<string, ConflictMarker>> = { '<': 'start', '|': 'base', '=': 'middle', '>': 'end' };

/** A marker line: seven of one character, alone or followed by a space and a label (the raw row with its line break). */
const MARKER = /^(?:<{7}|\|{7}|={7}|>{7})(?:[ \t]([^\n]*))?\n?$/;

/** The longest label kept, as findings repeat at most so much of a cell. */
const MAX_LABEL = 200;

/** Whether a line of the file (with or without its line break) is a marker line; most lines are told by their first character. */
export function isMarkerLine(text: string): boolean {
  const first = text.charCodeAt(0);
  return (first === 60 || first === 61 || first === 62 || first === 124) && MARKER.test(text);
}

/** Follows the lines of one file as they are read, and says which are conflict markers. */
export class ConflictTracker {
  readonly #regions: ConflictRegion[] = [];
  readonly #leftovers: LeftoverMarker[] = [];
  #open: { start: MarkerPlace; base?: MarkerPlace; middle?: MarkerPlace } | undefined;
  /** Markers of a conflict nested in the open one (a recursive merge's), which close before it does. */
  #nested = 0;
  #count = 0;

  /**
   * The marker this line of the file is, if any (whatever the quotes around it: git knows no CSV);
   * `column` is the cell of the row it stands in when it is not the row's first line. Only a start
   * opens a region; another marker outside one is a leftover.
   */
  mark(text: string, row: number, line: number, column?: number): ConflictMarker | undefined {
    // One comparison for nearly every line: a marker starts with one of four characters.
    const first = text.charCodeAt(0);
    if (first !== 60 && first !== 61 && first !== 62 && first !== 124) return undefined;
    const match = MARKER.exec(text);
    if (!match) return undefined;
    const kind = KINDS[text[0]!]!;
    const label = (match[1] ?? '').trim().slice(0, MAX_LABEL);
    const place: MarkerPlace = column === undefined ? { row, line, label } : { row, line, label, column };
    const open = this.#open;
    if (kind === 'start') {
      if (open) this.#nested += 1;
      else this.#open = { start: place };
      return kind;
    }
    if (!open) {
      if (this.#leftovers.length < MAX_REGIONS_KEPT) this.#leftovers.push({ ...place, kind });
      return kind;
    }
    if (this.#nested > 0) {
      if (kind === 'end') this.#nested -= 1;
      return kind;
    }
    if (kind === 'base' && !open.base && !open.middle) open.base = place;
    else if (kind === 'middle' && !open.middle) open.middle = place;
    else if (kind === 'end') this.#close({ ...open, end: place });
    return kind;
  }

  /** The side of the open region the lines now read stand on, and the region's index; none outside a region. */
  get side(): { readonly region: number; readonly side: ConflictSide } | undefined {
    const open = this.#open;
    if (!open) return undefined;
    return { region: this.#count, side: open.middle ? 'theirs' : open.base ? 'base' : 'ours' };
  }

  /** The regions found, the last one unclosed if the file ends inside it; how many more there were than are kept; and the leftover markers. */
  finish(): ConflictFacts {
    if (this.#open) this.#close(this.#open);
    return { regions: this.#regions, more: this.#count - this.#regions.length, leftovers: this.#leftovers };
  }

  #close(region: ConflictRegion): void {
    this.#open = undefined;
    this.#nested = 0;
    this.#count += 1;
    if (this.#regions.length < MAX_REGIONS_KEPT) this.#regions.push(region);
  }
}
