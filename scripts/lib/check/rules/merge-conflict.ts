import type { ConflictRegion, LeftoverMarker, MarkerPlace } from '../../read/conflict-markers.ts';
import { columnLetters, show } from '../finding.ts';
import { defineRule } from '../define-rule.ts';

const SIGN = { start: '<<<<<<<', base: '|||||||', middle: '=======', end: '>>>>>>>' } as const;

export default defineRule(
  {
    code: 'merge-conflict',
    severity: 'error',
    stages: ['file'],
    title: 'Merge conflict left in the file',
    description:
      'When git cannot combine two changes to the same rows, it writes both into the file between marker lines: `<<<<<<< HEAD`, the rows of one side, `=======`, the rows of the other, `>>>>>>> branch` (and, in the diff3 style, `||||||| base` with the rows as they were). Git writes them as whole lines even inside a quoted cell that spans lines. The marker rows are not rows of the table, so they get no other finding; the rows between them are checked as they stand, except that a row both sides changed is not a duplicate id. A marker line left outside any conflict (a `=======` or `>>>>>>>` forgotten when resolving it by hand) is reported too. `npm run format` leaves the file alone until the conflict is resolved, since sorting would mix the two sides.',
    fix: 'Keep the rows of one side (or of both), delete the marker rows, and save; then `git add` the file and commit.',
    messages: {
      conflict: 'Rows {from}–{to} are a merge conflict that git left in the file: {sides}.',
      conflictInCell: 'Lines {from}–{to} are a merge conflict that git left in the file, partly inside a quoted cell of row {row}: {sides}.',
      unclosed: 'Row {from} starts a merge conflict ({label}) that is never closed: {missing} after it.',
      leftover: 'Row {row} is a {marker} line that git writes in a merge conflict, left behind without the `<<<<<<<` row that starts one.',
      leftoverInCell:
        'Line {line}, inside a quoted cell of row {row}, is a {marker} line that git writes in a merge conflict, left behind without the `<<<<<<<` line that starts one.',
      more: '{count} more merge conflicts follow row {row}.',
    },
    hints: {
      resolve:
        'Keep the rows of the side that is right, or of both where both are (a row that both sides changed stands on each side under the same id: keep one of the two), and delete {remove}. `npm run format` leaves the file alone until then. In git, then `git add` the file and commit to finish the merge.',
      resolveInCell:
        'A spreadsheet shows these lines inside a cell: open the file in a text editor, keep the lines of the side that is right, delete {remove}, and check that the cell still opens and closes with its double quote. `npm run format` leaves the file alone until then. In git, then `git add` the file and commit to finish the merge.',
      unclosed: 'Delete {markers}, and check that the rows after it are the ones you mean to keep.',
      leftover: 'Delete row {row}, and check that the rows around it are the ones you mean to keep: the rest of the conflict was resolved.',
      leftoverInCell:
        'Delete line {line} in a text editor, and check that the cell around it is the text you mean to keep: the rest of the conflict was resolved.',
      more: 'Resolve each as the findings above say; the validator lists no more of them.',
    },
  },
  (context) => ({
    fileEnd(file, facts) {
      const { regions, more, leftovers } = facts.conflicts;
      for (const region of regions) {
        const at = { file: file.path, ...placeOf(region.start, file.header), value: `${SIGN.start}${label(region.start)}` };
        if (!region.end) {
          context.report({
            ...at,
            messageId: 'unclosed',
            data: {
              from: region.start.row,
              label: show(at.value),
              missing: region.middle ? 'the `>>>>>>>` row that ends it is missing' : 'the `=======` and `>>>>>>>` rows git writes are missing',
              markers: markerList([region.start, region.base, region.middle]),
            },
          });
          continue;
        }
        const places = [region.start, region.base, region.middle, region.end];
        const inCell = places.find((place) => place?.column !== undefined);
        if (inCell)
          context.report({
            ...at,
            messageId: 'conflictInCell',
            hintId: 'resolveInCell',
            data: { from: region.start.line, to: region.end.line, row: inCell.row, ...described(region, region.end, 'line') },
          });
        else
          context.report({
            ...at,
            messageId: 'conflict',
            hintId: 'resolve',
            data: { from: region.start.row, to: region.end.row, ...described(region, region.end, 'row') },
          });
      }
      for (const leftover of leftovers)
        context.report({ file: file.path, ...placeOf(leftover, file.header), value: leftoverText(leftover), ...leftoverMessage(leftover) });
      const last = regions.at(-1);
      if (more > 0 && last)
        context.report({
          file: file.path,
          row: last.start.row,
          line: last.start.line,
          messageId: 'more',
          data: { count: more, row: (last.end ?? last.start).row },
        });
    },
  }),
);

const label = (place: MarkerPlace): string => (place.label ? ` ${place.label}` : '');

/** Where a finding on a marker stands: its row, its line, and the cell that holds it (the first, for a marker row; with its column, inside a cell). */
function placeOf(place: MarkerPlace, header: readonly string[]) {
  const column = place.column === undefined ? undefined : header[place.column];
  return { row: place.row, line: place.line, cell: `${columnLetters(place.column ?? 0)}${place.row}`, ...(column ? { column } : {}) };
}

const leftoverText = (leftover: LeftoverMarker): string => `${SIGN[leftover.kind]}${label(leftover)}`;

function leftoverMessage(leftover: LeftoverMarker) {
  const data = { row: leftover.row, line: leftover.line, marker: show(leftoverText(leftover)) };
  return leftover.column === undefined ? { messageId: 'leftover' as const, data } : { messageId: 'leftoverInCell' as const, data };
}

/** `the marker row 6`, `the marker rows 6 and 8`, or lines where a marker stands inside a cell. */
function markerList(places: readonly (MarkerPlace | undefined)[]): string {
  const found = places.filter((place): place is MarkerPlace => place !== undefined);
  const unit = found.some((place) => place.column !== undefined) ? 'line' : 'row';
  const numbers = found.map((place) => (unit === 'line' ? place.line : place.row));
  return `the marker ${unit}${numbers.length === 1 ? '' : 's'} ${andList(numbers)}`;
}

/** `rows 6–10`, `row 6`, `no rows` (or lines), for what stands strictly between two markers. */
function between(after: number, before: number, unit: 'row' | 'line'): string {
  const first = after + 1;
  const last = before - 1;
  return last < first ? `no ${unit}s` : last === first ? `${unit} ${first}` : `${unit}s ${first}–${last}`;
}

/** `a`, `a and b`, `a, b and c`. */
function andList(items: readonly (string | number)[]): string {
  return items.length <= 1 ? String(items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** What stands between the markers of a closed region, by rows or (where a marker is inside a cell) by lines, and what to delete once a side is chosen. */
function described(region: ConflictRegion, end: MarkerPlace, unit: 'row' | 'line'): { sides: string; remove: string } {
  const { start, base, middle } = region;
  const at = (place: MarkerPlace): number => (unit === 'row' ? place.row : place.line);
  const named = (place: MarkerPlace): string => (place.label ? ` (${show(place.label)})` : '');
  const ours = between(at(start), at(base ?? middle ?? end), unit);
  const sides = [`${ours} ${ours.startsWith(`${unit} `) ? 'is' : 'are'} one side's${named(start)}`];
  if (base) sides.push(`${between(at(base), at(middle ?? end), unit)} how they were before${named(base)}`);
  if (middle) sides.push(`${between(at(middle), at(end), unit)} the other side's${named(end)}`);
  // By lines exactly when a marker stands inside a cell, as the caller chose.
  const markers = markerList([start, base, middle, end]);
  const remove = base ? `${between(at(base), at(middle ?? end), unit)} (how they were before) and ${markers}` : markers;
  return { sides: `${andList(sides)}, between ${markers}`, remove };
}
