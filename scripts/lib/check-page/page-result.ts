// What the check page is told about the files a person chose, in two parts that two workers make at
// once: the check (check-chosen.ts's checkPart) and format's canonical files (formatPart). Plain
// data and one function that puts the parts together; the page's own script imports this, so it
// imports nothing of the engine.
import type { ValidationReport } from '../check/check-dataset.ts';
import type { Finding } from '../check/finding.ts';
import type { FormatStatus } from '../write/plan-format.ts';
import type { Repair } from '../write/repairs.ts';

/** What each chosen file was taken for. */
export type Identified =
  | { readonly name: string; readonly kind: 'table'; readonly file: string; readonly by: 'name' | 'header' }
  /** `meant`: the path it was probably meant to have, when its name is a near miss of an archived text's (and so it is not read as one). */
  | { readonly name: string; readonly kind: 'archive'; readonly path: string; readonly meant?: string }
  /** An .xlsx workbook, read as `npm run import` reads it: the sheets taken for tables. */
  | {
      readonly name: string;
      readonly kind: 'workbook';
      readonly sheets: readonly { readonly sheet: string; readonly file: string; readonly by: 'name' | 'header' }[];
    }
  /** Left out: not read at all. `workbook`: it is a spreadsheet program's own file in a format the page does not read (.xls, .ods, .numbers). */
  | { readonly name: string; readonly kind: 'unknown'; readonly reason: string; readonly workbook?: boolean };

/** A row of the page's grid: its first cells, each cut to a length a grid can show. */
export interface GridRow {
  readonly row: number;
  readonly cells: readonly string[];
  /** How many cells the row has, those not shown included. */
  readonly cellCount: number;
}

/** The rows of a chosen table the page's grid shows (at most GRID's), and how many rows the table has, the header included. */
export interface TableGrid {
  readonly rows: readonly GridRow[];
  readonly rowCount: number;
}

/** What `npm run format` makes of a chosen table. */
export interface FormatOutcome {
  readonly table: string;
  /** The table's path as findings show it (`data/actors.csv`). */
  readonly file: string;
  /** The chosen file it came from. */
  readonly chosen: string;
  /** The workbook's sheet it came from, when the chosen file is a workbook: its findings are those of that sheet. */
  readonly sheet?: string;
  readonly status: Exclude<FormatStatus, 'rewritten' | 'missing'>;
  /** The bytes `npm run format` (with `fix`: `-- --fix`) writes; absent when format refuses the file. */
  readonly canonical?: Uint8Array;
  /** Why format refuses the file. */
  readonly blocking: readonly Finding[];
}

export interface TableOutcome extends FormatOutcome, TableGrid {}

/** The check's part: exactly what `npm run validate` reports, and each chosen table's grid, by the table's path as findings show it. */
export interface CheckPart {
  readonly identified: readonly Identified[];
  readonly report: ValidationReport;
  /** Exactly what `npm run validate -- --format json` prints for the same data folder. */
  readonly json: string;
  readonly grids: Readonly<Record<string, TableGrid>>;
}

/** Format's part: each chosen table's canonical file or why there is none, and the repairs `format -- --fix` makes in them (none unless asked for). */
export interface FormatPart {
  readonly tables: readonly FormatOutcome[];
  readonly repairs: readonly Repair[];
  /** The chosen archived texts `format --fix` converts (none unless asked for), with the bytes it writes. */
  readonly archives: readonly ArchiveOutcome[];
}

/** A chosen archived text as `format --fix` converts it. */
export interface ArchiveOutcome {
  /** As findings show it (`data/archive/x.txt`). */
  readonly file: string;
  readonly chosen: string;
  readonly canonical: Uint8Array;
}

export interface PageResult {
  readonly identified: readonly Identified[];
  readonly report: ValidationReport;
  readonly json: string;
  readonly tables: readonly TableOutcome[];
  readonly repairs: readonly Repair[];
  readonly archives: readonly ArchiveOutcome[];
  /** The canonical tables in one zip, when a workbook gave more than one. */
  readonly zip?: Uint8Array;
}

/** How far a part has got: which step, and in the check itself how much of the tables it has read (0 to 1). */
export interface CheckProgress {
  readonly step: 'check' | 'repairs' | 'format' | 'grid';
  readonly done?: number;
}

/** The two parts of one check as the page shows them. */
export function pageResult(check: CheckPart, format: FormatPart): PageResult {
  const tables = format.tables.map((table): TableOutcome => ({ ...table, ...(check.grids[table.file] ?? { rows: [], rowCount: 0 }) }));
  return { identified: check.identified, report: check.report, json: check.json, tables, repairs: format.repairs, archives: format.archives };
}
