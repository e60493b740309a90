import { columnLetters, type Location } from '../finding.ts';
import type { TableFile } from '../rule.ts';
import { detach } from '../../text/detach.ts';
import { defineRule, perTable } from './define.ts';
import { valueOf } from './model-helpers.ts';

/** One row of an acyclic kind, kept small: a large table can have hundreds of thousands of them. */
interface Edge {
  readonly to: string;
  readonly kind: string;
  readonly id: string;
  readonly row: number;
  readonly line: number;
  readonly file: TableFile;
  readonly toColumn: string;
}

export default defineRule(
  {
    code: 'containment-cycle',
    severity: 'error',
    stage: 'dataset',
    title: 'Groups contain each other in a circle',
    description:
      'Relationships that put one group inside another (x-acyclic: part_of, affiliate_of, merged_into) cannot go round in a circle: if A is part of B, B cannot be part of A, directly or through others.',
    fix: 'Check the direction of the rows in the cycle the message lists; one of them is reversed or wrong.',
    appliesTo: 'x-acyclic',
  },
  (context) => {
    const acyclicColumns = perTable((table) => table.columns.filter((column) => column.acyclic));
    /** Only the edges of the acyclic kinds are kept: they grow with those rows, not with the table. */
    const edges = new Map<string, Edge[]>();
    return {
      row(row) {
        for (const column of acyclicColumns(row.file.table)) {
          const kind = valueOf(row.record, column.name);
          // The schema's own string, not one cut from the file.
          const acyclicKind = kind ? column.acyclic!.find(equalTo, kind) : undefined;
          if (acyclicKind === undefined) continue;
          const [fromColumn, toColumn] = Object.keys(column.endpoints?.[acyclicKind] ?? {});
          const from = fromColumn && valueOf(row.record, fromColumn);
          const to = toColumn && valueOf(row.record, toColumn);
          if (!from || !to || from === to) continue;
          let list = edges.get(from);
          if (!list) edges.set(detach(from), (list = []));
          list.push({
            to: detach(to),
            kind: acyclicKind,
            id: detach(String(valueOf(row.record, row.file.table.primaryKey) ?? '')),
            row: row.raw.row,
            line: row.raw.line,
            file: row.file,
            toColumn,
          });
        }
      },
      end() {
        const state = new Map<string, 'open' | 'done'>();
        const path: { node: string; edge?: Edge }[] = [];
        const reported = new Set<string>();
        // Iterative depth-first search, so a long chain cannot overflow the stack.
        for (const start of [...edges.keys()].sort()) {
          if (state.has(start)) continue;
          const stack: { node: string; next: number; edge?: Edge }[] = [{ node: start, next: 0 }];
          state.set(start, 'open');
          path.push({ node: start });
          while (stack.length) {
            const top = stack[stack.length - 1]!;
            const out = edges.get(top.node) ?? [];
            if (top.next >= out.length) {
              state.set(top.node, 'done');
              stack.pop();
              path.pop();
              continue;
            }
            const edge = out[top.next++]!;
            const seen = state.get(edge.to);
            if (seen === 'open') {
              const from = path.findIndex((p) => p.node === edge.to);
              const cycle = [...path.slice(from + 1).map((p) => p.edge!), edge];
              const key = cycle
                .map((e) => e.id)
                .sort()
                .join('|');
              if (!reported.has(key)) {
                reported.add(key);
                const closing = cycle.reduce((last, e) => (e.row > last.row ? e : last));
                const names = [edge.to, ...cycle.map((e) => e.to)].map((n) => `\`${n}\``).join(' → ');
                context.report({
                  ...edgeLocation(closing),
                  message: `These rows make a circle: ${names} (${cycle.map((e) => `${e.id}: ${e.kind}`).join('; ')}).`,
                  hint: 'A group cannot be inside a group that is inside it; check the direction of these rows.',
                });
              }
            } else if (seen === undefined) {
              state.set(edge.to, 'open');
              stack.push({ node: edge.to, next: 0, edge });
              path.push({ node: edge.to, edge });
            }
          }
        }
      },
    };
  },
);

/** Where a cycle is shown: the target cell of its closing row. */
function edgeLocation(edge: Edge): Location {
  const index = edge.file.columnIndex.get(edge.toColumn);
  return {
    file: edge.file.path,
    row: edge.row,
    line: edge.line,
    column: edge.toColumn,
    ...(index === undefined ? {} : { cell: `${columnLetters(index)}${edge.row}` }),
    value: edge.to,
  };
}

/** For `find` with `this` as the value sought: no closure per row. */
function equalTo(this: string, value: string): boolean {
  return value === this;
}
