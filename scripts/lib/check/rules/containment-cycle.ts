import { columnLetters, type Location } from '../finding.ts';
import type { TableFile } from '../rule.ts';
import { StringList } from '../../text/string-list.ts';
import { grown } from '../../typed-arrays.ts';
import { defineRule, perTable } from '../define-rule.ts';
import { valueOf } from '../model-helpers.ts';

export default defineRule(
  {
    code: 'containment-cycle',
    severity: 'error',
    stages: ['row', 'dataset'],
    title: 'Groups contain each other in a circle',
    description:
      'Relationships that put one group inside another (x-acyclic: part_of, affiliate_of, merged_into) cannot go round in a circle: if A is part of B, B cannot be part of A, directly or through others.',
    fix: 'Check the direction of the rows in the cycle the message lists; one of them is reversed or wrong.',
    messages: { cycle: 'These rows make a circle: {path} ({rows}).' },
    hints: { cycle: 'A group cannot be inside a group that is inside it; check the direction of these rows.' },
    appliesTo: [{ keyword: 'x-acyclic' }],
  },
  (context) => {
    /** Per table: each acyclic column, and per acyclic kind the schema's own kind string and the columns of its two ends. */
    const acyclicColumns = perTable((table) =>
      table.columns.flatMap((column) => {
        if (!column.acyclic) return [];
        const kinds = new Map(
          column.acyclic.map((kind) => {
            const [fromColumn, toColumn] = Object.keys(column.endpoints?.[kind] ?? {});
            return [kind, { kind, fromColumn, toColumn }];
          }),
        );
        return [{ column: column.name, kinds }];
      }),
    );
    /** Only the rows of the acyclic kinds are kept, compactly: there can be hundreds of thousands. */
    const graph = new ContainmentGraph();
    return {
      row(row) {
        for (const { column, kinds } of acyclicColumns(row.file.table)) {
          const kind = valueOf(row.record, column);
          const acyclic = kind === undefined ? undefined : kinds.get(kind);
          if (acyclic === undefined) continue;
          const { fromColumn, toColumn } = acyclic;
          const from = fromColumn && valueOf(row.record, fromColumn);
          const to = toColumn && valueOf(row.record, toColumn);
          if (!from || !to || from === to) continue;
          graph.add(from, to, {
            kind: acyclic.kind,
            id: String(valueOf(row.record, row.file.table.primaryKey) ?? ''),
            row: row.raw.row,
            line: row.raw.line,
            file: row.file,
            toColumn,
          });
        }
      },
      end() {
        const { starts, order } = graph.adjacency();
        /** Per node: 0 not reached yet, 1 on the current path, 2 done. */
        const state = new Uint8Array(graph.nodeCount);
        const reported = new Set<string>();
        const startNodes = [...Array(graph.nodeCount).keys()]
          .filter((node) => starts[node + 1]! > starts[node]!)
          .sort((a, b) => compareText(graph.nodeName(a), graph.nodeName(b)));
        // Iterative depth-first search, so a long chain cannot overflow the stack.
        for (const start of startNodes) {
          if (state[start] !== 0) continue;
          const stack: { node: number; next: number }[] = [{ node: start, next: 0 }];
          /** The nodes on the current path, each with the edge that led to it (-1 for the start). */
          const path: { node: number; edge: number }[] = [{ node: start, edge: -1 }];
          state[start] = 1;
          while (stack.length) {
            const top = stack[stack.length - 1]!;
            if (top.next >= starts[top.node + 1]! - starts[top.node]!) {
              state[top.node] = 2;
              stack.pop();
              path.pop();
              continue;
            }
            const edge = order[starts[top.node]! + top.next++]!;
            const to = graph.to(edge);
            if (state[to] === 1) {
              const from = path.findIndex((p) => p.node === to);
              const cycle = [...path.slice(from + 1).map((p) => graph.edge(p.edge)), graph.edge(edge)];
              const key = cycle
                .map((e) => e.id)
                .sort()
                .join('|');
              if (!reported.has(key)) {
                reported.add(key);
                const closing = cycle.reduce((last, e) => (e.row > last.row ? e : last));
                const names = [graph.nodeName(to), ...cycle.map((e) => e.to)].map((n) => `\`${n}\``).join(' → ');
                context.report({
                  ...edgeLocation(closing),
                  messageId: 'cycle',
                  data: { path: names, rows: cycle.map((e) => `${e.id}: ${e.kind}`).join('; ') },
                });
              }
            } else if (state[to] === 0) {
              state[to] = 1;
              stack.push({ node: to, next: 0 });
              path.push({ node: to, edge });
            }
          }
        }
      },
    };
  },
);

/** One row of an acyclic kind, as read back for a message. */
interface Edge {
  readonly to: string;
  readonly kind: string;
  readonly id: string;
  readonly row: number;
  readonly line: number;
  readonly file: TableFile;
  readonly toColumn: string;
}

/**
 * The rows of acyclic kinds as a graph: node ids interned to numbers, each row's numbers in typed
 * arrays and its id in a StringList, so a row costs about 30 bytes rather than a few objects.
 */
class ContainmentGraph {
  readonly #nodeIndex = new Map<string, number>();
  readonly #nodeNames: string[] = [];
  /** The few distinct (kind, file, target column) combinations, shared by all rows. */
  readonly #shapes: { kind: string; file: TableFile; toColumn: string }[] = [];
  readonly #ids = new StringList();
  #from: Int32Array = new Int32Array(1024);
  #to: Int32Array = new Int32Array(1024);
  #rows: Int32Array = new Int32Array(1024);
  #lines: Int32Array = new Int32Array(1024);
  #shapeOf: Int32Array = new Int32Array(1024);
  #count = 0;

  get nodeCount(): number {
    return this.#nodeNames.length;
  }

  nodeName(node: number): string {
    return this.#nodeNames[node]!;
  }

  to(edge: number): number {
    return this.#to[edge]!;
  }

  add(from: string, to: string, edge: Omit<Edge, 'to'>): void {
    if (this.#count === this.#from.length) {
      const length = this.#count + 1;
      this.#from = grown(this.#from, length);
      this.#to = grown(this.#to, length);
      this.#rows = grown(this.#rows, length);
      this.#lines = grown(this.#lines, length);
      this.#shapeOf = grown(this.#shapeOf, length);
    }
    const n = this.#count++;
    this.#from[n] = this.#node(from);
    this.#to[n] = this.#node(to);
    this.#rows[n] = edge.row;
    this.#lines[n] = edge.line;
    this.#shapeOf[n] = this.#shape(edge.kind, edge.file, edge.toColumn);
    this.#ids.push(edge.id);
  }

  edge(edge: number): Edge {
    const shape = this.#shapes[this.#shapeOf[edge]!]!;
    return { ...shape, to: this.nodeName(this.#to[edge]!), id: this.#ids.at(edge), row: this.#rows[edge]!, line: this.#lines[edge]! };
  }

  /** Each node's outgoing edges in the order they were added: node n's are order[starts[n]] to order[starts[n + 1] - 1]. */
  adjacency(): { starts: Int32Array; order: Int32Array } {
    const starts = new Int32Array(this.nodeCount + 1);
    for (let edge = 0; edge < this.#count; edge++) starts[this.#from[edge]! + 1]! += 1;
    for (let node = 0; node < this.nodeCount; node++) starts[node + 1]! += starts[node]!;
    const filled = starts.slice(0, this.nodeCount);
    const order = new Int32Array(this.#count);
    for (let edge = 0; edge < this.#count; edge++) order[filled[this.#from[edge]!]!++] = edge;
    return { starts, order };
  }

  #node(id: string): number {
    let node = this.#nodeIndex.get(id);
    if (node === undefined) {
      node = this.#nodeNames.push(id) - 1;
      this.#nodeIndex.set(this.#nodeNames[node]!, node);
    }
    return node;
  }

  #shape(kind: string, file: TableFile, toColumn: string): number {
    // A loop, not findIndex with a closure: this runs for every containment row.
    for (let found = 0; found < this.#shapes.length; found++) {
      const shape = this.#shapes[found]!;
      if (shape.kind === kind && shape.file === file && shape.toColumn === toColumn) return found;
    }
    return this.#shapes.push({ kind, file, toColumn }) - 1;
  }
}

/** Code-unit order, as the default sort of strings. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

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
