import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ColumnModel, TableModel } from '../scripts/lib/model/types.ts';
import { csvLine } from '../scripts/lib/write/canonical-csv.ts';
import { formatDataset } from '../scripts/lib/write/format-dataset.ts';
import { BASE_FIXTURE, csvRecords, datasetWith, MODEL, validateDir } from './helpers/fixtures.ts';
import { cellRef, importJson, releaseBookOf, tableBytes, withCellText } from './helpers/workbook-import.ts';

/**
 * The release workbook is where contributors edit: imported unchanged it must give back the data it
 * was built from byte for byte, and one cell edited must change that cell alone, for any valid
 * dataset. The datasets are the base fixture grown and rewritten from the schemas: every column's
 * values drawn from what its schema allows (its categories, every EDTF form, ids of the tables it
 * references, lists), free text in many scripts with line breaks, quotes and cells near their
 * longest; columns whose values other rules tie to other rows (endpoints, quotes, publishers) keep a
 * base row's values, so that the dataset stays valid.
 */

const WORDS = [
  'Kebekov',
  'amir',
  'Имарат',
  'Кавказ',
  'Дагъестан',
  'ӀалагӀ',
  'ამირი',
  'პანკისი',
  'ولاية',
  'القوقاز',
  'Şişani',
  'Qafqaz',
  'Əmir',
  '伊斯兰',
  '🙂',
  'naïve',
  '"quoted"',
  'a,b',
  '0042',
  '2015-02-10',
  'TRUE',
  '_x000D_',
  'x/y',
];

/** Text as a person writes it into a cell: words of many scripts, spaces, commas, line breaks; never blank at either end. */
const freeText = (maxLength: number, list: boolean): fc.Arbitrary<string> =>
  fc
    .tuple(fc.array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(' ', ' ', ', ', '\n', '\n\n', ' — ')), { minLength: 1, maxLength: 12 }), fc.boolean())
    .map(([words, long]) => {
      let text = words.map(([word, gap], i) => (i === 0 ? word : `${gap}${word}`)).join('');
      // A cell near its column's longest, which a spreadsheet shows cut but keeps whole.
      if (long) text = `${text} ${'ab ц '.repeat(Math.ceil(maxLength / 5))}`.slice(0, maxLength).trimEnd();
      return list ? text.replace(/\n/g, ' ') : text.slice(0, maxLength).trimEnd();
    })
    .filter((text) => text !== '' && !/^[=+\-@]/.test(text));

/** Every EDTF form the schema's date pattern allows: year, month or day, each plain, `?`, `~` or `%`, in a span. */
const edtf = (fromYear: number, toYear: number): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.integer({ min: fromYear, max: toYear }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 28 }),
      fc.constantFrom(1, 2, 3),
      fc.constantFrom('', '?', '~', '%'),
    )
    .map(([y, m, d, parts, qualifier]) => {
      const pad = (n: number): string => String(n).padStart(2, '0');
      return `${[String(y), pad(m), pad(d)].slice(0, parts).join('-')}${qualifier}`;
    });

/** Columns whose values rules check against other columns of the row (a kind and the tables its ends point into, a quote and its source, a certainty and its sources' publishers). */
function tiedColumns(table: TableModel): Set<string> {
  const tied = new Set<string>();
  for (const column of table.columns) {
    if (column.endpoints) {
      tied.add(column.name);
      for (const ends of Object.values(column.endpoints)) for (const end of Object.keys(ends)) tied.add(end);
    }
    if (column.quoteOf) tied.add(column.name).add(column.quoteOf);
    if (column.distinctFrom) tied.add(column.name).add(column.distinctFrom);
    if (column.minPublishers) tied.add(column.name);
  }
  return tied;
}

/** A value the column's schema allows, or `undefined` where a base row's value must stay (rules tie it to other rows). */
function cellArbitrary(table: TableModel, column: ColumnModel, ids: ReadonlyMap<string, readonly string[]>): fc.Arbitrary<string> | undefined {
  const optional = (arb: fc.Arbitrary<string>): fc.Arbitrary<string> => (column.required ? arb : fc.oneof(fc.constant(''), arb));
  if (column.name === table.primaryKey || tiedColumns(table).has(column.name) || column.publicationDate) return undefined;
  if (column.references) {
    const pool = column.references.flatMap((t) => ids.get(t) ?? []);
    if (pool.length === 0) return undefined;
    return column.list ? fc.uniqueArray(fc.constantFrom(...pool), { minLength: 1, maxLength: 3 }).map((items) => items.join('|')) : fc.constantFrom(...pool);
  }
  if (column.enumValues) {
    const values = column.enumValues;
    return optional(
      column.list ? fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 4 }).map((items) => items.join('|')) : fc.constantFrom(...values),
    );
  }
  // Dates before the sources' publication (no event after its report), a later one never before an earlier.
  if (column.date) return column.notBefore ? optional(edtf(2013, 2013)) : optional(edtf(1850, 2012));
  if (column.pattern)
    return column.examples.length ? optional(fc.constantFrom(...column.examples.map((e) => (Array.isArray(e) ? e.join('|') : String(e))))) : undefined;
  if (column.list)
    return optional(fc.uniqueArray(freeText(Math.min(60, column.maxLength ?? 60), true), { minLength: 1, maxLength: 3 }).map((items) => items.join('|')));
  return optional(freeText(column.maxLength ?? 1000, false));
}

const slug = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);

/** The base fixture's tables, each row rewritten and some rows added, as header and rows of cells. */
function datasetArbitrary(): fc.Arbitrary<Map<string, string[][]>> {
  const base = new Map(MODEL.tables.map((t) => [t.name, csvRecords(join(BASE_FIXTURE, t.file))]));
  const ids = new Map(MODEL.tables.map((t) => [t.name, base.get(t.name)!.map((r) => r[t.primaryKey]!)]));
  const perTable = MODEL.tables.map((table) => {
    const rows = base.get(table.name)!;
    const cells = table.columns.map((c) => cellArbitrary(table, c, ids));
    const rewritten = (template: Record<string, string>, id: string): fc.Arbitrary<string[]> =>
      fc.tuple(
        ...table.columns.map((c, i) => (c.name === table.primaryKey ? fc.constant(id) : (cells[i] ?? fc.constant(template[c.name] ?? '')))),
      ) as fc.Arbitrary<string[]>;
    // Rows added to tables whose rows need no file of their own (an archived text).
    const added: fc.Arbitrary<string[][]> = table.archive
      ? fc.constant([])
      : fc
          .uniqueArray(fc.tuple(slug, fc.nat(rows.length - 1)), { maxLength: 4, selector: ([s]) => s })
          .chain((extra) =>
            extra.length ? fc.tuple(...extra.map(([s, from]) => rewritten(rows[from]!, `gen-${table.name}-${s}`))) : fc.constant([] as string[][]),
          );
    return fc.tuple(fc.tuple(...rows.map((r) => rewritten(r, r[table.primaryKey]!))), added).map(([kept, more]) => [...kept, ...more] as string[][]);
  });
  return fc.tuple(...perTable).map((tables) => new Map(MODEL.tables.map((t, i) => [t.name, [t.columns.map((c) => c.name), ...tables[i]!]])));
}

/** A copy of the base fixture holding the generated tables in canonical form, checked valid. */
async function writtenDataset(tables: Map<string, string[][]>): Promise<string> {
  const dir = datasetWith();
  for (const table of MODEL.tables)
    writeFileSync(
      join(dir, table.file),
      tables
        .get(table.name)!
        .map((row) => `${csvLine(row)}\n`)
        .join(''),
    );
  await formatDataset({ model: MODEL, dataDir: dir, displayDir: 'data', check: false });
  const report = await validateDir(dir);
  expect(
    report.findings.filter((f) => f.severity === 'error'),
    'the generated dataset is valid',
  ).toEqual([]);
  return dir;
}

describe('the release workbook round trip, over generated valid datasets', () => {
  it('release workbook → import gives back data/ byte for byte, and says it changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(datasetArbitrary(), async (tables) => {
        const dir = await writtenDataset(tables);
        const before = tableBytes(dir);
        const { code, report, stdout } = await importJson(await releaseBookOf(dir), dir);
        expect(code, stdout).toBe(0);
        expect(report.findings.filter((f) => f.code.startsWith('workbook-') && f.code !== 'workbook-derived-ignored')).toEqual([]);
        expect(tableBytes(dir)).toEqual(before);
      }),
      { numRuns: 30 },
    );
  }, 300_000);

  it('one cell edited in the workbook changes exactly that cell in its CSV, and no other file', async () => {
    const edits = MODEL.tables.flatMap((table) =>
      table.columns
        .filter((c) => !c.pattern && !c.enumValues && !c.references && !c.quoteOf && !c.date)
        .map((c) => ({ table, column: c.name, maxLength: c.maxLength ?? 1000, list: c.list })),
    );
    await fc.assert(
      fc.asyncProperty(
        datasetArbitrary(),
        fc.constantFrom(...edits).chain((edit) => fc.record({ edit: fc.constant(edit), text: freeText(edit.maxLength, edit.list), row: fc.nat() })),
        async (tables, { edit, text, row }) => {
          const dir = await writtenDataset(tables);
          const before = tableBytes(dir);
          const records = csvRecords(join(dir, edit.table.file));
          const index = row % records.length;
          fc.pre(records[index]![edit.column] !== text);

          const ref = cellRef(edit.table.name, edit.column, index);
          const { code, stdout } = await importJson(withCellText(await releaseBookOf(dir), edit.table.name, ref, text), dir);
          expect(code, stdout).toBe(0);

          const after = csvRecords(join(dir, edit.table.file));
          const expected = records.map((r, i) => (i === index ? { ...r, [edit.column]: text } : r));
          expect(after).toEqual(expected);
          for (const [file, bytes] of Object.entries(tableBytes(dir))) if (file !== edit.table.file) expect(bytes, file).toBe(before[file]);
        },
      ),
      { numRuns: 25 },
    );
  }, 300_000);
});
