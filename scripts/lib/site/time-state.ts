import { dayOf, isoOf } from './holds.ts';
import type { TimeData } from './time-types.ts';

/** What the "over time" page shows, as its address carries it: `?as-of=2015-03-01&kinds=a,b&trace=ID&undated=hide`. */
export interface ViewState {
  /** The day shown. */
  readonly asOf: number;
  /** The kinds shown, as indexes into the data's kinds, in its order. */
  readonly kinds: readonly number[];
  /** The entity traced, as an index into the data's entities. */
  readonly trace?: number | undefined;
  /** Undated relationships drawn (grey) or left out. */
  readonly undated: boolean;
}

export const PARAMETERS = { asOf: 'as-of', kinds: 'kinds', trace: 'trace', undated: 'undated' } as const;

/** The view a page opens with: the last day of the data's span, every kind, nobody traced, undated shown. */
export const defaultState = (data: TimeData): ViewState => ({ asOf: data.last, kinds: data.kinds.map((_, i) => i), undated: true });

const clamp = (day: number, data: TimeData): number => Math.min(data.last, Math.max(data.first, day));

/**
 * The view an address asks for, and what in it was not understood (said on the page, never thrown):
 * a date outside the data's span is moved to its nearest end.
 */
export function parseState(search: string, data: TimeData): { state: ViewState; problems: string[] } {
  const query = new URLSearchParams(search);
  const problems: string[] = [];
  const fallback = defaultState(data);
  let asOf = fallback.asOf;
  const asked = query.get(PARAMETERS.asOf);
  if (asked !== null) {
    const day = dayOf(asked);
    if (day === undefined) problems.push(`“${asked}” is not a date of the form YYYY-MM-DD.`);
    else {
      asOf = clamp(day, data);
      if (asOf !== day) problems.push(`The data covers ${isoOf(data.first)} to ${isoOf(data.last)}: showing ${isoOf(asOf)}.`);
    }
  }
  let kinds = fallback.kinds;
  const kindList = query.get(PARAMETERS.kinds);
  if (kindList !== null) {
    const values = kindList.split(',').filter((v) => v !== '');
    const unknown = values.filter((v) => !data.kinds.some((k) => k.value === v));
    if (unknown.length) problems.push(`No kind is called ${unknown.map((v) => `“${v}”`).join(', ')}.`);
    kinds = data.kinds.flatMap((kind, index) => (values.includes(kind.value) ? [index] : []));
  }
  let trace: number | undefined;
  const traced = query.get(PARAMETERS.trace);
  if (traced !== null && traced !== '') {
    const index = data.entities.findIndex((e) => e.id === traced);
    if (index < 0) problems.push(`No person or group has the id “${traced}”.`);
    else trace = index;
  }
  const undated = query.get(PARAMETERS.undated) !== 'hide';
  return { state: { asOf, kinds, ...(trace === undefined ? {} : { trace }), undated }, problems };
}

/** The address's query for a view: only what differs from the default, kinds in the data's order. */
export function stateSearch(state: ViewState, data: TimeData): string {
  const query: string[] = [`${PARAMETERS.asOf}=${isoOf(state.asOf)}`];
  const all = state.kinds.length === data.kinds.length;
  if (!all)
    query.push(
      `${PARAMETERS.kinds}=${[...state.kinds]
        .sort((a, b) => a - b)
        .map((k) => encodeURIComponent(data.kinds[k]!.value))
        .join(',')}`,
    );
  if (state.trace !== undefined) query.push(`${PARAMETERS.trace}=${encodeURIComponent(data.entities[state.trace]!.id)}`);
  if (!state.undated) query.push(`${PARAMETERS.undated}=hide`);
  return `?${query.join('&')}`;
}
