// The network as of a date, drawn by the "over time" page's script: every node at the place the
// build gave it, and only the relationships shown on the day, each as an element that says which
// relationship it is (data-relation) and how surely it holds (data-holds).
//
// Up to a few thousand relationships each is an SVG path the browser draws. Beyond that the browser
// cannot redraw them quickly enough (at 20 000 a new date took seconds), so the same elements are
// kept, undrawn, as the index of what is shown, and canvases paint them all from the same states.
import type { Holds } from './holds.ts';
import { dashOf, svg, widthOf } from './time-dom.ts';
import type { EntityInfo, TimeData } from './time-types.ts';

export interface NetworkView {
  /** Draws each relationship in its state (`no`: not drawn); only what changed is touched. */
  update(states: readonly Holds[]): void;
  /**
   * Brings the index of a canvas up to the drawing, once it is on screen (a canvas is painted at once;
   * its thousands of elements follow when the browser is idle). Nothing to do for an SVG drawing.
   */
  settle(): void;
  select(relation: number | undefined): void;
  trace(entity: number | undefined): void;
  zoom(by: number | 'fit'): void;
}

/** Above this many relationships the network is painted on a canvas (see above). */
export const CANVAS_ABOVE = 1500;

type Point = readonly [number, number];
type Drawn = Exclude<Holds, 'no'>;
const GAP = 14;
/**
 * How faint a relationship that may hold is drawn: by the opacity of its stroke and arrowhead, never
 * of its element, as an element's own opacity makes the browser paint it apart, which at thousands
 * of lines costs more than the whole redraw. time.css says the same of the SVG paths.
 */
const MAYBE_OPACITY = 0.35;
const UNDATED_COLOR = '#9ca3af';
const SELECTED_COLOR = '#f59e0b';
const FADE_IDLE_UP_TO = 500;
/** A canvas wider or taller than this, in pixels, is refused by browsers: zooming stops short of it. */
const CANVAS_LIMIT = 8192;

/** Where the line from a node's centre in direction (dx, dy) leaves its box or ellipse, a little outside. */
function boundary(node: EntityInfo, dx: number, dy: number): Point {
  const length = Math.hypot(dx, dy) || 1;
  const [ux, uy] = [dx / length, dy / length];
  const [a, b] = [node.w / 2 + 1.5, node.h / 2 + 1.5];
  const t = node.shape === 'ellipse' ? 1 / Math.hypot(ux / a, uy / b) : Math.min(ux ? a / Math.abs(ux) : Infinity, uy ? b / Math.abs(uy) : Infinity);
  return [node.x + ux * t, node.y + uy * t];
}

export function createNetwork(
  figure: HTMLElement,
  data: TimeData,
  on: { relation(index: number): void; entity(index: number): void },
  drawing: 'svg' | 'canvas' = data.relations.length > CANVAS_ABOVE ? 'canvas' : 'svg',
): NetworkView {
  const onCanvas = drawing === 'canvas';
  const viewBox = `0 0 ${data.width.toFixed(0)} ${data.height.toFixed(0)}`;
  // Drawings stacked in one place: undated relationships, which no date changes, the dated ones, and
  // the nodes. Each is its own layer for the browser, so a new date repaints the dated ones only.
  const layer = (name: string, attributes: Record<string, string> = {}): SVGElement => svg('svg', { viewBox, class: `network ${name}`, ...attributes });
  const undatedLayer = layer('undated-layer', { 'aria-hidden': 'true' });
  const datedLayer = layer('dated-layer', { 'aria-hidden': 'true' });
  const nodeLayer = layer('node-layer', {
    role: 'img',
    'aria-label':
      'The network on the chosen date: people and groups, with the relationships that hold then as lines; the lists below give every line in words.',
  });
  const defs = svg('defs');
  // One arrowhead per kind colour and state, and a grey one for undated relationships.
  const marker = (id: string, color: string, opacity = 1): SVGElement =>
    svg(
      'marker',
      { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, markerUnits: 'userSpaceOnUse', orient: 'auto' },
      svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: color, 'fill-opacity': opacity }),
    );
  data.kinds.forEach((kind, k) => defs.append(marker(`arrow-${k}`, kind.color), marker(`arrow-${k}-maybe`, kind.color, MAYBE_OPACITY)));
  const groups: Record<Drawn, SVGElement> = { undated: svg('g'), maybe: svg('g'), yes: svg('g') };
  undatedLayer.append(svg('defs', {}, marker('arrow-undated', UNDATED_COLOR)), groups.undated);
  datedLayer.append(defs, groups.maybe, groups.yes);

  const nodes = data.entities.map((entity, index) => {
    const shape =
      entity.shape === 'ellipse'
        ? svg('ellipse', { cx: entity.x, cy: entity.y, rx: entity.w / 2, ry: entity.h / 2, fill: entity.fill })
        : svg('rect', { x: entity.x - entity.w / 2, y: entity.y - entity.h / 2, width: entity.w, height: entity.h, rx: 5, fill: entity.fill });
    const label = svg('text', { x: entity.x, y: entity.y - ((entity.lines.length - 1) * 13) / 2 + 4 });
    entity.lines.forEach((line, i) => label.append(svg('tspan', { x: entity.x, dy: i === 0 ? 0 : 13 }, line)));
    const node = svg('g', { class: 'node', 'data-entity': entity.id, 'data-index': index }, shape, label);
    nodeLayer.append(node);
    return node;
  });

  // Relationships between the same two nodes curve apart, each always by the same amount, so that a
  // line appearing never moves another.
  const bends = new Float64Array(data.relations.length);
  const byPair = new Map<string, number[]>();
  data.relations.forEach((r, i) => {
    const key = r.from < r.to ? `${r.from} ${r.to}` : `${r.to} ${r.from}`;
    const list = byPair.get(key) ?? [];
    if (!list.length) byPair.set(key, list);
    list.push(i);
  });
  for (const list of byPair.values())
    list.forEach((i, n) => {
      const r = data.relations[i]!;
      // Curved the same side whichever way the relationship points.
      bends[i] = (n - (list.length - 1) / 2) * GAP * (r.from < r.to ? 1 : -1);
    });

  /** Each relationship's curve from the edge of its subject's node to its target's: start, control point, end. */
  const curves: (readonly [Point, Point, Point] | undefined)[] = new Array(data.relations.length);
  function curve(index: number): readonly [Point, Point, Point] {
    const known = curves[index];
    if (known) return known;
    const relation = data.relations[index]!;
    const [a, b] = [data.entities[relation.from]!, data.entities[relation.to]!];
    const [dx, dy] = [b.x - a.x, b.y - a.y];
    const length = Math.hypot(dx, dy) || 1;
    const bend = bends[index]!;
    const control: Point = [(a.x + b.x) / 2 - (dy / length) * bend * 2, (a.y + b.y) / 2 + (dx / length) * bend * 2];
    const made = [boundary(a, control[0] - a.x, control[1] - a.y), control, boundary(b, control[0] - b.x, control[1] - b.y)] as const;
    curves[index] = made;
    return made;
  }

  const elements: (SVGElement | undefined)[] = new Array(data.relations.length);
  const drawn: Holds[] = new Array(data.relations.length).fill('no');

  /** A relationship's element: one path, nothing in it, as thousands of them change with each date. */
  function element(index: number): SVGElement {
    const existing = elements[index];
    if (existing) return existing;
    const relation = data.relations[index]!;
    const kind = data.kinds[relation.kind]!;
    const [p0, control, p1] = curve(index);
    const width = widthOf(kind.line);
    const dash = dashOf(kind.line, width);
    const path = svg('path', {
      class: 'edge',
      'data-relation': relation.id,
      'data-index': index,
      d: `M${p0[0].toFixed(1)},${p0[1].toFixed(1)} Q${control[0].toFixed(1)},${control[1].toFixed(1)} ${p1[0].toFixed(1)},${p1[1].toFixed(1)}`,
      stroke: kind.color,
      'stroke-width': width,
      ...(dash ? { 'stroke-dasharray': dash } : {}),
      // An undated relationship is grey whatever the date, arrowhead included.
      ...(kind.twoWay ? {} : { 'marker-end': `url(#arrow-${relation.start || relation.end ? relation.kind : 'undated'})` }),
    });
    elements[index] = path;
    return path;
  }

  const words = (index: number): string => {
    const r = data.relations[index]!;
    return `${data.entities[r.from]!.name} ${data.kinds[r.kind]!.label} ${data.entities[r.to]!.name}${r.start ? `, ${r.start.text}` : ''}${r.end ? ` to ${r.end.text}` : ''}`;
  };

  /** The drawn relationship nearest a point of the drawing, within `reach`, by its curve sampled at a few points. */
  function nearest([px, py]: Point, reach: number): number | undefined {
    let best: number | undefined;
    let bestDistance = reach * reach;
    for (let i = 0; i < drawn.length; i++) {
      if (drawn[i] === 'no') continue;
      const [p0, c, p1] = curve(i);
      for (let step = 0; step <= 12; step++) {
        const t = step / 12;
        const x = (1 - t) * (1 - t) * p0[0] + 2 * (1 - t) * t * c[0] + t * t * p1[0];
        const y = (1 - t) * (1 - t) * p0[1] + 2 * (1 - t) * t * c[1] + t * t * p1[1];
        const distance = (x - px) ** 2 + (y - py) ** 2;
        if (distance < bestDistance) [best, bestDistance] = [i, distance];
      }
    }
    return best;
  }

  let selected: number | undefined;
  let traced: number | undefined;
  const touching = new Int32Array(data.entities.length);

  const stack = document.createElement('div');
  stack.className = 'net-stack';
  stack.dataset.drawing = drawing;
  stack.style.aspectRatio = `${data.width.toFixed(0)} / ${data.height.toFixed(0)}`;
  // Two canvases, like the SVG layers: the undated relationships, which no date changes, and the dated ones.
  const canvas = (): HTMLCanvasElement => {
    const made = document.createElement('canvas');
    made.className = 'net-canvas';
    made.setAttribute('aria-hidden', 'true');
    return made;
  };
  const canvases = { undated: canvas(), dated: canvas() };
  // On a canvas, the paths stay in the page as the index of what is drawn, but are not drawn themselves.
  if (onCanvas) for (const index of [undatedLayer, datedLayer]) index.classList.add('index-only');
  stack.append(...(onCanvas ? [canvases.undated, canvases.dated] : []), undatedLayer, datedLayer, nodeLayer);

  /** A point of the page in the drawing's units. */
  const inDrawing = (event: MouseEvent): { point: Point; scale: number } => {
    const box = stack.getBoundingClientRect();
    const scale = box.width / data.width;
    return { point: [(event.clientX - box.left) / scale, (event.clientY - box.top) / scale], scale };
  };
  stack.addEventListener('click', (event) => {
    const target = event.target as Element;
    const node = target.closest('[data-entity]');
    if (node) return on.entity(Number(node.getAttribute('data-index')));
    const edge = target.closest('[data-relation]');
    // A line is thin: a click near one counts as on it.
    const { point, scale } = inDrawing(event);
    const index = edge ? Number(edge.getAttribute('data-index')) : nearest(point, 8 / scale);
    if (index !== undefined) on.relation(index);
  });
  // What a line or node is, under the pointer.
  const tip = document.createElement('div');
  tip.className = 'net-tip';
  tip.hidden = true;
  let hovering = false;
  stack.addEventListener('mousemove', (event) => {
    if (hovering) return;
    hovering = true;
    requestAnimationFrame(() => {
      hovering = false;
      const node = (event.target as Element).closest('[data-entity]');
      const { point, scale } = inDrawing(event);
      const index = node ? undefined : nearest(point, 8 / scale);
      const entity = node ? data.entities[Number(node.getAttribute('data-index'))]! : undefined;
      tip.hidden = !entity && index === undefined;
      if (tip.hidden) return;
      tip.textContent = entity ? `${entity.name} (${entity.type}): click to trace` : `${words(index!)}: click for the evidence`;
      const box = stack.getBoundingClientRect();
      tip.style.left = `${Math.max(0, Math.min(box.width - 220, event.clientX - box.left + 12))}px`;
      tip.style.top = `${event.clientY - box.top + 14}px`;
    });
  });
  stack.addEventListener('mouseleave', () => void (tip.hidden = true));
  stack.append(tip);
  figure.append(stack);

  // The canvases: every drawn relationship painted in one pass per state and kind, from the same states as the index.
  let cssWidth = 0;
  function paint(which: 'undated' | 'dated'): void {
    const target = canvases[which];
    const context = onCanvas ? target.getContext('2d') : null;
    if (!context || cssWidth === 0) return;
    const ratio = window.devicePixelRatio || 1;
    const scale = (cssWidth * ratio) / data.width;
    const [width, height] = [Math.round(data.width * scale), Math.round(data.height * scale)];
    if (target.width !== width || target.height !== height) [target.width, target.height] = [width, height];
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, width, height);
    context.setTransform(scale, 0, 0, scale, 0, 0);
    const buckets = new Map<string, number[]>();
    for (let i = 0; i < drawn.length; i++) {
      const state = drawn[i]!;
      if (state === 'no' || (state === 'undated') !== (which === 'undated')) continue;
      const key = `${state} ${data.relations[i]!.kind}`;
      (buckets.get(key) ?? buckets.set(key, []).get(key)!).push(i);
    }
    const stroke = (indexes: readonly number[], color: string, width: number, alpha: number, arrows: boolean): void => {
      context.globalAlpha = alpha;
      context.strokeStyle = color;
      context.lineWidth = width;
      context.beginPath();
      for (const i of indexes) {
        const [p0, c, p1] = curve(i);
        context.moveTo(p0[0], p0[1]);
        // Straight where no other line shares the two nodes: a line is quicker to paint than a curve.
        if (bends[i] === 0) context.lineTo(p1[0], p1[1]);
        else context.quadraticCurveTo(c[0], c[1], p1[0], p1[1]);
        if (!arrows) continue;
        // The arrowhead as two strokes of the same path: filling thousands of triangles apart costs more than all the lines.
        const [dx, dy] = [p1[0] - c[0], p1[1] - c[1]];
        const length = Math.hypot(dx, dy) || 1;
        const [ux, uy] = [dx / length, dy / length];
        context.moveTo(p1[0] - ux * 7 - uy * 3.5, p1[1] - uy * 7 + ux * 3.5);
        context.lineTo(p1[0], p1[1]);
        context.lineTo(p1[0] - ux * 7 + uy * 3.5, p1[1] - uy * 7 - ux * 3.5);
      }
      context.stroke();
    };
    // Without dashes: dashing thousands of lines takes a canvas several times as long; the colour tells the kinds apart.
    for (const state of which === 'undated' ? (['undated'] as const) : (['maybe', 'yes'] as const))
      data.kinds.forEach((kind, k) => {
        const indexes = buckets.get(`${state} ${k}`);
        if (indexes)
          stroke(
            indexes,
            state === 'undated' ? UNDATED_COLOR : kind.color,
            state === 'undated' ? 1 : widthOf(kind.line),
            state === 'maybe' ? MAYBE_OPACITY : 1,
            !kind.twoWay,
          );
      });
    if (selected !== undefined && which === 'dated' && drawn[selected] !== 'no') {
      const kind = data.kinds[data.relations[selected]!.kind]!;
      context.shadowColor = SELECTED_COLOR;
      context.shadowBlur = 6;
      stroke([selected], drawn[selected] === 'undated' ? UNDATED_COLOR : kind.color, 4.5, 1, !kind.twoWay);
      context.shadowBlur = 0;
    }
    context.globalAlpha = 1;
  }
  if (onCanvas)
    new ResizeObserver(() => {
      cssWidth = stack.clientWidth;
      paint('undated');
      paint('dated');
    }).observe(stack);

  let scale: number | 'fit' = 'fit';
  const applyZoom = (): void => {
    stack.classList.toggle('fit', scale === 'fit');
    if (scale === 'fit') stack.style.removeProperty('width');
    else stack.style.width = `${(data.width * scale).toFixed(0)}px`;
  };
  applyZoom();

  /** The state each relationship's element shows (`no`: not in the page), brought to `drawn` by `index()`. */
  const indexed: Holds[] = new Array(data.relations.length).fill('no');
  /** Brings the elements to the states drawn: only what changed is touched. */
  function index(): void {
    const added: Record<Drawn, DocumentFragment> = {
      undated: document.createDocumentFragment(),
      maybe: document.createDocumentFragment(),
      yes: document.createDocumentFragment(),
    };
    for (let i = 0; i < drawn.length; i++) {
      const state = drawn[i]!;
      const before = indexed[i]!;
      if (state === before) continue;
      indexed[i] = state;
      if (state === 'no') {
        elements[i]!.remove();
        continue;
      }
      const relation = data.relations[i]!;
      const path = element(i);
      path.setAttribute('data-holds', state);
      // As the index of a canvas, an element only changes its state: its place and arrowhead are not drawn.
      if (onCanvas && before !== 'no') continue;
      if (!onCanvas && state !== 'undated' && !data.kinds[relation.kind]!.twoWay && (state === 'maybe') !== (before === 'maybe'))
        path.setAttribute('marker-end', `url(#arrow-${relation.kind}${state === 'maybe' ? '-maybe' : ''})`);
      added[state].append(path);
    }
    for (const state of ['undated', 'maybe', 'yes'] as const) groups[state].append(added[state]);
  }

  return {
    update(states) {
      let undatedChanged = false;
      for (let i = 0; i < states.length; i++) {
        const state = states[i]!;
        const before = drawn[i]!;
        if (state === before) continue;
        if (state === 'undated' || before === 'undated') undatedChanged = true;
        const relation = data.relations[i]!;
        const delta = (before === 'no' ? 1 : 0) - (state === 'no' ? 1 : 0);
        touching[relation.from] = touching[relation.from]! + delta;
        touching[relation.to] = touching[relation.to]! + delta;
        drawn[i] = state;
      }
      // The SVG paths are the drawing: brought up to date now. A canvas's index follows in settle().
      if (!onCanvas) index();
      // Nodes with no line on the day are faded, where they are few enough to read one by one:
      // among thousands, fading them repaints all the nodes on every date for nothing legible.
      if (nodes.length <= FADE_IDLE_UP_TO)
        nodes.forEach((node, i) => {
          const idle = touching[i] === 0 && i !== traced;
          if (node.classList.contains('idle') !== idle) node.classList.toggle('idle', idle);
        });
      if (undatedChanged) paint('undated');
      paint('dated');
    },
    settle() {
      if (onCanvas) index();
    },
    select(relation) {
      if (selected !== undefined) elements[selected]?.classList.remove('selected');
      selected = relation;
      if (relation !== undefined) element(relation).classList.add('selected');
      paint('dated');
    },
    trace(entity) {
      if (traced !== undefined) nodes[traced]!.classList.remove('traced');
      traced = entity;
      if (entity !== undefined) nodes[entity]!.classList.add('traced');
    },
    zoom(by) {
      const fitted = stack.getBoundingClientRect().width / data.width;
      const largest = onCanvas ? CANVAS_LIMIT / (data.width * (window.devicePixelRatio || 1)) : 4;
      scale = by === 'fit' ? 'fit' : Math.min(largest, 4, Math.max(0.25, (scale === 'fit' ? fitted : scale) * by));
      applyZoom();
    },
  };
}
