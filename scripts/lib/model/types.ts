/** The dataset's shape as read from schemas/: tables, columns and the x- keywords that drive the rules. */

export type JsonSchema = Record<string, unknown>;

/** Which tables each end of a relationship may point into, per allegiance kind, e.g. member_of → { subject_id: ['actors'], target_id: ['groups'] }. */
export type EndpointRules = Record<string, Record<string, string[]>>;

export interface ColumnModel {
  readonly name: string;
  readonly description: string;
  readonly required: boolean;
  /** A `|`-separated list cell (JSON Schema type array). */
  readonly list: boolean;
  /** Title of the value type (of each item, for lists), e.g. `EDTF date`. */
  readonly typeTitle: string;
  readonly hint?: string;
  readonly pattern?: string;
  readonly enumValues?: readonly string[];
  readonly enumDescriptions?: Readonly<Record<string, string>>;
  readonly maxLength?: number;
  readonly examples: readonly unknown[];
  /** Cells (or items) are EDTF dates. */
  readonly date: boolean;
  /** x-references: the tables whose primary keys the cell (or each item) must match. */
  readonly references?: readonly string[];
  /** x-notBefore: a date column of the same row that this date must not precede. */
  readonly notBefore?: string;
  /** x-distinctFrom: a column of the same row this cell must differ from. */
  readonly distinctFrom?: string;
  /** x-endpoints: for each value of this column, the tables the named columns may point into. */
  readonly endpoints?: EndpointRules;
  /** x-acyclic: values of this column whose relationships must never form a cycle (A part of B part of A). */
  readonly acyclic?: readonly string[];
  /** x-symmetric: values of this column whose relationships run both ways (A allied with B is B allied with A). */
  readonly symmetric?: readonly string[];
  /** x-formerly: the column's name before it was renamed, for the changelog and the codebook. */
  readonly formerly?: string;
  /** x-quoteOf: a list column of source ids; the cell must appear verbatim in the archive of its first item. */
  readonly quoteOf?: string;
  /** x-publicationDate: the date a source was published; events it reports cannot be later. */
  readonly publicationDate: boolean;
  /** x-nameKey: names and aliases that identify an entity, compared to find likely duplicates. */
  readonly nameKey: boolean;
  /** x-publisher: who published a row of sources; sources with one publisher are not independent of each other. */
  readonly publisher: boolean;
  /** x-minPublishers: values of this column that need the row's cited sources to come from at least this many publishers. */
  readonly minPublishers?: Readonly<Record<string, number>>;
  /** x-throughLeader: kinds of relationship that, aimed at a person, also reach the groups that person is the subject of the mapped kind for (a pledge to a leader is a pledge to what he leads). */
  readonly throughLeader?: Readonly<Record<string, string>>;
}

export interface TableModel {
  /** Table name, from the schema file name: `actors` for schemas/actors.schema.json. */
  readonly name: string;
  /** Row type name, the schema's title: `Actor`. */
  readonly title: string;
  readonly description: string;
  /** CSV file name inside the data directory. */
  readonly file: string;
  readonly primaryKey: string;
  /** Tables sharing a namespace must not reuse each other's ids. */
  readonly idNamespace: string;
  /** Warn when no other row references a row of this table. */
  readonly expectReferenced: boolean;
  /** Path template, relative to the data directory, of each row's archived text: `archive/{id}.txt`. */
  readonly archive?: string;
  readonly columns: readonly ColumnModel[];
  readonly schemaId: string;
  readonly schema: JsonSchema;
}

export interface DatasetModel {
  /** Tables in dependency order: every table comes after the tables it references. */
  readonly tables: readonly TableModel[];
  /** Every schema document, shared definitions first, as loaded. */
  readonly schemas: readonly JsonSchema[];
  readonly defs: JsonSchema;
}

/** Keywords this project adds to JSON Schema; anything else starting with `x-` is a typo. */
export const EXTENSION_KEYWORDS = [
  'x-file',
  'x-primaryKey',
  'x-idNamespace',
  'x-expectReferenced',
  'x-archive',
  'x-references',
  'x-notBefore',
  'x-distinctFrom',
  'x-endpoints',
  'x-acyclic',
  'x-symmetric',
  'x-formerly',
  'x-quoteOf',
  'x-publicationDate',
  'x-nameKey',
  'x-publisher',
  'x-minPublishers',
  'x-throughLeader',
  'x-hint',
  'x-enumDescriptions',
] as const;
