import { dateBounds, isoDay } from '../edtf.ts';
import type { RowRecord } from '../model/cell-validator.ts';
import type { ColumnModel, DatasetModel, TableModel } from '../model/types.ts';
import { csvLine } from '../write/canonical-csv.ts';
import { entityType, labelColumn, sharedNamespaces } from './export-columns.ts';

/**
 * What a release column holds. `edtf` is a date as the data writes it; `date` one of its ISO bounds;
 * `precision` the unit it is stated in; `list` items (`|` in text formats); `text` anything else.
 */
export type ReleaseColumnKind = 'text' | 'list' | 'edtf' | 'date' | 'precision';

export interface ReleaseColumn {
  readonly name: string;
  readonly kind: ReleaseColumnKind;
  readonly description: string;
  readonly required: boolean;
  /** Allowed values and what each means, for enum columns. */
  readonly categories?: readonly { readonly value: string; readonly meaning: string }[];
  /** The schema column it comes from; a derived date column points at its EDTF column. Undefined for entities. */
  readonly source?: ColumnModel;
  /** Tables whose primary keys the cell (or each item) must match. */
  readonly references?: readonly string[];
  /** For a column derived from a date: which part of it the column holds. */
  readonly datePart?: DatePart;
}

export type ReleaseValue = string | readonly string[] | null;

/** One table as every format of a release holds it: the same name, columns and rows everywhere. */
export interface ReleaseTable {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly primaryKey: string;
  readonly columns: readonly ReleaseColumn[];
  readonly rows: readonly Readonly<Record<string, ReleaseValue>>[];
  /** The data table it comes from; undefined for a derived table (entities). */
  readonly table?: TableModel;
}

export type DatePrecision = 'day' | 'month' | 'year';

export const PRECISIONS: readonly { readonly value: DatePrecision; readonly meaning: string }[] = [
  { value: 'year', meaning: 'Only the year is known (`2015`): the bounds are 1 January and 31 December.' },
  { value: 'month', meaning: 'The month is known (`2015-02`): the bounds are its first and last day.' },
  { value: 'day', meaning: 'The day is known (`2015-02-02`): both bounds are that day.' },
];

/** How an EDTF cell becomes its bounds and precision; the codebook prints it and tests check every form against it. */
export const DATE_RULE =
  'Each date column holds an EDTF (ISO 8601-2) date as the sources support it: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, optionally followed by `?` (uncertain: the source is not sure), `~` (approximate: about then, e.g. counted back from "last week") or `%` (both). ' +
  'Beside it, `<column>_earliest` and `<column>_latest` are the first and the last calendar day the stated period covers, as ISO dates (`YYYY-MM-DD`), and `<column>_precision` is the unit it is stated in (`year`, `month` or `day`). ' +
  'The qualifiers `?`, `~` and `%` do not widen the bounds: `2014-12~` has the bounds 2014-12-01 and 2014-12-31, like `2014-12`; the qualifier stays in the EDTF column, and `notes` says how the date was derived. An empty date leaves all four columns empty.';

/** The ISO bounds and precision of an EDTF date, or undefined when the text is not one. */
export function dateParts(edtf: string): { earliest: string; latest: string; precision: DatePrecision } | undefined {
  const bounds = dateBounds(edtf);
  if (!bounds) return undefined;
  const digits = edtf.replace(/[?~%]$/, '');
  const precision: DatePrecision = digits.length === 4 ? 'year' : digits.length === 7 ? 'month' : 'day';
  return { earliest: isoDay(bounds.earliest), latest: isoDay(bounds.latest), precision };
}

const DERIVED_DATE_COLUMNS = ['earliest', 'latest', 'precision'] as const;
type DatePart = (typeof DERIVED_DATE_COLUMNS)[number];

function categories(column: ColumnModel): ReleaseColumn['categories'] {
  if (!column.enumValues || column.list) return undefined;
  return column.enumValues.map((value) => ({ value, meaning: column.enumDescriptions?.[value] ?? '' }));
}

/** A schema column and, for a date, its three derived columns. */
function releaseColumns(column: ColumnModel): ReleaseColumn[] {
  const base: ReleaseColumn = {
    name: column.name,
    kind: column.date && !column.list ? 'edtf' : column.list ? 'list' : 'text',
    description: column.description,
    required: column.required,
    source: column,
    ...(categories(column) ? { categories: categories(column)! } : {}),
    ...(column.references ? { references: column.references } : {}),
  };
  if (base.kind !== 'edtf') return [base];
  const derived = (part: DatePart): ReleaseColumn => ({
    name: `${column.name}_${part}`,
    datePart: part,
    kind: part === 'precision' ? 'precision' : 'date',
    description:
      part === 'precision'
        ? `The unit \`${column.name}\` is stated in: year, month or day. Empty when \`${column.name}\` is.`
        : `The ${part === 'earliest' ? 'first' : 'last'} day \`${column.name}\` can mean, as an ISO date (YYYY-MM-DD); a qualifier (?, ~, %) does not widen it. Empty when \`${column.name}\` is.`,
    required: column.required,
    source: column,
    ...(part === 'precision' ? { categories: PRECISIONS } : {}),
  });
  return [base, ...DERIVED_DATE_COLUMNS.map(derived)];
}

function releaseRow(columns: readonly ReleaseColumn[], record: RowRecord): Record<string, ReleaseValue> {
  const row: Record<string, ReleaseValue> = {};
  for (const column of columns) {
    const value = record[column.source!.name];
    if (value === undefined) row[column.name] = null;
    else if (column.kind === 'list') row[column.name] = typeof value === 'string' ? [value] : value;
    else {
      const text = typeof value === 'string' ? value : value.join('|');
      if (column.kind === 'text' || column.kind === 'edtf') row[column.name] = text;
      else {
        const parts = dateParts(text);
        row[column.name] = parts && column.datePart ? parts[column.datePart] : null;
      }
    }
  }
  return row;
}

/** The entities table's column naming each entity. */
export const ENTITY_NAME_COLUMN = 'name';

/** The entities table of an id space shared by several tables: every id with its type and name. */
function entitiesTable(model: DatasetModel, records: ReadonlyMap<string, readonly RowRecord[]>): ReleaseTable[] {
  return sharedNamespaces(model).map((namespace) => {
    const names = namespace.tables.map((t) => t.name).join(' and ');
    const rows = namespace.tables
      .flatMap((table) =>
        (records.get(table.name) ?? []).map((r) => ({
          id: String(r[table.primaryKey]),
          type: entityType(table),
          [ENTITY_NAME_COLUMN]: String(r[labelColumn(table)] ?? ''),
        })),
      )
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return {
      name: namespace.name,
      title: `Entities (${names})`,
      description: `Every id of ${names}, with its type and name, derived from those tables: the target of references that may point at either.`,
      primaryKey: 'id',
      columns: [
        { name: 'id', kind: 'text', required: true, description: `The id of the ${namespace.tables.map(entityType).join(' or ')}.` },
        {
          name: 'type',
          kind: 'text',
          required: true,
          description: 'Which table the id belongs to.',
          categories: namespace.tables.map((t) => ({ value: entityType(t), meaning: `${t.description} A row of \`${t.name}\`.` })),
        },
        { name: ENTITY_NAME_COLUMN, kind: 'text', required: true, description: 'Its name (for a person or group: the name the sources use most).' },
      ],
      rows,
    };
  });
}

/** Every table of a release, derived tables first (they are the targets of references), then the data tables in dependency order. */
export function releaseTables(model: DatasetModel, records: ReadonlyMap<string, readonly RowRecord[]>): ReleaseTable[] {
  return [
    ...entitiesTable(model, records),
    ...model.tables.map((table) => {
      const columns = table.columns.flatMap(releaseColumns);
      return {
        name: table.name,
        title: table.title,
        description: table.description,
        primaryKey: table.primaryKey,
        columns,
        rows: (records.get(table.name) ?? []).map((record) => releaseRow(columns, record)),
        table,
      };
    }),
  ];
}

/** The file name of a table in the release's csv/ folder. */
export const csvFile = (table: ReleaseTable): string => table.table?.file ?? `${table.name}.csv`;

/** A table as the release's CSV holds it: the data's canonical rows with each date's bounds and precision beside it. */
export function releaseCsv(table: ReleaseTable): string {
  const lines = [csvLine(table.columns.map((c) => c.name)), ...table.rows.map((row) => csvLine(table.columns.map((c) => valueText(row[c.name] ?? null))))];
  return `${lines.join('\n')}\n`;
}

/** A release value as text, as CSV cells and other text-only formats hold it: lists joined with `|`, unknown empty. */
export function valueText(value: ReleaseValue): string {
  return value === null ? '' : typeof value === 'string' ? value : value.join('|');
}
