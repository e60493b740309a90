import { textArchive } from '../check/archive.ts';
import { checkDataset, tablesInMemory, type ValidationReport } from '../check/check-dataset.ts';
import type { Finding } from '../check/finding.ts';
import { buildModel } from '../model/build-model.ts';
import type { DatasetModel, JsonSchema, TableModel } from '../model/types.ts';
import { detectDelimiter, readCsvBytes } from '../read/read-csv.ts';
import { mapHeader } from '../read/records.ts';
import { jsonReport } from '../report/json.ts';
import { planFormat, sameBytes, type FormatStatus } from '../write/plan-format.ts';
import { planRepairs, type Repair } from '../write/repairs.ts';
import { GRID } from './limits.ts';

/**
 * The check page's engine, without the page: the same reader, rules, reporters and canonical writer
 * as the command line, given the files a person chose and the data the site was built from.
 */

/** What `npm run site` publishes for the page (check/dataset.json): the schemas and the data as they were. */
export interface PublishedDataset {
  /** Schema documents by file name. */
  readonly schemas: Readonly<Record<string, JsonSchema>>;
  /** Each table's text by file name (`actors.csv`). */
  readonly tables: Readonly<Record<string, string>>;
  /** Each archived text by path relative to the data folder (`archive/x.txt`). */
  readonly archive: Readonly<Record<string, string>>;
}

export interface ChosenFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** What each chosen file was taken for. */
export type Identified =
  | { readonly name: string; readonly kind: 'table'; readonly file: string; readonly by: 'name' | 'header' }
  | { readonly name: string; readonly kind: 'archive'; readonly path: string }
  | { readonly name: string; readonly kind: 'unknown'; readonly reason: string };

export interface TableOutcome {
  readonly table: string;
  /** The table's path as findings show it (`data/actors.csv`). */
  readonly file: string;
  /** The chosen file it came from. */
  readonly chosen: string;
  readonly status: Exclude<FormatStatus, 'rewritten' | 'missing'>;
  /** The bytes `npm run format` (with `fix`: `-- --fix`) writes; absent when format refuses the file. */
  readonly canonical?: Uint8Array;
  /** Why format refuses the file. */
  readonly blocking: readonly Finding[];
  /** Rows of the chosen file as the reader reads them (the header is row 1), for the page's grid: at most GRID's. */
  readonly rows: readonly GridRow[];
  /** How many rows the file has, the header included. */
  readonly rowCount: number;
}

/** A row of the page's grid: its first cells, each cut to a length a grid can show. */
export interface GridRow {
  readonly row: number;
  readonly cells: readonly string[];
  /** How many cells the row has, those not shown included. */
  readonly cellCount: number;
}

/** How far the page's check has got: which step, and for the check itself how much of the tables it has read (0 to 1). */
export interface CheckProgress {
  readonly step: 'check' | 'repairs' | 'format' | 'grid';
  readonly done?: number;
}

export interface PageResult {
  readonly identified: readonly Identified[];
  readonly report: ValidationReport;
  /** Exactly what `npm run validate -- --format json` prints for the same data folder. */
  readonly json: string;
  readonly tables: readonly TableOutcome[];
  /** The repairs `format -- --fix` makes in the chosen tables (empty unless asked for). */
  readonly repairs: readonly Repair[];
}

/** The data folder as the page's findings show it, as `npm run validate` run in a clone shows `data/`. */
export const DISPLAY_DIR = 'data';

export function publishedModel(published: PublishedDataset): DatasetModel {
  return buildModel(new Map(Object.entries(published.schemas)), 'the published schemas');
}

/**
 * Which table or archived text a file is: by its name, with what browsers and spreadsheets add to a
 * downloaded or saved copy left off (`allegiances (1).csv`, `Allegiances.CSV`, `actors-2.txt` saved as
 * tab-separated text), or failing that by the columns of its first line. Other `.txt` files are
 * archived texts of sources, `<id>.txt`.
 */
export function identify(model: DatasetModel, chosen: ChosenFile, archiveTemplate: string | undefined): Identified {
  const name = chosen.name.replace(/^.*[\\/]/, '');
  const match = /^(.*?)(?:[\s_-]*(?:\(\d+\)|-\d+|copy))*\.(csv|tsv|txt)$/i.exec(name);
  const stem = match?.[1]?.trim().toLowerCase();
  const byName = model.tables.find((t) => t.file.replace(/\.csv$/, '') === stem);
  if (byName) return { name: chosen.name, kind: 'table', file: byName.file, by: 'name' };
  const byHeader = tableByHeader(model, chosen.bytes);
  if (byHeader) return { name: chosen.name, kind: 'table', file: byHeader.file, by: 'header' };
  if (match && match[2]!.toLowerCase() === 'txt' && archiveTemplate && stem) {
    const id = name.slice(0, name.length - 4).replace(/\s*\(\d+\)$/, '');
    return { name: chosen.name, kind: 'archive', path: archiveTemplate.split('{id}').join(id) };
  }
  return {
    name: chosen.name,
    kind: 'unknown',
    reason: `not a table of this dataset (${model.tables.map((t) => t.file).join(', ')}) nor an archived text (<id>.txt)`,
  };
}

/** The table whose columns the first line names best; undefined when no table has most of its columns there. */
function tableByHeader(model: DatasetModel, bytes: Uint8Array): TableModel | undefined {
  const start = new TextDecoder().decode(bytes.subarray(0, 4096)).replace(/^\uFEFF/, '');
  const line = start.split(/\r\n?|\n/)[0] ?? '';
  const delimiter = detectDelimiter(line);
  const header = line.split(delimiter).map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'));
  let best: { table: TableModel; share: number } | undefined;
  for (const table of model.tables) {
    const share = mapHeader(table, header).size / table.columns.length;
    if (share > 0.5 && (!best || share > best.share)) best = { table, share };
  }
  return best?.table;
}

/**
 * Checks the chosen files as `npm run validate` checks a data folder holding them and the rest of the
 * published data, and plans `npm run format` (with `fix`: `-- --fix`) for each chosen table.
 */
export async function checkChosen(
  published: PublishedDataset,
  chosen: readonly ChosenFile[],
  options: {
    fix?: boolean;
    today?: number;
    /** Told which step the check is at, and in the check itself how much of the tables' bytes it has read, chunk by chunk. */
    onProgress?: (progress: CheckProgress) => void;
  } = {},
): Promise<PageResult> {
  const model = publishedModel(published);
  const template = model.tables.find((t) => t.archive)?.archive;
  const encoder = new TextEncoder();
  const tables = new Map<string, Uint8Array>(Object.entries(published.tables).map(([file, text]) => [file, encoder.encode(text)]));
  const archive = new Map(Object.entries(published.archive));
  const given = new Map<string, string>();
  const identified = chosen.map((file): Identified => {
    const what = identify(model, file, template);
    if (what.kind === 'unknown') return what;
    const target = what.kind === 'table' ? what.file : what.path;
    // Two files for one table or text: the first is checked, and the person is told why the other is not.
    const first = given.get(target);
    if (first !== undefined) return { name: file.name, kind: 'unknown', reason: `${first} was already taken for ${target}` };
    given.set(target, file.name);
    if (what.kind === 'table') tables.set(what.file, file.bytes);
    else archive.set(what.path, new TextDecoder().decode(file.bytes));
    return what;
  });
  const files = tablesInMemory(DISPLAY_DIR, tables, textArchive(DISPLAY_DIR, archive));
  const total = [...tables.values()].reduce((sum, bytes) => sum + bytes.length, 0);
  const onProgress = options.onProgress;
  const report = await checkDataset({
    model,
    files,
    ...(options.today !== undefined ? { today: options.today } : {}),
    ...(onProgress ? { onProgress: ({ bytes }: { bytes: number }) => onProgress({ step: 'check', done: total ? bytes / total : 1 }) } : {}),
  });
  if (options.fix) onProgress?.({ step: 'repairs' });
  const fixed = options.fix ? await planRepairs({ model, sources: tables, displayDir: DISPLAY_DIR }) : { repairs: [], sources: tables };
  onProgress?.({ step: 'format' });
  const plan = await planFormat({ model, displayDir: DISPLAY_DIR, sources: fixed.sources });
  onProgress?.({ step: 'grid' });
  const outcomes: TableOutcome[] = [];
  for (const result of plan.results) {
    const table = model.tables.find((t) => t.name === result.table)!;
    const chosenName = given.get(table.file);
    if (chosenName === undefined || result.status === 'missing') continue;
    const dataRows = report.tables.find((t) => t.file === result.file)?.rows ?? 0;
    const shown = {
      table: table.name,
      file: result.file,
      chosen: chosenName,
      blocking: plan.blocking.filter((f) => f.file === result.file),
      ...(await gridRows(
        tables.get(table.file)!,
        report.findings.filter((f) => f.file === result.file),
        dataRows,
      )),
    };
    if (result.canonical === undefined) {
      outcomes.push({ ...shown, status: 'refused' });
      continue;
    }
    const canonical = result.canonical;
    // As format does: a table the repairs changed is not canonical even when the repaired bytes are.
    outcomes.push({ ...shown, status: sameBytes(tables.get(table.file)!, canonical) ? 'canonical' : 'not-canonical', canonical });
  }
  const repairs = fixed.repairs.filter((repair) => outcomes.some((o) => o.file === repair.file));
  return { identified, report, json: jsonReport(report, DISPLAY_DIR), tables: outcomes, repairs };
}

/**
 * The rows of a table the grid shows (GRID): the first ones, then those with findings, read no
 * further than the last of them. `dataRows`: how many rows the check read after the header.
 */
async function gridRows(bytes: Uint8Array, findings: readonly Finding[], dataRows: number): Promise<{ rows: GridRow[]; rowCount: number }> {
  const flagged = [...new Set(findings.flatMap((f) => (f.row !== undefined && f.row > GRID.rows ? [f.row] : [])))]
    .sort((a, b) => a - b)
    .slice(0, GRID.flaggedRows);
  const wanted = new Set(flagged);
  const last = flagged.at(-1) ?? GRID.rows;
  const rows: GridRow[] = [];
  const stop = new AbortController();
  const facts = await readCsvBytes(
    [bytes],
    ({ row, cells }) => {
      if (row <= GRID.rows || wanted.has(row)) rows.push({ row, cells: shownCells(cells), cellCount: cells.length });
      if (row >= last) stop.abort();
    },
    { signal: stop.signal },
  );
  return { rows, rowCount: stop.signal.aborted ? dataRows + 1 : facts.rows };
}

/** The first GRID.cells cells of a row, each cut to GRID.cellCharacters (never inside a surrogate pair) and marked with `…`. */
function shownCells(cells: readonly string[]): string[] {
  const shown: string[] = [];
  for (let i = 0; i < cells.length && i < GRID.cells; i++) {
    const cell = cells[i]!;
    if (cell.length <= GRID.cellCharacters) shown.push(cell);
    else {
      const cut = /[\uD800-\uDBFF]/.test(cell[GRID.cellCharacters - 1]!) ? GRID.cellCharacters - 1 : GRID.cellCharacters;
      shown.push(`${cell.slice(0, cut)}…`);
    }
  }
  return shown;
}
