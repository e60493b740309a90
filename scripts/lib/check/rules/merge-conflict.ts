import type { ConflictRegion, MarkerPlace } from '../../read/conflict-markers.ts';
import { show } from '../finding.ts';
import { defineRule } from '../define-rule.ts';

export default defineRule(
  {
    code: 'merge-conflict',
    severity: 'error',
    title: 'Merge conflict left in the file',
    description:
      'When git cannot combine two changes to the same rows, it writes both into the file between marker lines: `<<<<<<< HEAD`, the rows of one side, `=======`, the rows of the other, `>>>>>>> branch` (and, in the diff3 style, `||||||| base` with the rows as they were). The marker rows are not rows of the table, so they get no other finding; the rows between them are checked as they stand. `npm run format` leaves the file alone until the conflict is resolved, since sorting would mix the two sides.',
    fix: 'Keep the rows of one side (or of both), delete the marker rows, and save; then `git add` the file and commit.',
    messages: {
      conflict: 'Rows {from}–{to} are a merge conflict that git left in the file: {sides}.',
      unclosed: 'Row {from} starts a merge conflict ({label}) that is never closed: {missing} after it.',
      more: '{count} more merge conflicts follow row {row}.',
    },
    hints: {
      resolve:
        'Keep the rows of the side that is right, or of both where both are (a row that both sides changed stands on each side under the same id: keep one of the two), and delete {remove}. `npm run format` leaves the file alone until then. In git, then `git add` the file and commit to finish the merge.',
      unclosed: 'Delete the marker row {from}, and check that the rows after it are the ones you mean to keep.',
      more: 'Resolve each as the findings above say; the validator lists no more of them.',
    },
  },
  (context) => ({
    fileEnd(file, facts) {
      const { regions, more } = facts.conflicts;
      for (const region of regions) {
        const at = { file: file.path, row: region.start.row, line: region.start.line, cell: `A${region.start.row}`, value: `<<<<<<<${label(region.start)}` };
        if (!region.end) {
          context.report({
            ...at,
            messageId: 'unclosed',
            data: {
              from: region.start.row,
              label: show(at.value),
              missing: region.middle ? 'the `>>>>>>>` row that ends it is missing' : 'the `=======` and `>>>>>>>` rows git writes are missing',
            },
          });
          continue;
        }
        context.report({
          ...at,
          messageId: 'conflict',
          hintId: 'resolve',
          data: { from: region.start.row, to: region.end.row, ...described(region, region.end) },
        });
      }
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

/** `rows 6–10`, `row 6`, `no rows`, for the rows strictly between two marker rows. */
function rowsBetween(after: number, before: number): string {
  const first = after + 1;
  const last = before - 1;
  return last < first ? 'no rows' : last === first ? `row ${first}` : `rows ${first}–${last}`;
}

/** `a`, `a and b`, `a, b and c`. */
function andList(items: readonly (string | number)[]): string {
  return items.length <= 1 ? String(items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** What stands between the markers of a closed region, and what to delete once a side is chosen. */
function described(region: ConflictRegion, end: MarkerPlace): { sides: string; remove: string } {
  const { start, base, middle } = region;
  const named = (place: MarkerPlace): string => (place.label ? ` (${show(place.label)})` : '');
  const markers = [start, base, middle, end].flatMap((place) => (place ? [place.row] : []));
  const ours = rowsBetween(start.row, (base ?? middle ?? end).row);
  const sides = [`${ours} ${ours.startsWith('row ') ? 'is' : 'are'} one side's${named(start)}`];
  if (base) sides.push(`${rowsBetween(base.row, (middle ?? end).row)} how they were before${named(base)}`);
  if (middle) sides.push(`${rowsBetween(middle.row, end.row)} the other side's${named(end)}`);
  const markerRows = `the marker ${markers.length === 1 ? 'row' : 'rows'} ${andList(markers)}`;
  const remove = base ? `${rowsBetween(base.row, (middle ?? end).row)} (how they were before) and ${markerRows}` : markerRows;
  return { sides: `${andList(sides)}, between ${markerRows}`, remove };
}
