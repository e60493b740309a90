import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { beforeAll, describe, expect, it } from 'vitest';
import { relationshipTable } from '../scripts/lib/model/relationships.ts';
import type { RowRecord } from '../scripts/lib/model/cell-validator.ts';
import { readAllRecords } from '../scripts/lib/read/read-dataset.ts';
import { BASE_FIXTURE, MODEL } from './helpers/fixtures.ts';
import { buildSiteOf } from './helpers/site-server.ts';

type Element = DefaultTreeAdapterMap['element'];
type Node = DefaultTreeAdapterMap['node'];

const children = (node: Node): Node[] => ('childNodes' in node ? node.childNodes : []);
const elements = (node: Node): Element[] => children(node).flatMap((child) => ('tagName' in child ? [child, ...elements(child)] : elements(child)));
const attribute = (element: Element, name: string): string | undefined => element.attrs.find((a) => a.name === name)?.value;
const textOf = (node: Node): string => ('value' in node && node.nodeName === '#text' ? node.value : children(node).map(textOf).join(''));

/** A built page: its elements, and the site files its links and pictures point at (folder-relative, without #fragment). */
function readPage(out: string, path: string): { root: Node; targets: string[] } {
  const root = parse(readFileSync(join(out, path), 'utf8'));
  const targets = elements(root)
    .flatMap((e) => [attribute(e, 'href'), attribute(e, 'src')])
    .filter((link): link is string => link !== undefined && !/^[a-z]+:/i.test(link) && !link.startsWith('#'))
    .map((link) => relative(out, resolve(out, dirname(path), link.split('#')[0]!)));
  return { root, targets };
}

const cells = (record: RowRecord, column: string): string[] => {
  const value = record[column];
  return value === undefined ? [] : typeof value === 'string' ? [value] : value;
};

/**
 * The site as built files, read without a browser: every link leads to a file that was built, every
 * row of every table but the relationships has a page reached from the start page, and every cell of
 * a row is on its page (a reference as a link to the row it names), whatever columns the schemas have.
 */
describe('the dataset browser, as built files', () => {
  let out: string;
  const pages = new Map<string, Node>();
  let records: Map<string, RowRecord[]>;
  const relationships = relationshipTable(MODEL);

  beforeAll(async () => {
    out = await buildSiteOf(BASE_FIXTURE);
    records = await readAllRecords(MODEL, BASE_FIXTURE);
    const broken: string[] = [];
    const queue = ['index.html'];
    while (queue.length) {
      const path = queue.shift()!;
      if (pages.has(path)) continue;
      const { root, targets } = readPage(out, path);
      pages.set(path, root);
      for (const target of targets) {
        if (!existsSync(join(out, target)) || !statSync(join(out, target)).isFile()) broken.push(`${path} → ${target}`);
        else if (target.endsWith('.html')) queue.push(target);
      }
    }
    expect(broken).toEqual([]);
  }, 120_000);

  it('has a page for every row of every table but the relationships, reached from the start page', () => {
    for (const table of MODEL.tables.filter((t) => t !== relationships?.table))
      for (const record of records.get(table.name)!)
        expect([...pages.keys()], `${table.name} ${record[table.primaryKey]}`).toContain(`${table.name}/${record[table.primaryKey]}.html`);
  });

  /** Whether a row's cell is in `scope`: a reference as a link to its row's page, anything else as text. */
  const shows = (scope: Node, column: (typeof MODEL.tables)[number]['columns'][number], value: string): boolean =>
    column.references
      ? elements(scope).some((e) => e.tagName === 'a' && column.references!.some((t) => attribute(e, 'href')?.endsWith(`${t}/${value}.html`)))
      : textOf(scope).includes(value);

  it("shows every cell of a row on the row's page, references as links", () => {
    const missing: string[] = [];
    for (const table of MODEL.tables.filter((t) => t !== relationships?.table)) {
      for (const record of records.get(table.name)!) {
        const id = String(record[table.primaryKey]);
        const page = pages.get(`${table.name}/${id}.html`);
        if (!page) {
          missing.push(`${table.name}/${id}: no page`);
          continue;
        }
        const main = elements(page).find((e) => e.tagName === 'main')!;
        for (const column of table.columns.filter((c) => c.name !== table.primaryKey))
          for (const value of cells(record, column.name)) if (!shows(main, column, value)) missing.push(`${table.name}/${id} ${column.name}: ${value}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it.skipIf(!relationships)("shows every cell of a relationship in its item on the subject's page, references as links", () => {
    const { table, kind, from } = relationships!;
    const missing: string[] = [];
    for (const record of records.get(table.name)!) {
      const id = String(record[table.primaryKey]);
      const subject = String(record[from.name]);
      const onPage = [...pages].find(([path]) => path.endsWith(`/${subject}.html`))![1];
      const item = elements(onPage).find((e) => e.tagName === 'li' && attribute(e, 'id') === id)!;
      expect(item, `${table.name} ${id}`).toBeDefined();
      // The kind is shown by its label (`leads` for leader_of), the key as the item's anchor.
      for (const column of table.columns.filter((c) => c !== kind && c.name !== table.primaryKey))
        for (const value of cells(record, column.name)) if (!shows(item, column, value)) missing.push(`${id} ${column.name}: ${value}`);
    }
    expect(missing).toEqual([]);
  });
});
