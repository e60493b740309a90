import { instance } from '@viz-js/viz';
import type { RowRecord } from '../model/cell-validator.ts';
import type { DatasetModel } from '../model/types.ts';
import { networkDot } from './network-dot.ts';
import { timelineSvg } from './timeline-svg.ts';

/** The pictures `npm run render` writes, by path: laid out by Graphviz (compiled to WebAssembly) and by hand. */
export async function renderedFiles(model: DatasetModel, records: ReadonlyMap<string, readonly RowRecord[]>): Promise<Map<string, string>> {
  const viz = await instance();
  const network = viz.renderString(networkDot(model, records), { format: 'svg', engine: 'neato' });
  return new Map([
    ['generated/network.svg', network],
    ['generated/timeline.svg', timelineSvg(model, records)],
  ]);
}
