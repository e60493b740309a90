// The timeline-diagram of the "over time" page: a lane per actor or group, each dated relationship a
// connector between its two lanes at its date. A date is drawn as the whole span it can mean (a month
// as a month), uncertain dates dashed and approximate ones faded, as in timeline.svg; a relationship
// that ended is also a bar along its subject's lane. The time axis zooms from the whole period to a month.
import type { Holds } from './holds.ts';
import { monthName, svg } from './time-dom.ts';
import type { RelationInfo, StatedDate, TimeData } from './time-types.ts';

export interface TimelineView {
  /** Lays the lanes out again for the relationships shown (their indexes, in time order). */
  show(relations: readonly number[], traced: number | undefined): void;
  /** Marks each shown connector with its state on the chosen day. */
  update(states: readonly Holds[]): void;
  /** Marks, once the browser is idle, what update() left for later among thousands of connectors. */
  settle(): void;
  date(day: number): void;
  select(relation: number | undefined): void;
  zoom(how: 'in' | 'out' | 'fit' | 'month'): void;
}

const LANE = 26;
const TOP = 38;
const BOTTOM = 12;
const PAD = 16;
/** Up to this many connectors, all are marked as the date changes; beyond, those near the screen once the browser is idle (see mark()). */
const MARK_ALL_UP_TO = 1000;

/** The date a connector is drawn at: its start, or its end when only that is known. */
const markedDate = (r: RelationInfo): StatedDate | undefined => r.start ?? r.end;

export function createTimeline(
  frame: HTMLElement,
  data: TimeData,
  on: { relation(index: number): void; entity(index: number): void; day(day: number): void },
): TimelineView {
  const labels = svg('svg', { class: 'tl-labels', 'aria-hidden': 'true' });
  const scroller = document.createElement('div');
  scroller.className = 'tl-scroll';
  const body = svg('svg', {
    class: 'tl-body',
    role: 'img',
    'aria-label':
      'Timeline-diagram: a lane per person or group, each dated relationship a connector between two lanes at its date; the lists give every one in words.',
  });
  const cursor = svg('svg', { class: 'tl-cursor', width: 12, 'aria-hidden': 'true' });
  scroller.append(body, cursor);
  frame.append(labels, scroller);

  const days = Math.max(1, data.last - data.first + 1);
  let perDay = 0;
  let shown: readonly number[] = [];
  let laneOf = new Map<number, number>();
  let connectors = new Map<number, SVGElement>();
  let hits: { index: number; at: number; top: number; bottom: number; firstLane: number; lastLane: number }[] = [];
  let drawnState = new Map<number, Holds>();
  let latest: readonly Holds[] = [];
  /** The lanes on screen, with a screen's height either side, as last seen. */
  let near = { first: 0, last: Infinity };
  /** Whether the whole period fits the view, to be kept so when the view's width changes. */
  let fitted = true;
  let day = data.last;
  let selected: number | undefined;
  let traced: number | undefined;

  // The scroller's width and position, kept as they change: reading them after a redraw would make
  // the browser lay the page out there and then, which costs more than the redraw itself.
  let viewWidth = scroller.clientWidth;
  let viewLeft = 0;
  new ResizeObserver(() => {
    if (scroller.clientWidth === viewWidth) return;
    viewWidth = scroller.clientWidth;
    if (fitted && perDay > 0) zoomTo(fit());
  }).observe(scroller);
  scroller.addEventListener('scroll', () => void (viewLeft = scroller.scrollLeft), { passive: true });
  const scrollTo = (left: number): void => {
    scroller.scrollLeft = left;
    viewLeft = scroller.scrollLeft;
  };
  const available = (): number => Math.max(200, viewWidth - 2 * PAD);
  const fit = (): number => available() / days;
  const x = (d: number): number => PAD + (d - data.first) * perDay;
  const laneY = (entity: number): number => TOP + laneOf.get(entity)! * LANE + LANE / 2;

  /** Lanes in an order that keeps connectors short: by first date, then a few rounds of moving each lane to the mean of those it connects to. */
  function laneOrder(relations: readonly number[]): number[] {
    const first = new Map<number, number>();
    const links = new Map<number, number[]>();
    for (const i of relations) {
      const r = data.relations[i]!;
      for (const [a, b] of [
        [r.from, r.to],
        [r.to, r.from],
      ] as const) {
        if (!first.has(a)) first.set(a, first.size);
        (links.get(a) ?? links.set(a, []).get(a)!).push(b);
      }
    }
    let order = [...first.keys()];
    for (let round = 0; round < 6; round++) {
      const at = new Map(order.map((e, i) => [e, i]));
      const wanted = new Map(
        order.map((e) => [e, ((links.get(e) ?? []).reduce((sum, n) => sum + at.get(n)!, 0) + at.get(e)! * 2) / ((links.get(e)?.length ?? 0) + 2)]),
      );
      order = [...order].sort((a, b) => wanted.get(a)! - wanted.get(b)! || at.get(a)! - at.get(b)!);
    }
    return order;
  }

  function axis(height: number): SVGElement {
    const group = svg('g', { class: 'tl-axis' });
    group.append(svg('rect', { class: 'tl-axis-band', x: 0, y: 0, width: x(data.last + 1) + PAD, height: TOP - 8 }));
    const start = new Date(data.first * 86_400_000);
    const perMonth = perDay * 30.4;
    for (let year = start.getUTCFullYear(), month = start.getUTCMonth(); ; month++) {
      if (month === 12) [year, month] = [year + 1, 0];
      const d = Math.round(Date.UTC(year, month, 1) / 86_400_000);
      if (d > data.last + 1) break;
      if (d >= data.first) {
        const at = x(d);
        const isYear = month === 0;
        group.append(svg('line', { class: isYear ? 'tl-year' : 'tl-month', x1: at, x2: at, y1: isYear ? 6 : TOP - 14, y2: height }));
        if (isYear) group.append(svg('text', { class: 'tl-year-label', x: at + 3, y: 12 }, String(year)));
        // A month is named in full when it is wide, by three letters when it has room, by its initial each quarter when less.
        const name =
          perMonth >= 300
            ? `${monthName(month, 9)} ${year}`
            : perMonth >= 26
              ? monthName(month)
              : perMonth >= 10 && month % 3 === 0 && !isYear
                ? monthName(month, 1)
                : '';
        if (name) group.append(svg('text', { class: 'tl-month-label', x: at + 3, y: TOP - 13 }, name));
      }
    }
    // Days, once a day is wide enough to tell apart: a tick each, and the date every week.
    if (perDay >= 5)
      for (let d = data.first; d <= data.last; d++) {
        const date = new Date(d * 86_400_000).getUTCDate();
        group.append(svg('line', { class: 'tl-day', x1: x(d), x2: x(d), y1: TOP - 10, y2: TOP - 6 }));
        if (perDay >= 18 || (date < 29 && (date - 1) % 7 === 0)) group.append(svg('text', { class: 'tl-day-label', x: x(d) + 1, y: TOP - 1 }, String(date)));
      }
    return group;
  }

  /**
   * Marks the connectors with their state on the chosen day; among thousands, only those with a lane
   * near the screen, as marking all of them would cost more than the rest of the redraw: the others
   * are marked as they come near (scrolling the page).
   */
  function mark(): void {
    const all = hits.length <= MARK_ALL_UP_TO;
    for (const hit of hits) {
      if (!all && (hit.lastLane < near.first || hit.firstLane > near.last)) continue;
      const state = latest[hit.index] ?? 'no';
      if (drawnState.get(hit.index) === state) continue;
      drawnState.set(hit.index, state);
      connectors.get(hit.index)!.setAttribute('data-holds', state);
    }
  }
  function lanesInView(): void {
    const top = body.getBoundingClientRect().top;
    const height = window.innerHeight;
    near = { first: Math.floor((-top - height - TOP) / LANE), last: Math.ceil((2 * height - top) / LANE) };
  }
  let scrolling = false;
  const follow = (): void => {
    if (scrolling) return;
    scrolling = true;
    requestAnimationFrame(() => {
      scrolling = false;
      lanesInView();
      mark();
    });
  };
  window.addEventListener('scroll', follow, { passive: true });
  window.addEventListener('resize', follow, { passive: true });

  function connector(index: number, slot: number, slots: number): SVGElement {
    const r = data.relations[index]!;
    const kind = data.kinds[r.kind]!;
    const date = markedDate(r)!;
    const [ya, yb] = [laneY(r.from), laneY(r.to)];
    const left = x(date.earliest);
    const width = Math.max(3, x(date.latest + 1) - left);
    // Connectors sharing a date stand side by side about the middle of its span, never outside it.
    const step = Math.min(12, width / (slots + 1));
    const at = left + width / 2 + (slot - (slots - 1) / 2) * step;
    const group = svg('g', {
      class: `tl-rel${date.approximate ? ' approximate' : ''}${date.uncertain ? ' uncertain' : ''}`,
      'data-relation': r.id,
      'data-index': index,
    });
    // A relationship that ended: a bar along its subject's lane for as long as it lasted (faint from
    // the period's start when no source says when it began).
    if (r.end) {
      const from = r.start ? x(r.start.earliest) : x(data.first);
      group.append(
        svg('rect', {
          class: `tl-span${r.start ? '' : ' open'}`,
          x: from,
          y: ya - 3,
          width: Math.max(2, x(r.end.latest + 1) - from),
          height: 6,
          rx: 3,
          fill: kind.color,
        }),
      );
    }
    const down = yb > ya ? 1 : -1;
    const dot = (cx: number, cy: number, radius: number): string =>
      `M${cx - radius},${cy} a${radius},${radius} 0 1,0 ${2 * radius},0 a${radius},${radius} 0 1,0 ${-2 * radius},0`;
    // The link, a dot at the subject and an arrowhead (or, both ways, a dot) at the target, in one path.
    const link = [
      `M${at},${ya} L${at},${yb - down * 7}`,
      dot(at, ya, 2.5),
      kind.twoWay ? dot(at, yb, 3) : `M${at - 4},${yb - down * 8} L${at},${yb} L${at + 4},${yb - down * 8} Z`,
    ].join(' ');
    group.append(
      // The whole span the date can mean, on the subject's lane.
      svg('rect', { class: 'tl-when', x: left, y: ya - 6, width, height: 12, rx: 3, fill: kind.color, stroke: kind.color }),
      svg('path', { class: 'tl-link', d: link, stroke: kind.color, fill: kind.color }),
    );
    const [first, last] = [laneOf.get(r.from)!, laneOf.get(r.to)!];
    hits.push({ index, at, top: Math.min(ya, yb) - 6, bottom: Math.max(ya, yb) + 6, firstLane: Math.min(first, last), lastLane: Math.max(first, last) });
    return group;
  }

  /** The connector nearest a point of the diagram, within a few pixels of its line. */
  function nearest(px: number, py: number): number | undefined {
    let best: number | undefined;
    let distance = 6;
    for (const hit of hits) if (py >= hit.top && py <= hit.bottom && Math.abs(hit.at - px) < distance) [best, distance] = [hit.index, Math.abs(hit.at - px)];
    return best;
  }

  function draw(): void {
    const order = laneOrder(shown);
    laneOf = new Map(order.map((e, i) => [e, i]));
    const height = TOP + order.length * LANE + BOTTOM;
    const width = x(data.last + 1) + PAD;
    body.setAttribute('width', width.toFixed(0));
    body.setAttribute('height', String(height));
    labels.setAttribute('height', String(height));
    body.replaceChildren();
    labels.replaceChildren();
    const lanes = svg('g', { class: 'tl-lanes' });
    order.forEach((entity, i) => {
      const y = TOP + i * LANE;
      const e = data.entities[entity]!;
      lanes.append(
        svg('rect', { class: i % 2 ? 'tl-lane' : 'tl-lane odd', x: 0, y, width, height: LANE }),
        svg('line', { class: 'tl-lane-line', x1: PAD, x2: width - PAD, y1: y + LANE / 2, y2: y + LANE / 2 }),
      );
      labels.append(
        svg(
          'g',
          { class: `tl-label${entity === traced ? ' traced' : ''}`, 'data-entity': e.id, 'data-index': entity },
          svg('title', {}, `${e.name} (${e.type}): click to trace`),
          svg('rect', { x: 0, y, width: '100%', height: LANE, class: i % 2 ? 'tl-lane' : 'tl-lane odd' }),
          svg('text', { x: 6, y: y + LANE / 2 + 4 }, e.name.length > 24 ? `${e.name.slice(0, 23)}…` : e.name),
        ),
      );
    });
    body.append(lanes, axis(height));
    const links = svg('g', { class: 'tl-links' });
    connectors = new Map();
    hits = [];
    drawnState = new Map();
    const sameDate = new Map<string, number[]>();
    for (const i of shown) {
      const date = markedDate(data.relations[i]!)!;
      const key = `${date.earliest} ${date.latest}`;
      (sameDate.get(key) ?? sameDate.set(key, []).get(key)!).push(i);
    }
    for (const group of sameDate.values())
      group.forEach((i, slot) => {
        const element = connector(i, slot, group.length);
        if (i === selected) element.classList.add('selected');
        connectors.set(i, element);
        links.append(element);
      });
    cursor.setAttribute('height', String(height));
    cursor.replaceChildren(svg('line', { x1: 6, x2: 6, y1: 0, y2: height }), svg('rect', { x: 1, y: 0, width: 10, height: TOP - 8, rx: 2 }));
    body.append(links);
    placeCursor();
    lanesInView();
    mark();
  }

  function placeCursor(): void {
    // Its own layer, moved by the compositor: a new date does not repaint the diagram under it.
    cursor.style.transform = `translateX(${(x(day + 0.5) - 6).toFixed(1)}px)`;
  }

  body.addEventListener('click', (event) => {
    const target = event.target as Element;
    const connector = target.closest('[data-relation]');
    const box = body.getBoundingClientRect();
    const [px, py] = [event.clientX - box.left, event.clientY - box.top];
    const index = connector ? Number(connector.getAttribute('data-index')) : nearest(px, py);
    if (index !== undefined) return on.relation(index);
    // The axis band chooses a date.
    if (py < TOP) on.day(Math.min(data.last, Math.max(data.first, Math.floor(data.first + (px - PAD) / perDay))));
  });
  labels.addEventListener('click', (event) => {
    const lane = (event.target as Element).closest('[data-entity]');
    if (lane) on.entity(Number(lane.getAttribute('data-index')));
  });
  scroller.addEventListener(
    'wheel',
    (event) => {
      if (!event.ctrlKey) return;
      event.preventDefault();
      zoomTo(perDay * (event.deltaY < 0 ? 1.25 : 0.8));
    },
    { passive: false },
  );

  /** Zooms keeping the chosen day where it is on screen (or, if it is off screen, in the middle). */
  function zoomTo(wanted: number): void {
    viewWidth = scroller.clientWidth;
    const before = x(day) - viewLeft;
    const onScreen = before >= 0 && before <= viewWidth;
    perDay = Math.min(available() / 31, Math.max(fit(), wanted));
    fitted = perDay <= fit();
    draw();
    scrollTo(x(day) - (onScreen ? before : viewWidth / 2));
    frame.dataset.daysInView = String(Math.round(Math.min(days, available() / perDay)));
  }

  return {
    show(relations, trace) {
      shown = relations.filter((i) => markedDate(data.relations[i]!) !== undefined);
      traced = trace;
      if (perDay === 0) perDay = fit();
      zoomTo(perDay);
    },
    update(states) {
      latest = states;
      // A few connectors are marked at once; thousands once the browser is idle (settle()).
      if (hits.length <= MARK_ALL_UP_TO) mark();
    },
    settle() {
      if (hits.length > MARK_ALL_UP_TO) mark();
    },
    date(chosen) {
      day = chosen;
      placeCursor();
      // Keep the chosen day in view when zoomed in.
      const at = x(day);
      if (at < viewLeft || at > viewLeft + viewWidth) scrollTo(at - viewWidth / 2);
    },
    select(relation) {
      if (selected !== undefined) connectors.get(selected)?.classList.remove('selected');
      selected = relation;
      if (relation !== undefined) connectors.get(relation)?.classList.add('selected');
    },
    zoom(how) {
      if (how === 'fit') zoomTo(fit());
      else if (how === 'month') zoomTo(available() / 31);
      else zoomTo(perDay * (how === 'in' ? 2 : 0.5));
    },
  };
}
