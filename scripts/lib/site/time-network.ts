// The network as of a date, drawn by the "over time" page's script: every node at the place the
// build gave it, and only the relationships shown on the day, each as an element that says which
// relationship it is (data-relation) and how surely it holds (data-holds).
import type { Holds } from './holds.ts';
import { dashOf, svg, widthOf } from './time-dom.ts';
import type { EntityInfo, TimeData } from './time-types.ts';

export interface NetworkView {
  /** Draws each relationship in its state (`no`: not drawn); only what changed is touched. */
  update(states: readonly Holds[]): void;
  select(relation: number | undefined): void;
  trace(entity: number | undefined): void;
  zoom(by: number | 'fit'): void;
}

type Point = readonly [number, number];
const GAP = 14;

/** Where the line from a node's centre in direction (dx, dy) leaves its box or ellipse, a little outside. */
function boundary(node: EntityInfo, dx: number, dy: number): Point {
  const length = Math.hypot(dx, dy) || 1;
  const [ux, uy] = [dx / length, dy / length];
  const [a, b] = [node.w / 2 + 1.5, node.h / 2 + 1.5];
  const t = node.shape === 'ellipse' ? 1 / Math.hypot(ux / a, uy / b) : Math.min(ux ? a / Math.abs(ux) : Infinity, uy ? b / Math.abs(uy) : Infinity);
  return [node.x + ux * t, node.y + uy * t];
}

export function createNetwork(figure: HTMLElement, data: TimeData, on: { relation(index: number): void; entity(index: number): void }): NetworkView {
  const root = svg('svg', {
    viewBox: `0 0 ${data.width.toFixed(0)} ${data.height.toFixed(0)}`,
    class: 'network',
    role: 'img',
    'aria-label':
      'The network on the chosen date: people and groups, with the relationships that hold then as lines; the list below gives every line in words.',
  });
  const defs = svg('defs');
  // One arrowhead per kind colour, and a grey one for undated relationships.
  const marker = (id: string, color: string): SVGElement =>
    svg(
      'marker',
      { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, markerUnits: 'userSpaceOnUse', orient: 'auto' },
      svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: color }),
    );
  data.kinds.forEach((kind, k) => defs.append(marker(`arrow-${k}`, kind.color)));
  defs.append(marker('arrow-undated', '#9ca3af'));
  const layers = { undated: svg('g'), maybe: svg('g'), yes: svg('g') } as Record<Exclude<Holds, 'no'>, SVGElement>;
  const nodeLayer = svg('g');
  root.append(defs, layers.undated, layers.maybe, layers.yes, nodeLayer);

  const nodes = data.entities.map((entity, index) => {
    const shape =
      entity.shape === 'ellipse'
        ? svg('ellipse', { cx: entity.x, cy: entity.y, rx: entity.w / 2, ry: entity.h / 2, fill: entity.fill })
        : svg('rect', { x: entity.x - entity.w / 2, y: entity.y - entity.h / 2, width: entity.w, height: entity.h, rx: 5, fill: entity.fill });
    const label = svg('text', { x: entity.x, y: entity.y - ((entity.lines.length - 1) * 13) / 2 + 4 });
    entity.lines.forEach((line, i) => label.append(svg('tspan', { x: entity.x, dy: i === 0 ? 0 : 13 }, line)));
    const node = svg(
      'g',
      { class: 'node', 'data-entity': entity.id, 'data-index': index },
      svg('title', {}, `${entity.name} (${entity.type}): click to trace`),
      shape,
      label,
    );
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

  const elements: (SVGElement | undefined)[] = new Array(data.relations.length);
  const drawn: Holds[] = new Array(data.relations.length).fill('no');

  function element(index: number): SVGElement {
    const existing = elements[index];
    if (existing) return existing;
    const relation = data.relations[index]!;
    const [a, b] = [data.entities[relation.from]!, data.entities[relation.to]!];
    const kind = data.kinds[relation.kind]!;
    const [dx, dy] = [b.x - a.x, b.y - a.y];
    const length = Math.hypot(dx, dy) || 1;
    const bend = bends[index]!;
    const control: Point = [(a.x + b.x) / 2 - (dy / length) * bend * 2, (a.y + b.y) / 2 + (dx / length) * bend * 2];
    const p0 = boundary(a, control[0] - a.x, control[1] - a.y);
    const p1 = boundary(b, control[0] - b.x, control[1] - b.y);
    const d = `M${p0[0].toFixed(1)},${p0[1].toFixed(1)} Q${control[0].toFixed(1)},${control[1].toFixed(1)} ${p1[0].toFixed(1)},${p1[1].toFixed(1)}`;
    const width = widthOf(kind.line);
    const dash = dashOf(kind.line, width);
    const line = svg('path', {
      class: 'line',
      d,
      stroke: kind.color,
      'stroke-width': width,
      ...(dash ? { 'stroke-dasharray': dash } : {}),
      // An undated relationship is grey whatever the date, arrowhead included.
      ...(kind.twoWay ? {} : { 'marker-end': `url(#arrow-${relation.start || relation.end ? relation.kind : 'undated'})` }),
    });
    const words = `${a.name} ${kind.label} ${b.name}${relation.start ? `, ${relation.start.text}` : ''}${relation.end ? ` to ${relation.end.text}` : ''}`;
    const group = svg(
      'g',
      { class: 'edge', 'data-relation': relation.id, 'data-index': index },
      svg('title', {}, words),
      svg('path', { class: 'hit', d }),
      line,
    );
    elements[index] = group;
    return group;
  }

  let selected: number | undefined;
  let traced: number | undefined;
  const touching = new Int32Array(data.entities.length);

  root.addEventListener('click', (event) => {
    const target = event.target as Element;
    const edge = target.closest('[data-relation]');
    if (edge) return on.relation(Number(edge.getAttribute('data-index')));
    const node = target.closest('[data-entity]');
    if (node) on.entity(Number(node.getAttribute('data-index')));
  });
  figure.append(root);

  let scale: number | 'fit' = 'fit';
  const applyZoom = (): void => {
    if (scale === 'fit') {
      root.removeAttribute('width');
      root.removeAttribute('height');
      root.classList.add('fit');
    } else {
      root.classList.remove('fit');
      root.setAttribute('width', (data.width * scale).toFixed(0));
      root.setAttribute('height', (data.height * scale).toFixed(0));
    }
  };
  applyZoom();

  return {
    update(states) {
      const added: Record<Exclude<Holds, 'no'>, DocumentFragment> = {
        undated: document.createDocumentFragment(),
        maybe: document.createDocumentFragment(),
        yes: document.createDocumentFragment(),
      };
      for (let i = 0; i < states.length; i++) {
        const state = states[i]!;
        const before = drawn[i]!;
        if (state === before) continue;
        const relation = data.relations[i]!;
        const delta = (before === 'no' ? 1 : 0) - (state === 'no' ? 1 : 0);
        touching[relation.from] = touching[relation.from]! + delta;
        touching[relation.to] = touching[relation.to]! + delta;
        drawn[i] = state;
        if (state === 'no') {
          elements[i]!.remove();
          continue;
        }
        const group = element(i);
        group.setAttribute('data-holds', state);
        added[state].append(group);
      }
      for (const state of ['undated', 'maybe', 'yes'] as const) layers[state].append(added[state]);
      nodes.forEach((node, i) => {
        const idle = touching[i] === 0 && i !== traced;
        if (node.classList.contains('idle') !== idle) node.classList.toggle('idle', idle);
      });
    },
    select(relation) {
      if (selected !== undefined) elements[selected]?.classList.remove('selected');
      selected = relation;
      if (relation !== undefined) element(relation).classList.add('selected');
    },
    trace(entity) {
      if (traced !== undefined) nodes[traced]!.classList.remove('traced');
      traced = entity;
      if (entity !== undefined) nodes[entity]!.classList.add('traced');
    },
    zoom(by) {
      const fitted = (): number => root.getBoundingClientRect().width / data.width;
      scale = by === 'fit' ? 'fit' : Math.min(4, Math.max(0.25, (scale === 'fit' ? fitted() : scale) * by));
      applyZoom();
    },
  };
}
