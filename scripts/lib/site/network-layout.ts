import { instance } from '@viz-js/viz';
import type { Shape } from './time-types.ts';

export interface LayoutNode {
  readonly id: string;
  readonly lines: readonly string[];
  readonly shape: Shape;
}

export interface PlacedNode {
  /** The centre, from the drawing's top left, and the size, in points. */
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface Layout {
  readonly width: number;
  readonly height: number;
  readonly nodes: ReadonlyMap<string, PlacedNode>;
}

/** Above this many nodes the layout trades neato's overlap removal (minutes at a thousand nodes) for sfdp's scaling (seconds). */
const LARGE = 400;
const MARGIN = 12;
const quoteDot = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

/**
 * Fixed positions for every node of the network, computed once at build time by Graphviz (WebAssembly)
 * from every relationship of every date, so that a node stays where it is whatever date is shown and
 * an edge that moves reads as a change. Node sizes come from their labels, as in network.svg.
 */
export async function networkLayout(nodes: readonly LayoutNode[], edges: readonly (readonly [string, string])[]): Promise<Layout> {
  if (nodes.length === 0) return { width: 2 * MARGIN, height: 2 * MARGIN, nodes: new Map() };
  const large = nodes.length > LARGE;
  const lines = [
    'graph layout {',
    large
      ? '  graph [layout=sfdp, overlap=scalexy, splines=false, start=7];'
      : // neato with a fixed seed, as network.svg: the same positions on every build. Short edges,
        // prism's overlap removal and the parts of the network packed side by side keep it wide and
        // compact enough to read its labels on a laptop's screen.
        '  graph [layout=neato, start=7, mode=major, overlap=prism, sep="+6", splines=false, pack=true, packmode="array_u"];\n  edge [len=0.2];',
    '  node [fontname="Helvetica", fontsize=11, margin="0.08,0.04"];',
  ];
  for (const node of nodes) lines.push(`  ${quoteDot(node.id)} [label=${quoteDot(node.lines.join('\n'))}, shape=${node.shape}];`);
  const pairs = new Set<string>();
  for (const [a, b] of edges) {
    if (a === b) continue;
    const key = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
    if (pairs.has(key)) continue;
    pairs.add(key);
    lines.push(`  ${quoteDot(a)} -- ${quoteDot(b)};`);
  }
  lines.push('}');
  const viz = await instance();
  const result = viz.render(lines.join('\n'), { format: 'json0' });
  if (result.status !== 'success' || result.output === undefined)
    throw new Error(`Graphviz could not lay out the network: ${result.errors.map((e) => e.message).join('; ')}`);
  const graph = JSON.parse(result.output) as { bb: string; objects?: { name: string; pos?: string; width?: string; height?: string }[] };
  const [left, bottom, right, top] = graph.bb.split(',').map(Number) as [number, number, number, number];
  const placed = new Map<string, PlacedNode>();
  for (const object of graph.objects ?? []) {
    if (!object.pos) continue;
    const [x, y] = object.pos.split(',').map(Number) as [number, number];
    // Graphviz's y grows upwards, in points; sizes are in inches.
    placed.set(object.name, { x: x - left + MARGIN, y: top - y + MARGIN, w: Number(object.width) * 72, h: Number(object.height) * 72 });
  }
  return { width: right - left + 2 * MARGIN, height: top - bottom + 2 * MARGIN, nodes: placed };
}
