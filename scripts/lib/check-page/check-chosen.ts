import { archiveFolder, archivePath, displayJoin, isArchiveName, nearMissId, textArchive } from '../check/archive.ts';
import { checkDataset, tablesInMemory } from '../check/check-dataset.ts';
import type { Finding } from '../check/finding.ts';
import { buildModel } from '../model/build-model.ts';
import { ALREADY_CHECKED } from '../model/pattern-safety.ts';
import type { DatasetModel, JsonSchema, TableModel } from '../model/types.ts';
import { detectDelimiter, readCsvBytes } from '../read/read-csv.ts';
import { mapHeader } from '../read/records.ts';
import { jsonReport } from '../report/json.ts';
import { planFormat, sameBytes } from '../write/plan-format.ts';
import { planRepairs } from '../write/repairs.ts';
import { GRID, READABLE } from './limits.ts';
import { sniff } from '../read/sniff.ts';
import {
  pageResult,
  type CheckPart,
  type CheckProgress,
  type FormatOutcome,
  type FormatPart,
  type GridRow,
  type Identified,
  type PageResult,
  type TableGrid,
} from './page-result.ts';

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

export type { CheckPart, CheckProgress, FormatOutcome, FormatPart, GridRow, Identified, PageResult, TableGrid, TableOutcome } from './page-result.ts';

/** The data folder as the page's findings show it, as `npm run validate` run in a clone shows `data/`. */
export const DISPLAY_DIR = 'data';

export function publishedModel(published: PublishedDataset): DatasetModel {
  // `npm run site` built its model from these very schemas, patterns checked (pattern-safety.ts).
  return buildModel(new Map(Object.entries(published.schemas)), 'the published schemas', ALREADY_CHECKED);
}

/**
 * Which table or archived text a file is: by its name, with what browsers and spreadsheets add to a
 * downloaded or saved copy left off (`allegiances (1).csv`, `Allegiances.CSV`, `actors-2.txt` saved as
 * tab-separated text), or failing that by the columns of its first line. Other `.txt` files are
 * archived texts, under their own name as `npm run validate` reads them from data/archive/: a near
 * miss of `<id>.txt` (`src-b.TXT`, `src-b (1).txt`) is taken as it is, and its finding says what to rename it to.
 */
export function identify(model: DatasetModel, chosen: ChosenFile, archiveTemplate: string | undefined): Identified {
  const name = chosen.name.replace(/^.*[\\/]/, '');
  const match = TABLE_NAME.exec(name);
  const stem = match?.[1]?.trim().toLowerCase();
  const byName = model.tables.find((t) => t.file.replace(/\.csv$/, '') === stem);
  if (byName) return { name: chosen.name, kind: 'table', file: byName.file, by: 'name' };
  const byHeader = tableByHeader(model, chosen.bytes);
  if (byHeader) return { name: chosen.name, kind: 'table', file: byHeader.file, by: 'header' };
  if (match && match[2]!.toLowerCase() === 'txt' && archiveTemplate && stem) {
    const { folder } = archiveFolder(archiveTemplate);
    const path = folder ? `${folder}/${name}` : name;
    const meant = nearMissId(name, archiveTemplate);
    return { name: chosen.name, kind: 'archive', path, ...(meant !== undefined ? { meant: archivePath(archiveTemplate, meant) } : {}) };
  }
  return leftOut(model, chosen, name);
}

/** Why a file the page does not read was left out; a workbook it cannot read (.xls, .ods, .numbers) is named as one, so that the page can say how to save it. */
function leftOut(model: DatasetModel, chosen: ChosenFile, name: string): Identified {
  const sniffed = sniff(chosen.bytes.subarray(0, 8));
  if (WORKBOOK.test(name) || /workbook/.test(sniffed.binary ?? '')) {
    return {
      name: chosen.name,
      kind: 'unknown',
      reason: 'a workbook in a format this page does not read: save it as an Excel Workbook (.xlsx), or export its sheet as CSV',
      workbook: true,
    };
  }
  return {
    name: chosen.name,
    kind: 'unknown',
    reason: `not a table of this dataset (${model.tables.map((t) => t.file).join(', ')}) nor an archived text (<id>.txt)`,
  };
}

/** The endings of the text files the page reads: a workbook is read by check-workbook.ts. */
const TEXT_EXTENSIONS = READABLE.extensions.filter((e) => e !== '.xlsx');

/** The endings of spreadsheet programs' own files. */
const WORKBOOK = /\.(xlsx|xlsm|xlsb|xls|ods|numbers)$/i;

/** The name of a table's file as browsers and spreadsheets change it, and its ending: what the page reads (see READABLE). */
const TABLE_NAME = new RegExp(`^(.*?)(?:[\\s_-]*(?:\\(\\d+\\)|-\\d+|copy))*\\.(${TEXT_EXTENSIONS.map((e) => e.slice(1)).join('|')})$`, 'i');

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

/** The data folder the chosen files make with the published data: each table's bytes and archived text, and which chosen file went where. */
interface ChosenDataset {
  readonly model: DatasetModel;
  readonly tables: Map<string, Uint8Array>;
  /** Published texts as text; chosen ones as their bytes. */
  readonly archive: Map<string, string | Uint8Array>;
  readonly identified: readonly Identified[];
  /** The chosen file's name for each table file (`actors.csv`) or archive path it was taken for. */
  readonly given: ReadonlyMap<string, string>;
}

async function chosenDataset(published: PublishedDataset, chosen: readonly ChosenFile[]): Promise<ChosenDataset> {
  const model = publishedModel(published);
  const archived = model.tables.find((t) => t.archive);
  const template = archived?.archive;
  const encoder = new TextEncoder();
  const tables = new Map<string, Uint8Array>(Object.entries(published.tables).map(([file, text]) => [file, encoder.encode(text)]));
  const archive = new Map<string, string | Uint8Array>(Object.entries(published.archive));
  const given = new Map<string, string>();
  const found = chosen.map((file) => ({ file, what: identify(model, file, template) }));
  // The ids of the rows whose texts are archived, with the chosen tables in place: a near miss is only meant for one of them.
  const chosenTable = archived && found.find(({ what }) => what.kind === 'table' && what.file === archived.file)?.file.bytes;
  const ids = archived ? await primaryKeys(archived, chosenTable ?? tables.get(archived.file)) : new Set<string>();
  const identified = found.map(({ file, what: taken }): Identified => {
    const what = taken.kind === 'archive' && taken.meant !== undefined ? meantOrLeftOut(taken, ids, archived!) : taken;
    if (what.kind === 'unknown' || what.kind === 'workbook') return what;
    const target = what.kind === 'table' ? what.file : what.path;
    // Two files for one table or text: the first is checked, and the person is told why the other is not.
    const first = given.get(target);
    if (first !== undefined) return { name: file.name, kind: 'unknown', reason: `${first} was already taken for ${target}` };
    given.set(target, file.name);
    if (what.kind === 'table') tables.set(what.file, file.bytes);
    // As bytes: the archive reader tells their encoding as the command line does.
    else archive.set(what.path, file.bytes);
    return what;
  });
  return { model, tables, archive, identified, given };
}

/** A near miss of an archived text's name is taken as meant for that text only when a row has the id; otherwise the file is left out, and why. */
function meantOrLeftOut(what: Identified & { kind: 'archive'; meant?: string }, ids: ReadonlySet<string>, table: TableModel): Identified {
  const id = nearMissId(what.path.slice(what.path.lastIndexOf('/') + 1), table.archive!);
  if (id !== undefined && ids.has(id)) return what;
  return {
    name: what.name,
    kind: 'unknown',
    reason: `not an archived text: no row of ${table.file} has the id ${id ?? ''} (an archived text is named after the id of its row, <id>.txt)`,
  };
}

/** The primary keys of a table's rows, as they stand. */
async function primaryKeys(table: TableModel, bytes: Uint8Array | undefined): Promise<Set<string>> {
  const ids = new Set<string>();
  if (!bytes) return ids;
  let at: number | undefined;
  await readCsvBytes([bytes], ({ cells, conflictMarker }) => {
    if (conflictMarker) return;
    if (at === undefined) at = cells.indexOf(table.primaryKey);
    else if (at >= 0 && cells[at]) ids.add(cells[at]!.trim());
  });
  return ids;
}

export interface CheckOptions {
  readonly fix?: boolean;
  readonly today?: number;
  /** Told which step the check is at, and in the check itself how much of the tables' bytes it has read, chunk by chunk. */
  readonly onProgress?: (progress: CheckProgress) => void;
}

/**
 * Checks the chosen files as `npm run validate` checks a data folder holding them and the rest of the
 * published data, and plans `npm run format` (with `fix`: `-- --fix`) for each chosen table: the two
 * parts the page's two workers make at once, one after the other.
 */
export async function checkChosen(published: PublishedDataset, chosen: readonly ChosenFile[], options: CheckOptions = {}): Promise<PageResult> {
  return pageResult(await checkPart(published, chosen, options), await formatPart(published, chosen, options));
}

/** The check of the chosen files, as `npm run validate` checks a data folder holding them, and the rows of each chosen table the page's grid shows. */
export async function checkPart(published: PublishedDataset, chosen: readonly ChosenFile[], options: CheckOptions = {}): Promise<CheckPart> {
  const { model, tables, archive, identified, given } = await chosenDataset(published, chosen);
  const files = tablesInMemory(DISPLAY_DIR, tables, textArchive(DISPLAY_DIR, archive));
  const total = [...tables.values()].reduce((sum, bytes) => sum + bytes.length, 0);
  const onProgress = options.onProgress;
  const report = await checkDataset({
    model,
    files,
    ...(options.today !== undefined ? { today: options.today } : {}),
    ...(onProgress ? { onProgress: ({ bytes }: { bytes: number }) => onProgress({ step: 'check', done: total ? bytes / total : 1 }) } : {}),
  });
  onProgress?.({ step: 'grid' });
  const grids: Record<string, TableGrid> = {};
  for (const table of model.tables) {
    if (!given.has(table.file)) continue;
    const file = displayJoin(DISPLAY_DIR, table.file);
    const dataRows = report.tables.find((t) => t.file === file)?.rows ?? 0;
    grids[file] = await gridRows(
      tables.get(table.file)!,
      report.findings.filter((f) => f.file === file),
      dataRows,
    );
  }
  return { identified, report, json: jsonReport(report, DISPLAY_DIR), grids };
}

/** What `npm run format` (with `fix`: `-- --fix`) makes of each chosen table: its canonical bytes, or why it refuses the table. */
export async function formatPart(published: PublishedDataset, chosen: readonly ChosenFile[], options: CheckOptions = {}): Promise<FormatPart> {
  const { model, tables, archive, given } = await chosenDataset(published, chosen);
  if (options.fix) options.onProgress?.({ step: 'repairs' });
  // The chosen archived texts, as `format --fix` reads them from data/archive/.
  const template = model.tables.find((t) => t.archive)?.archive;
  const archives = new Map<string, Uint8Array>();
  for (const [path, content] of archive)
    if (template && typeof content !== 'string' && given.has(path) && isArchiveName(path.slice(path.lastIndexOf('/') + 1), template))
      archives.set(path, content);
  const fixed = options.fix
    ? await planRepairs({ model, sources: tables, displayDir: DISPLAY_DIR, archives })
    : { repairs: [], sources: tables, archives: new Map<string, Uint8Array>() };
  options.onProgress?.({ step: 'format' });
  const plan = await planFormat({ model, displayDir: DISPLAY_DIR, sources: fixed.sources });
  const outcomes: FormatOutcome[] = [];
  for (const result of plan.results) {
    const table = model.tables.find((t) => t.name === result.table)!;
    const chosenName = given.get(table.file);
    if (chosenName === undefined || result.status === 'missing') continue;
    const shown = { table: table.name, file: result.file, chosen: chosenName, blocking: plan.blocking.filter((f) => f.file === result.file) };
    if (result.canonical === undefined) {
      outcomes.push({ ...shown, status: 'refused' });
      continue;
    }
    const canonical = result.canonical;
    // As format does: a table the repairs changed is not canonical even when the repaired bytes are.
    outcomes.push({ ...shown, status: sameBytes(tables.get(table.file)!, canonical) ? 'canonical' : 'not-canonical', canonical });
  }
  const texts = [...fixed.archives].map(([path, canonical]) => ({ file: displayJoin(DISPLAY_DIR, path), chosen: given.get(path)!, canonical }));
  const repairs = fixed.repairs.filter((repair) => outcomes.some((o) => o.file === repair.file) || texts.some((t) => t.file === repair.file));
  return { tables: outcomes, repairs, archives: texts };
}

/** Where a table's rows and cells are in what the person edited: a sheet's rows and columns for a workbook's table. */
export interface GridPlacement {
  /** The row shown for a row of the table's CSV. */
  readonly row: (row: number) => number;
  /** The row's cells in the columns shown. */
  readonly cells: (cells: readonly string[]) => readonly string[];
}

const AS_READ: GridPlacement = { row: (row) => row, cells: (cells) => cells };

/**
 * The rows of a table the grid shows (GRID): the first ones, then those with findings, read no
 * further than the last of them. `dataRows`: how many rows the check read after the header.
 */
export async function gridRows(bytes: Uint8Array, findings: readonly Finding[], dataRows: number, place: GridPlacement = AS_READ): Promise<TableGrid> {
  const flagged = [...new Set(findings.flatMap((f) => (f.row !== undefined && f.row > GRID.rows ? [f.row] : [])))]
    .sort((a, b) => a - b)
    .slice(0, GRID.flaggedRows);
  const wanted = new Set(flagged);
  const last = flagged.at(-1) ?? GRID.rows;
  const rows: GridRow[] = [];
  const stop = new AbortController();
  const facts = await readCsvBytes(
    [bytes],
    ({ row: read, cells: readCells }) => {
      const row = place.row(read);
      if (row <= GRID.rows || wanted.has(row)) {
        const cells = place.cells(readCells);
        rows.push({ row, cells: shownCells(cells), cellCount: cells.length });
      }
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
