import type { DayBounds } from './holds.ts';

/**
 * What the "over time" page is given, as JSON in the page itself: built from the schemas and the
 * data by `npm run site` (time-data.ts), read by the page's script (time-page.ts) as text only. The
 * page names no column and no kind: kinds, labels, colours and ends all come from here.
 */
export interface TimeData {
  /** The days the date control covers: from the month before the first date to the last day any date can mean. */
  readonly first: number;
  readonly last: number;
  /** The network's drawing area, in the units of the node positions. */
  readonly width: number;
  readonly height: number;
  readonly kinds: readonly KindInfo[];
  /** Node kinds drawn (a person, each kind of group), for the legend. */
  readonly nodeKinds: readonly { readonly label: string; readonly fill: string; readonly shape: Shape }[];
  readonly entities: readonly EntityInfo[];
  readonly relations: readonly RelationInfo[];
  readonly sources: readonly { readonly title: string; readonly href: string }[];
  /** What each value of a relationship's certainty means, from the schema. */
  readonly certainties: Readonly<Record<string, string>>;
}

export type Shape = 'ellipse' | 'box';
export type LineStyle = 'solid' | 'dashed' | 'dotted' | 'bold';

export interface KindInfo {
  /** The value in the data, for the URL. */
  readonly value: string;
  /** How the kind reads between its ends: `pledged allegiance to`. */
  readonly label: string;
  /** What the kind means, from the schema. */
  readonly meaning: string;
  readonly color: string;
  readonly line: LineStyle;
  /** Runs both ways (`x-symmetric`): drawn without arrowheads. */
  readonly twoWay: boolean;
}

export interface EntityInfo {
  readonly id: string;
  readonly name: string;
  /** `person`, or `group: organization`. */
  readonly type: string;
  readonly fill: string;
  readonly shape: Shape;
  /** The centre of its node, fixed for every date, and the node's size. */
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  /** Its name broken over lines for the node's label. */
  readonly lines: readonly string[];
  /** Its page, relative to the site's root. */
  readonly href: string;
}

/** A stated date: the text as the data writes it (EDTF), its bounds (so a relationship is a period of holds.ts as it is) and its qualifiers. */
export interface StatedDate extends DayBounds {
  readonly text: string;
  /** `?` or `%`: the source is not sure. */
  readonly uncertain: boolean;
  /** `~` or `%`: about then. */
  readonly approximate: boolean;
}

export interface RelationInfo {
  readonly id: string;
  /** Indexes into `entities` of the subject and the target, and into `kinds`. */
  readonly from: number;
  readonly to: number;
  readonly kind: number;
  readonly start?: StatedDate;
  readonly end?: StatedDate;
  readonly role?: string;
  readonly certainty?: string;
  readonly quote?: string;
  readonly notes?: string;
  /** Indexes into `sources`; the first one holds the quote. */
  readonly sources: readonly number[];
}
