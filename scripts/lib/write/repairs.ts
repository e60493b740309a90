import { displayJoin } from '../check/archive.ts';
import { columnLetters } from '../check/finding.ts';
import { idAsMeant } from '../check/id-as-meant.ts';
import { repairDate } from '../check/spreadsheet-damage.ts';
import { cellValue, columnValidators, type ColumnValidator } from '../model/cell-validator.ts';
import type { ColumnModel, DatasetModel, TableModel } from '../model/types.ts';
import { readCsvBytes } from '../read/read-csv.ts';
import { mapHeader } from '../read/records.ts';
import { decodeLegacy, encodeUtf8 } from '../text/legacy-encodings.ts';
import { addScores, chooseEncoding, invalidBytesByCell, scoreReadings, type FileEncoding, type ReadingScores } from '../text/legacy-file.ts';
import { restoresExactly, ungarble } from '../text/mojibake.ts';
import { blockedFiles, canonicalBytes } from './plan-format.ts';
import { detach } from '../text/detach.ts';
import { decodeArchiveText, type DecodedArchive } from '../text/archive-text.ts';
import { describeMisreadings } from '../text/mojibake.ts';

/**
 * What `npm run format -- --fix` repairs: damage that can have only one cause. Everything here takes
 * and returns bytes and values; reading and writing files is the command's job.
 */
export interface Repair {
  /** Path of the table as shown to the user. */
  readonly file: string;
  /** The cell as it stands in the file before the repair; absent for a whole-file repair. */
  readonly cell?: string;
  readonly column?: string;
  readonly kind: 'encoding' | 'garbled-text' | 'list-separator' | 'id' | 'spreadsheet-date';
  readonly before: string;
  readonly after: string;
}

export interface RepairPlan {
  readonly repairs: readonly Repair[];
  /** Every table's bytes after the repairs (unchanged ones as given). */
  readonly sources: ReadonlyMap<string, Uint8Array>;
  /** The archived texts that are repaired, by path below the data folder, with their new bytes. */
  readonly archives: ReadonlyMap<string, Uint8Array>;
}

export interface RepairOptions {
  readonly model: DatasetModel;
  /** Each table's bytes by file name; a table left out is missing. */
  readonly sources: ReadonlyMap<string, Uint8Array>;
  /** How the data directory is shown in repairs, e.g. `data`. */
  readonly displayDir: string;
  /** Archived texts by path below the data folder (`archive/x.txt`): each whose encoding can be put right with certainty is converted. */
  readonly archives?: ReadonlyMap<string, Uint8Array>;
}

/**
 * Plans the repairs: first each file that is entirely Windows-1252 or Mac Roman is converted to
 * UTF-8, then, in files whose rows map to columns, each cell that was garbled, a list typed with the
 * wrong separator or a date rewritten by a spreadsheet is restored. A file that stays blocked is
 * left as it was, conversion included, so that format changes nothing in it.
 */
export async function planRepairs(options: RepairOptions): Promise<RepairPlan> {
  const { model, displayDir } = options;
  const repairs: Repair[] = [];
  const converted = new Map<string, Uint8Array>();
  const conversions = new Map<string, Repair>();
  for (const [name, bytes] of options.sources) {
    const conversion = await convertEncoding(bytes);
    if (!conversion) {
      converted.set(name, bytes);
      continue;
    }
    converted.set(name, conversion.bytes);
    conversions.set(name, {
      file: displayJoin(displayDir, name),
      kind: 'encoding',
      before: `${conversion.encoding} (${conversion.count} ${conversion.count === 1 ? 'byte' : 'bytes'} that are not UTF-8)`,
      after: 'UTF-8',
    });
  }
  const blocked = await blockedFiles({ model, displayDir, sources: converted });
  const tables = new Map<string, { table: TableModel; bytes: Uint8Array }>();
  for (const table of model.tables) {
    const bytes = converted.get(table.file);
    if (bytes && !blocked.has(table.file)) tables.set(table.file, { table, bytes });
  }
  const ids = await knownIds(model, tables);
  const keysAsMeant = foldedKeys(model, ids);
  const validators = await columnValidators(model);
  const result = new Map(options.sources);
  for (const [name, { table, bytes }] of tables) {
    const file = displayJoin(displayDir, name);
    const conversion = conversions.get(name);
    if (conversion) repairs.push(conversion);
    const before = repairs.length;
    let columnIndex: Map<string, number> | undefined;
    // Repaired as they are read and written straight into the canonical form: the rows are never all in memory.
    const canonical = await canonicalBytes(table, bytes, ({ row, cells }, header) => {
      columnIndex ??= mapHeader(table, header);
      return repairRow(table, columnIndex, row, cells, { ids, keysAsMeant, validators: validators.get(table.name)!, file, repairs });
    });
    if (repairs.length > before) result.set(name, canonical);
    else if (conversion) result.set(name, bytes);
  }
  const archives = repairArchives(options.archives ?? new Map(), displayDir, repairs);
  return { repairs, sources: result, archives };
}

/**
 * The archived texts `--fix` converts: UTF-16, a legacy encoding its bytes read clearly as, garbled
 * text that comes back exactly, a byte order mark; each listed as a repair of the whole file.
 */
export function repairArchives(archives: ReadonlyMap<string, Uint8Array>, displayDir: string, repairs: Repair[]): Map<string, Uint8Array> {
  const repaired = new Map<string, Uint8Array>();
  for (const [path, bytes] of archives) {
    const decoded = decodeArchiveText(bytes);
    // An empty text (a byte order mark alone) is no better converted: archive-empty says what it lacks.
    if (!decoded.repaired || decoded.text?.trim() === '') continue;
    repaired.set(path, decoded.repaired);
    repairs.push({ file: displayJoin(displayDir, path), kind: 'encoding', before: encodingBefore(decoded), after: 'UTF-8' });
  }
  return repaired;
}

/** How an archived text was encoded, as the list of repairs says it. */
function encodingBefore({ problem, bom }: DecodedArchive): string {
  const mark = bom ? ' with a byte order mark' : '';
  switch (problem?.kind) {
    case 'utf16':
      return problem.encoding;
    case 'legacy':
      return `${problem.encoding} (${problem.bytes} ${problem.bytes === 1 ? 'byte' : 'bytes'} that are not UTF-8)`;
    case 'garbled':
      return `UTF-8${mark} garbled by being ${describeMisreadings(problem.found)} and saved again (${problem.lines} ${problem.lines === 1 ? 'line' : 'lines'})`;
    default:
      return `UTF-8${mark}`;
  }
}

/** A file entirely in one legacy encoding (no UTF-8 beyond ASCII in it, and the encoding clear), converted to UTF-8. */
export async function convertEncoding(bytes: Uint8Array): Promise<{ bytes: Uint8Array; encoding: FileEncoding; count: number } | undefined> {
  const scores: ReadingScores = { 'Windows-1252': 0, 'Mac Roman': 0 };
  const facts = await readCsvBytes([bytes], ({ cells, invalidBytes }) => {
    if (invalidBytes) for (const { cell, bytes: invalid } of invalidBytesByCell(cells, invalidBytes)) addScores(scores, scoreReadings(cell, invalid));
  });
  if (facts.invalidByteCount === 0 || facts.multiByteUtf8 || facts.encoding !== 'utf-8') return undefined;
  const encoding = chooseEncoding(scores);
  return encoding && { bytes: encodeUtf8(decodeLegacy(bytes, encoding)), encoding, count: facts.invalidByteCount };
}

/** The primary keys of every table, by table name, as they stand in the files. */
async function knownIds(model: DatasetModel, tables: ReadonlyMap<string, { table: TableModel; bytes: Uint8Array }>): Promise<Map<string, Set<string>>> {
  const ids = new Map<string, Set<string>>();
  for (const { table, bytes } of tables.values()) {
    const keys = new Set<string>();
    let at: number | undefined;
    await readCsvBytes([bytes], ({ cells }) => {
      if (at === undefined) at = cells.indexOf(table.primaryKey);
      else if (at >= 0) keys.add(detach(cells[at]?.trim() ?? ''));
    });
    ids.set(table.name, keys);
  }
  for (const table of model.tables) if (!ids.has(table.name)) ids.set(table.name, new Set());
  return ids;
}

/**
 * The primary keys typed as names (`Islamic-State`) that `--fix` writes as the id they stand for, by
 * table: only where no other row has that id and no other key stands for it. The ids are added to
 * `ids`, so that references typed either way are written as the id too.
 */
function foldedKeys(model: DatasetModel, ids: Map<string, Set<string>>): Map<string, Map<string, string>> {
  const folded = new Map<string, Map<string, string>>();
  for (const table of model.tables) {
    const pattern = table.columns.find((c) => c.name === table.primaryKey)?.pattern;
    const keys = ids.get(table.name);
    if (pattern === undefined || !keys) continue;
    const form = new RegExp(pattern, 'u');
    const standFor = new Map<string, string[]>();
    for (const key of keys) {
      const meant = idAsMeant(key, form);
      if (meant !== undefined && !keys.has(meant)) standFor.set(meant, [...(standFor.get(meant) ?? []), key]);
    }
    const fold = new Map<string, string>();
    for (const [meant, typed] of standFor) if (typed.length === 1) fold.set(typed[0]!, meant);
    for (const meant of fold.values()) keys.add(meant);
    folded.set(table.name, fold);
  }
  return folded;
}

interface RowRepairs {
  readonly ids: ReadonlyMap<string, ReadonlySet<string>>;
  /** Primary keys typed as names, by table, and the id each is written as. */
  readonly keysAsMeant: ReadonlyMap<string, ReadonlyMap<string, string>>;
  readonly validators: ReadonlyMap<string, ColumnValidator>;
  readonly file: string;
  /** Where each repair made is listed. */
  readonly repairs: Repair[];
}

/** The cells of one data row (spreadsheet row `row`) with their repairs made, each listed. */
function repairRow(table: TableModel, columnIndex: ReadonlyMap<string, number>, row: number, cells: readonly string[], into: RowRepairs): readonly string[] {
  let repaired: string[] | undefined;
  for (const column of table.columns) {
    const index = columnIndex.get(column.name);
    const cell = index === undefined ? undefined : cells[index];
    if (!cell) continue;
    const key = column.name === table.primaryKey ? into.keysAsMeant.get(table.name)?.get(cell.trim()) : undefined;
    const repair = key !== undefined ? { kind: 'id' as const, after: key } : repairCell(column, cell, into.ids, into.validators.get(column.name)!);
    if (!repair) continue;
    (repaired ??= [...cells])[index!] = repair.after;
    into.repairs.push({ file: into.file, cell: `${columnLetters(index!)}${row}`, column: column.name, kind: repair.kind, before: cell, after: repair.after });
  }
  return repaired ?? cells;
}

/** The one repair a cell can have, if any. */
export function repairCell(
  column: ColumnModel,
  cell: string,
  ids: ReadonlyMap<string, ReadonlySet<string>>,
  validate: ColumnValidator,
): { kind: Repair['kind']; after: string } | undefined {
  const found = ungarble(cell);
  if (found && restoresExactly(cell, found)) return { kind: 'garbled-text', after: found.original };
  if (column.list && /[,;]/.test(cell)) {
    const items = cell.split(/\s*[,;]\s*/);
    const valid = (item: string): boolean =>
      column.references
        ? column.references.some((table) => ids.get(table)?.has(item))
        : isConstrained(column) && validate(cellValue(column, item)).length === 0;
    if (items.length > 1 && items.every((item) => item !== '' && valid(item))) return { kind: 'list-separator', after: items.join('|') };
  }
  const id = column.references ? idsAsMeant(column, cell, ids) : undefined;
  if (id !== undefined) return { kind: 'id', after: id };
  if (column.date && validate(cellValue(column, cell)).length > 0) {
    const date = column.list ? undefined : repairDate(cell);
    if (date) return { kind: 'spreadsheet-date', after: date };
  }
  return undefined;
}

/**
 * A reference (or list of them) with each item that is not in the form of an id but stands for the id
 * of exactly one row (`Islamic-State` for `islamic-state`, `jabhat_al_nusra` for `jabhat-al-nusra`)
 * written as that id; undefined when no item changes.
 */
function idsAsMeant(column: ColumnModel, cell: string, ids: ReadonlyMap<string, ReadonlySet<string>>): string | undefined {
  if (column.pattern === undefined) return undefined;
  const form = new RegExp(column.pattern, 'u');
  let changed = false;
  const items = (column.list ? cell.split('|') : [cell]).map((item) => {
    const meant = idAsMeant(item, form);
    if (meant === undefined || column.references!.filter((table) => ids.get(table)?.has(meant)).length !== 1) return item;
    changed = true;
    return meant;
  });
  return changed ? items.join('|') : undefined;
}

/** A column whose items must have a form (a pattern, a list of values, a date), unlike free text: only such lists are split. */
function isConstrained(column: ColumnModel): boolean {
  return column.pattern !== undefined || column.enumValues !== undefined || column.date;
}
