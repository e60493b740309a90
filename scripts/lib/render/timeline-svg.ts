import { dateBounds } from '../edtf.ts';
import type { RowRecord } from '../model/cell-validator.ts';
import { relationshipTable } from '../model/relationships.ts';
import type { DatasetModel } from '../model/types.ts';
import { labelColumn, sharedNamespaces } from '../release/export-columns.ts';
import { edgeStyle } from './styles.ts';

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const WIDTH = 960;
const LABEL_WIDTH = 230;
const LINE = 16;
const TOP = 40;
const DAY = 86_400_000;

interface Bar {
  readonly id: string;
  readonly lane: string;
  readonly kind: string;
  readonly from: number;
  readonly to: number;
  /** The start was a single day: drawn as a point, not a range. */
  readonly point: boolean;
  readonly uncertain: boolean;
  readonly approximate: boolean;
  readonly label: string;
  readonly title: string;
}

/** The qualifiers of an EDTF date as the pictures mark them: `?` or `%` uncertain, `~` or `%` approximate. */
export const qualifiers = (value: string | undefined): { uncertain: boolean; approximate: boolean } => ({
  uncertain: !!value && /[?%]$/.test(value),
  approximate: !!value && /[~%]$/.test(value),
});

/**
 * Every dated relationship on a time axis, one lane per actor or group that is its subject. A date
 * is drawn as the whole range it can mean (`2015-02` is the month), uncertain dates (`?`) with a
 * dashed outline and approximate ones (`~`) faded, so imprecision is visible rather than hidden.
 */
export function timelineSvg(model: DatasetModel, records: ReadonlyMap<string, readonly RowRecord[]>): string {
  const nodeTables = sharedNamespaces(model)[0]?.tables ?? [];
  const names = new Map(
    nodeTables.flatMap((t) => (records.get(t.name) ?? []).map((r) => [String(r[t.primaryKey]), String(r[labelColumn(t)] ?? r[t.primaryKey])] as const)),
  );
  const relationships = relationshipTable(model);
  if (!relationships) return emptySvg();
  const { table: edgeTable, kind: kindColumn, from, to, start: startColumn, end: endColumn } = relationships;
  const bars: Bar[] = [];
  for (const record of records.get(edgeTable.name) ?? []) {
    const start = startColumn && typeof record[startColumn.name] === 'string' ? (record[startColumn.name] as string) : undefined;
    const end = endColumn && typeof record[endColumn.name] === 'string' ? (record[endColumn.name] as string) : undefined;
    const startBounds = start ? dateBounds(start) : undefined;
    const endBounds = end ? dateBounds(end) : undefined;
    if (!startBounds && !endBounds) continue;
    const kind = String(record[kindColumn.name] ?? '');
    const subject = String(record[from.name]);
    const target = String(record[to.name]);
    const first = startBounds ?? endBounds!;
    bars.push({
      id: String(record[edgeTable.primaryKey]),
      lane: subject,
      kind,
      from: first.earliest,
      to: (endBounds ?? startBounds!).latest,
      point: !endBounds && !!start && /^\d{4}-\d{2}-\d{2}$/.test(start),
      ...qualifiers(start ?? end),
      label: names.get(target) ?? target,
      title: `${names.get(subject) ?? subject} ${edgeStyle(kind).label} ${names.get(target) ?? target}: ${start ?? '?'}${end ? ` to ${end}` : ''}`,
    });
  }
  if (!bars.length) return emptySvg();
  const minYear = new Date(bars.reduce((min, b) => Math.min(min, b.from), Infinity)).getUTCFullYear();
  const maxYear = new Date(bars.reduce((max, b) => Math.max(max, b.to), -Infinity)).getUTCFullYear() + 1;
  const t0 = Date.UTC(minYear, 0, 1);
  // Half a year more on the right, for the labels of the last bars.
  const t1 = Date.UTC(maxYear, 6, 1);
  const x = (t: number): number => LABEL_WIDTH + ((t - t0) / (t1 - t0)) * (WIDTH - LABEL_WIDTH - 20);

  // Lanes in order of their first event, then by name; overlapping bars of a lane go on separate lines.
  const laneIds = [...new Set(bars.map((b) => b.lane))].sort((a, b) => {
    const first = (lane: string): number => Math.min(...bars.filter((bar) => bar.lane === lane).map((bar) => bar.from));
    return first(a) - first(b) || (names.get(a) ?? a).localeCompare(names.get(b) ?? b);
  });
  const body: string[] = [];
  let y = TOP;
  laneIds.forEach((lane, laneIndex) => {
    const laneBars = bars.filter((b) => b.lane === lane).sort((a, b) => a.from - b.from || a.id.localeCompare(b.id));
    const lineEnds: number[] = [];
    const placed = laneBars.map((bar) => {
      const labelEnd = x(bar.to) + 6 + bar.label.length * 5.2;
      let line = lineEnds.findIndex((end) => end < x(bar.from) - 4);
      if (line < 0) line = lineEnds.push(0) - 1;
      lineEnds[line] = labelEnd;
      return { bar, line };
    });
    const height = lineEnds.length * LINE + 6;
    if (laneIndex % 2 === 0) body.push(`<rect x="0" y="${y}" width="${WIDTH}" height="${height}" fill="#f9fafb"/>`);
    body.push(`<text x="${LABEL_WIDTH - 8}" y="${y + 14}" text-anchor="end" class="lane">${escapeXml(truncate(names.get(lane) ?? lane, 34))}</text>`);
    for (const { bar, line } of placed) {
      const style = edgeStyle(bar.kind);
      const top = y + 4 + line * LINE;
      const left = x(bar.from);
      const width = Math.max(3, x(bar.to + DAY) - left);
      const dash = bar.uncertain ? ' stroke-dasharray="3 2"' : '';
      const opacity = bar.approximate ? 0.35 : 0.85;
      const shape = bar.point
        ? `<path d="M${left} ${top + 1} l5 5 l-5 5 l-5 -5 z" fill="${style.color}" stroke="${style.color}"${dash}/>`
        : `<rect x="${left.toFixed(1)}" y="${top + 2}" width="${width.toFixed(1)}" height="9" rx="2" fill="${style.color}" fill-opacity="${opacity}" stroke="${style.color}"${dash}/>`;
      body.push(
        `<g><title>${escapeXml(bar.title)}</title>${shape}<text x="${(bar.point ? left + 8 : left + width + 4).toFixed(1)}" y="${top + 10}" class="bar">${escapeXml(truncate(bar.label, 30))}</text></g>`,
      );
    }
    y += height;
  });

  const axis: string[] = [];
  for (let year = minYear; year <= maxYear; year++) {
    if (Date.UTC(year, 0, 1) > t1) break;
    const at = x(Date.UTC(year, 0, 1));
    axis.push(
      `<line x1="${at.toFixed(1)}" y1="${TOP - 6}" x2="${at.toFixed(1)}" y2="${y}" stroke="#9ca3af"/>`,
      `<text x="${(at + 3).toFixed(1)}" y="${TOP - 10}" class="year">${year}</text>`,
    );
    if (year < maxYear)
      for (let month = 3; month < 12; month += 3) {
        const m = x(Date.UTC(year, month, 1));
        axis.push(`<line x1="${m.toFixed(1)}" y1="${TOP - 4}" x2="${m.toFixed(1)}" y2="${y}" stroke="#e5e7eb"/>`);
      }
  }
  const kinds = [...new Set(bars.map((b) => b.kind))].sort();
  const legendY = y + 24;
  const legend = kinds.map((kind, i) => {
    const style = edgeStyle(kind);
    const lx = 10 + (i % 4) * 235;
    const ly = legendY + Math.floor(i / 4) * 18;
    return `<rect x="${lx}" y="${ly - 9}" width="18" height="9" rx="2" fill="${style.color}" fill-opacity="0.85"/><text x="${lx + 24}" y="${ly}" class="legend">${escapeXml(style.label)}</text>`;
  });
  const qualifierY = legendY + Math.ceil(kinds.length / 4) * 18 + 6;
  legend.push(
    `<rect x="10" y="${qualifierY - 9}" width="18" height="9" rx="2" fill="#6b7280" fill-opacity="0.85"/><text x="34" y="${qualifierY}" class="legend">date as given (a month or a year is drawn as its whole span)</text>`,
    `<rect x="10" y="${qualifierY + 9}" width="18" height="9" rx="2" fill="#6b7280" fill-opacity="0.35" stroke="#6b7280"/><text x="34" y="${qualifierY + 18}" class="legend">approximate (~)</text>`,
    `<rect x="245" y="${qualifierY + 9}" width="18" height="9" rx="2" fill="#6b7280" fill-opacity="0.85" stroke="#6b7280" stroke-dasharray="3 2"/><text x="269" y="${qualifierY + 18}" class="legend">uncertain (?)</text>`,
    `<path d="M485 ${qualifierY + 8} l5 5 l-5 5 l-5 -5 z" fill="#6b7280"/><text x="496" y="${qualifierY + 18}" class="legend">a single day</text>`,
  );
  const height = qualifierY + 34;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="timeline-title">`,
    `<title id="timeline-title">Timeline of dated allegiances, ${minYear}–${maxYear - 1}</title>`,
    '<style>text{font-family:Helvetica,Arial,sans-serif;fill:#111827}.lane{font-size:11px}.bar{font-size:9px;fill:#374151}.year{font-size:11px;font-weight:bold}.legend{font-size:10px}</style>',
    `<rect width="${WIDTH}" height="${height}" fill="white"/>`,
    ...body,
    ...axis,
    ...legend,
    '</svg>',
    '',
  ].join('\n');
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function emptySvg(): string {
  return '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="40" role="img"><title>No dated allegiances</title><text x="10" y="24">No dated allegiances.</text></svg>\n';
}
