// The "over time" page's script (time.js, bundled by `npm run site`): the network as of a date and the
// timeline-diagram, sharing one date, kind filter and trace, all kept in the address. It reads the
// data the page carries as JSON and writes every value as text. What holds on a day is holds.ts's
// rule, the one the tests check the page against.
import { addMonths, dayOf, holdsOn, isoOf, type Holds } from './holds.ts';
import { dashOf, html, longDate, svg, widthOf } from './time-dom.ts';
import { createNetwork } from './time-network.ts';
import { parseState, stateSearch, type ViewState } from './time-state.ts';
import { createTimeline } from './time-timeline.ts';
import type { KindInfo, RelationInfo, StatedDate, TimeData } from './time-types.ts';

const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const data = JSON.parse(byId('time-data').textContent ?? '{}') as TimeData;
const { relations, entities, kinds } = data;
/** Lists longer than this show their first items and a button for the rest, so a large dataset stays quick. */
const LIST_LIMIT = 200;

const view = byId('time-view');
view.hidden = false;
// The drawings take the width of the window, not of a column of text.
document.querySelector('main')?.classList.add('time-wide');
const range = byId<HTMLInputElement>('as-of-range');
const dateInput = byId<HTMLInputElement>('as-of-date');
const play = byId<HTMLButtonElement>('play');
const traceSelect = byId<HTMLSelectElement>('trace');
const undatedBox = byId<HTMLInputElement>('undated');
const summary = byId('summary');
const evidence = byId('evidence');

[range.min, range.max] = [String(data.first), String(data.last)];
[dateInput.min, dateInput.max] = [isoOf(data.first), isoOf(data.last)];
/** What the evidence panel says before anything is chosen, to say again once it is closed. */
const noEvidence = Array.from(evidence.childNodes);

/** A sample of a kind's line, as the network draws it: its colour, its dashes, its arrowhead. */
function swatch(kind: KindInfo): SVGElement {
  const width = widthOf(kind.line);
  const dash = dashOf(kind.line, width);
  return svg(
    'svg',
    { class: 'swatch', width: 30, height: 10, viewBox: '0 0 30 10', 'aria-hidden': 'true' },
    svg('line', { x1: 1, y1: 5, x2: kind.twoWay ? 29 : 23, y2: 5, stroke: kind.color, 'stroke-width': width, ...(dash ? { 'stroke-dasharray': dash } : {}) }),
    ...(kind.twoWay ? [] : [svg('path', { d: 'M22,1 L29,5 L22,9 z', fill: kind.color })]),
  );
}

// The kind filter, which is also the legend of lines.
const kindBoxes = kinds.map((kind, index) => {
  const box = html('input', { type: 'checkbox', value: kind.value, id: `kind-${index}` }) as HTMLInputElement;
  const count = relations.filter((r) => r.kind === index).length;
  // A kind the data does not use is left out of the filter (and of the legend), not offered empty.
  if (count > 0)
    byId('kinds').append(
      html(
        'label',
        { for: `kind-${index}`, title: kind.meaning },
        box,
        swatch(kind),
        ` ${kind.label}`,
        html('span', { class: 'muted' }, ` (${count}${kind.twoWay ? ', two-way' : ''})`),
      ),
    );
  box.addEventListener('change', () => change({ kinds: kindBoxes.flatMap((b, i) => (b.checked ? [i] : [])) }));
  return box;
});
byId('kinds-all').addEventListener('click', () => change({ kinds: kinds.map((_, i) => i) }));
byId('kinds-none').addEventListener('click', () => change({ kinds: [] }));

// The legend of nodes.
for (const node of data.nodeKinds)
  byId('node-legend').append(
    html(
      'li',
      {},
      svg(
        'svg',
        { class: 'swatch', width: 22, height: 14, viewBox: '0 0 22 14', 'aria-hidden': 'true' },
        node.shape === 'ellipse'
          ? svg('ellipse', { cx: 11, cy: 7, rx: 10, ry: 6, fill: node.fill, stroke: '#374151' })
          : svg('rect', { x: 1, y: 1, width: 20, height: 12, rx: 3, fill: node.fill, stroke: '#374151' }),
      ),
      ` ${node.label}`,
    ),
  );

// The trace: everyone, by name.
const byName = entities.map((_, i) => i).sort((a, b) => entities[a]!.name.localeCompare(entities[b]!.name));
traceSelect.append(
  html('option', { value: '' }, 'nobody'),
  ...byName.map((i) => html('option', { value: entities[i]!.id }, `${entities[i]!.name} (${entities[i]!.type})`)),
);
traceSelect.addEventListener('change', () => {
  const index = entities.findIndex((e) => e.id === traceSelect.value);
  change({ trace: index < 0 ? undefined : index });
});
byId('trace-clear').addEventListener('click', () => change({ trace: undefined }));
undatedBox.addEventListener('change', () => change({ undated: undatedBox.checked }));

// `?drawing=svg` or `?drawing=canvas` chooses how the network is drawn, whatever the data's size (for tests and comparisons).
const drawing = new URLSearchParams(location.search).get('drawing');
const network = createNetwork(
  byId('network'),
  data,
  { relation: (i) => select(i, true), entity: toggleTrace },
  drawing === 'svg' || drawing === 'canvas' ? drawing : undefined,
);
const timeline = createTimeline(byId('timeline'), data, { relation: (i) => select(i, true), entity: toggleTrace, day: (day) => change({ asOf: day }) });
byId('net-zoom-in').addEventListener('click', () => network.zoom(1.5));
byId('net-zoom-out').addEventListener('click', () => network.zoom(1 / 1.5));
byId('net-fit').addEventListener('click', () => network.zoom('fit'));
for (const how of ['in', 'out', 'fit', 'month'] as const) byId(`tl-zoom-${how}`).addEventListener('click', () => timeline.zoom(how));

function toggleTrace(entity: number): void {
  change({ trace: state.trace === entity ? undefined : entity });
}

// The date: a slider over the data's span, a typed date, and play, a month a step.
let dragging = false;
range.addEventListener('input', () => {
  change({ asOf: Number(range.value) }, dragging ? 'replace' : 'push');
  dragging = true;
});
range.addEventListener('change', () => void (dragging = false));
dateInput.addEventListener('change', () => {
  const day = dayOf(dateInput.value);
  if (day !== undefined) change({ asOf: Math.min(data.last, Math.max(data.first, day)) });
});
let playing: ReturnType<typeof setInterval> | undefined;
function stop(): void {
  clearInterval(playing);
  playing = undefined;
  play.textContent = '▶ Play';
  play.setAttribute('aria-pressed', 'false');
}
play.addEventListener('click', () => {
  if (playing !== undefined) return stop();
  if (state.asOf >= data.last) change({ asOf: data.first });
  play.textContent = '⏸ Pause';
  play.setAttribute('aria-pressed', 'true');
  playing = setInterval(() => {
    const next = addMonths(state.asOf, 1);
    change({ asOf: Math.min(next, data.last) }, 'replace');
    if (next >= data.last) stop();
  }, 700);
});

let parsed = parseState(location.search, data);
let state: ViewState = parsed.state;
let shownKinds = new Set<number>();
let selected: number | undefined;
const expanded = new Set<string>();
/** Each relationship's state in the network (`no`: not drawn) and on the timeline. */
let drawn: Holds[] = [];
let onTimeline: Holds[] = [];

function change(next: Partial<ViewState>, history: 'push' | 'replace' = 'push'): void {
  apply({ ...state, ...next }, history);
}

window.addEventListener('popstate', () => {
  parsed = parseState(location.search, data);
  apply(parsed.state, 'none');
});

/**
 * Puts the view in the address: a new history entry for a change a person made, or, while the slider
 * moves or the months play, the current entry rewritten at most every 200 ms (browsers refuse to be
 * asked more often, and it is costly).
 */
let pendingAddress: ReturnType<typeof setTimeout> | undefined;
function address(how: 'push' | 'replace'): void {
  clearTimeout(pendingAddress);
  pendingAddress = undefined;
  const write = (): void => {
    const search = stateSearch(state, data);
    if (search !== location.search) window.history[how === 'push' ? 'pushState' : 'replaceState'](null, '', search);
  };
  if (how === 'push') write();
  else pendingAddress = setTimeout(write, 200);
}

const passes = (r: RelationInfo, s: ViewState): boolean => shownKinds.has(r.kind) && (s.trace === undefined || r.from === s.trace || r.to === s.trace);

function apply(next: ViewState, history: 'push' | 'replace' | 'none'): void {
  const filtersChanged = next.kinds.join() !== state.kinds.join() || next.trace !== state.trace || drawn.length === 0;
  state = next;
  shownKinds = new Set(state.kinds);
  if (history !== 'none') address(history);
  const started = performance.now();
  drawn = new Array(relations.length);
  onTimeline = new Array(relations.length);
  for (let i = 0; i < relations.length; i++) {
    const r = relations[i]!;
    if (!passes(r, state)) {
      drawn[i] = onTimeline[i] = 'no';
      continue;
    }
    const holds = holdsOn(r, state.asOf);
    onTimeline[i] = holds;
    drawn[i] = holds === 'undated' && !state.undated ? 'no' : holds;
  }
  if (filtersChanged) {
    network.trace(state.trace);
    timeline.show(
      relations.flatMap((r, i) => (passes(r, state) ? [i] : [])),
      state.trace,
    );
  }
  network.update(drawn);
  timeline.update(onTimeline);
  timeline.date(state.asOf);
  controls();
  summarise();
  deferLists();
  if (selected !== undefined) showEvidence(selected);
  view.dataset.asOf = isoOf(state.asOf);
  view.dataset.redrawMs = (performance.now() - started).toFixed(1);
}

function controls(): void {
  range.value = String(state.asOf);
  dateInput.value = isoOf(state.asOf);
  byId('as-of-label').textContent = longDate(state.asOf);
  kindBoxes.forEach((box, i) => (box.checked = shownKinds.has(i)));
  traceSelect.value = state.trace === undefined ? '' : entities[state.trace]!.id;
  byId('trace-clear').hidden = state.trace === undefined;
  undatedBox.checked = state.undated;
  byId('problems').textContent = parsed.problems.join(' ');
  parsed = { ...parsed, problems: [] };
}

const name = (entity: number): string => entities[entity]!.name;
const words = (r: RelationInfo): string => `${name(r.from)} ${kinds[r.kind]!.label} ${name(r.to)}`;
const dateWords = (r: RelationInfo): string =>
  r.start && r.end ? `${r.start.text} to ${r.end.text}` : r.start ? `from ${r.start.text}` : r.end ? `until ${r.end.text}` : 'undated';
const STATE_WORDS: Record<Holds, string> = { yes: 'holds', maybe: 'may hold', no: 'does not hold', undated: 'undated' };

/** One relationship in a list: a button that shows its evidence, and its dates. */
function item(index: number, holds: Holds): HTMLElement {
  const r = relations[index]!;
  const button = html('button', { type: 'button', class: 'link' }, words(r));
  button.addEventListener('click', () => select(index, false));
  return html(
    'li',
    { 'data-item': r.id, 'data-state': holds },
    button,
    html('span', { class: 'muted' }, ` · ${dateWords(r)}${holds === 'no' || holds === 'undated' ? '' : ` · ${STATE_WORDS[holds]}`}`),
  );
}

function listOf(key: string, title: string, indexes: readonly number[], states: readonly Holds[]): HTMLElement {
  const all = expanded.has(key);
  const list = html('ol', { class: 'relations' }, ...(all ? indexes : indexes.slice(0, LIST_LIMIT)).map((i) => item(i, states[i]!)));
  const section = html(
    'section',
    { class: 'relation-list', 'data-list': key },
    html('h3', {}, `${title} (${indexes.length})`),
    indexes.length ? list : html('p', { class: 'muted' }, 'None.'),
  );
  if (!all && indexes.length > LIST_LIMIT) {
    const more = html('button', { type: 'button' }, `Show all ${indexes.length}`);
    more.addEventListener('click', () => {
      expanded.add(key);
      deferLists();
    });
    section.append(more);
  }
  return section;
}

/** The drawn relationships by state. */
function drawnGroups(): Record<Holds, number[]> {
  const groups: Record<Holds, number[]> = { yes: [], maybe: [], undated: [], no: [] };
  drawn.forEach((holds, i) => groups[holds].push(i));
  return groups;
}

/**
 * The lists (and a canvas's index of what it shows) are rebuilt once the new drawing is on screen and
 * the browser is idle, not before: a date change shows at once, and they follow a moment later (the
 * page says `data-pending` meanwhile).
 */
let pendingLists: number | undefined;
function deferLists(): void {
  if (pendingLists !== undefined) cancelIdleCallback(pendingLists);
  view.dataset.pending = 'lists';
  pendingLists = requestIdleCallback(
    () => {
      pendingLists = undefined;
      network.settle();
      timeline.settle();
      lists();
      delete view.dataset.pending;
    },
    { timeout: 250 },
  );
}

function summarise(): void {
  const groups = drawnGroups();
  const day = longDate(state.asOf);
  const filters = [
    state.kinds.length < kinds.length ? `${state.kinds.length} of ${kinds.length} kinds` : '',
    state.trace === undefined ? '' : `only the relationships of ${name(state.trace)}`,
  ].filter(Boolean);
  const undatedCount = relations.filter((r, i) => onTimeline[i] === 'undated' && passes(r, state)).length;
  summary.textContent =
    `On ${day}: ${groups.yes.length} ${groups.yes.length === 1 ? 'relationship holds' : 'relationships hold'} (full colour) and ${groups.maybe.length} may hold (pale: their dates leave it open). ` +
    (state.undated
      ? `${undatedCount} undated ${undatedCount === 1 ? 'one is' : 'ones are'} drawn grey: no source gives their dates.`
      : `${undatedCount} undated ${undatedCount === 1 ? 'one is' : 'ones are'} not drawn (tick “Draw undated relationships” to see them).`) +
    (filters.length ? ` Showing ${filters.join(', ')}.` : '');
}

function lists(): void {
  const groups = drawnGroups();
  const day = longDate(state.asOf);
  byId('shown-lists').replaceChildren(
    listOf('yes', `Holding on ${day}`, groups.yes, drawn),
    listOf('maybe', `May hold on ${day}`, groups.maybe, drawn),
    ...(state.undated ? [listOf('undated', 'Undated, drawn grey', groups.undated, drawn)] : []),
  );
  const traceSection = byId('trace-list');
  traceSection.hidden = state.trace === undefined;
  if (state.trace !== undefined) {
    const own = relations.flatMap((r, i) => (passes(r, state) ? [i] : []));
    traceSection.replaceChildren(
      html('h2', {}, `${name(state.trace)}: every relationship over the whole period, in time order`),
      html('p', { class: 'muted' }, `Of the kinds shown; each says whether it holds on ${day}.`),
      listOf('trace', `Relationships of ${name(state.trace)}`, own, onTimeline),
    );
  }
}

function dateText(date: StatedDate): string {
  const { earliest, latest } = date;
  const span = earliest === latest ? longDate(earliest) : `${longDate(earliest)} – ${longDate(latest)}`;
  const marks = [date.uncertain ? 'uncertain' : '', date.approximate ? 'approximate' : ''].filter(Boolean).join(', ');
  return `${date.text} (${span}${marks ? `; ${marks}` : ''})`;
}

function entityLink(index: number): HTMLElement {
  return html('a', { href: entities[index]!.href }, name(index));
}

/** The evidence of a relationship: in words, its dates, how sure, the verbatim quote and its sources. */
function showEvidence(index: number): void {
  const r = relations[index]!;
  const kind = kinds[r.kind]!;
  const holds = onTimeline[index] ?? holdsOn(r, state.asOf);
  const facts: [string, string][] = [
    ['Began', r.start ? dateText(r.start) : 'not stated'],
    ['Ended', r.end ? dateText(r.end) : 'not stated'],
    [
      `On ${longDate(state.asOf)}`,
      holds === 'maybe' ? 'may hold: its dates leave it open' : holds === 'undated' ? 'unknown: no source gives its dates' : STATE_WORDS[holds],
    ],
    ...(r.certainty ? [['Certainty', `${r.certainty}${data.certainties[r.certainty] ? `: ${data.certainties[r.certainty]}` : ''}`] as [string, string]] : []),
    ...(r.role ? [['Role', r.role] as [string, string]] : []),
  ];
  const sourceLinks = r.sources.flatMap((s, i) => [...(i ? ['; '] : []), html('a', { href: data.sources[s]!.href }, data.sources[s]!.title)]);
  const traceButton = (entity: number): HTMLElement => {
    const button = html('button', { type: 'button' }, `Trace ${name(entity)}`);
    button.addEventListener('click', () => change({ trace: entity }));
    return button;
  };
  const close = html('button', { type: 'button', class: 'close', 'aria-label': 'Close' }, '×');
  close.addEventListener('click', () => select(undefined, false));
  evidence.replaceChildren(
    close,
    html('h2', { id: 'evidence-title' }, entityLink(r.from), ' ', html('span', { class: 'kind' }, `→ ${kind.label} →`), ' ', entityLink(r.to)),
    html('dl', {}, ...facts.flatMap(([term, value]) => [html('dt', {}, term), html('dd', {}, value)])),
    ...(r.quote ? [html('blockquote', {}, r.quote)] : []),
    html('p', {}, 'Source: ', ...sourceLinks),
    ...(r.notes ? [html('p', { class: 'muted' }, `Note: ${r.notes}`)] : []),
    html('p', {}, traceButton(r.from), ' ', traceButton(r.to)),
  );
  evidence.dataset.relation = r.id;
}

function select(index: number | undefined, fromDrawing: boolean): void {
  selected = index;
  network.select(index);
  timeline.select(index);
  if (index === undefined) {
    evidence.replaceChildren(...noEvidence);
    delete evidence.dataset.relation;
    return;
  }
  showEvidence(index);
  if (fromDrawing) evidence.scrollIntoView({ block: 'nearest' });
  else evidence.focus();
}

apply(state, 'none');
