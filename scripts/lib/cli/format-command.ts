import { join, resolve } from 'node:path';
import * as terminal from '../escape/terminal.ts';
import { showDifference } from '../check/finding.ts';
import { loadModel } from '../model/load-model.ts';
import { FileChangedError, type AtomicWriteOptions } from '../write/atomic-write.ts';
import { planFormat, readArchives, readTables, sameBytes, writeTables, type FormatStatus, type TableRewrite } from '../write/format-dataset.ts';
import { planRepairs, repairArchives, type Repair } from '../write/repairs.ts';
import { notCanonicalBecause } from '../write/canonical-difference.ts';
import { textReport } from '../report/text.ts';
import { parseCommandArgs } from './args.ts';
import { isExpectedError } from './known-errors.ts';
import { EXIT_DATA_ERRORS, EXIT_OK, EXIT_USAGE_OR_IO, type CommandIO } from './io.ts';
import { displayPath, isDirectory, wantsColor } from './paths.ts';

export const FORMAT_USAGE = `Usage: npm run format -- [--check] [--fix] [--data DIR]

Rewrites each table in DIR (default: data) into canonical form: UTF-8 without BOM, LF line endings,
a final newline, columns in schema order, rows sorted by id, cells trimmed and NFC-normalised,
quotes only where needed. Files with structural errors are left alone and the errors reported.
  --fix       also repair what can have only one cause, listing each repair first: a file entirely
              in Windows-1252 or Mac Roman, text garbled by a wrong character set, list items
              separated by , or ; instead of |, ids typed with capitals, _ or spaces that stand for
              the id of one row (Islamic-State for islamic-state), spreadsheet day numbers, Dec-13
              months, dates with a time and 2014/11/24 dates; and archived texts that are UTF-16,
              Windows-1252 or Mac Roman, garbled, or start with a byte order mark
  --check     write nothing; exit 1 and name the files that are not canonical, and how each differs
              (with --fix: or that have repairs to make)
  --data DIR  directory with the CSV tables (default: data)
`;

/** `beforeReplace` is called with each table's path just before it is replaced: tests change the file there. */
export async function formatCommand(argv: string[], io: CommandIO, hooks: Pick<AtomicWriteOptions, 'beforeReplace'> = {}): Promise<number> {
  const parsed = parseCommandArgs(argv, io, FORMAT_USAGE, {
    check: { type: 'boolean', default: false },
    fix: { type: 'boolean', default: false },
    data: { type: 'string', default: 'data' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const dataDir = resolve(io.cwd, values.data);
  if (!isDirectory(dataDir)) {
    io.stderr(`Data directory ${terminal.text(values.data)} does not exist or is not a directory.\n`);
    return EXIT_USAGE_OR_IO;
  }
  try {
    const model = loadModel(resolve(io.cwd, 'schemas'));
    const displayDir = displayPath(io.cwd, dataDir);
    const tables = readTables(model, dataDir);
    const archives = readArchives(model, dataDir);
    // Archived texts are replaced with the tables, each only if unchanged since it was read.
    const original = { ...tables, stamps: new Map([...tables.stamps, ...archives.stamps]) };
    const fixed = values.fix
      ? await planRepairs({ model, sources: original.bytes, displayDir, archives: archives.bytes })
      : { repairs: [], sources: original.bytes, archives: new Map<string, Uint8Array>() };
    const plan = await planFormat({ model, displayDir, sources: fixed.sources, links: original.links });
    if (fixed.repairs.length) io.stdout(repairList(fixed.repairs, values.check));
    const rewrites: TableRewrite[] = [];
    const statuses = plan.results.map((result) => {
      const file = model.tables.find((t) => t.name === result.table)!.file;
      const wanted = result.canonical;
      const changed = wanted !== undefined && !sameBytes(original.bytes.get(file)!, wanted);
      const status: FormatStatus = result.status === 'not-canonical' || changed ? 'not-canonical' : result.status;
      if (status !== 'not-canonical' || values.check) return status;
      rewrites.push({ file, shown: result.file, content: wanted! });
      return 'rewritten';
    });
    const archiveLines: string[] = values.fix ? [] : convertible(archives.bytes, displayDir);
    for (const [file, content] of fixed.archives) {
      const shown = join(displayDir, file);
      archiveLines.push(`${terminal.text(shown)}: ${values.check ? 'has repairs to make' : 'repaired'}`);
      if (!values.check) rewrites.push({ file, shown, content });
    }
    try {
      writeTables(dataDir, original, rewrites, hooks);
    } catch (error) {
      if (!(error instanceof FileChangedError)) throw error;
      io.stderr(
        `${terminal.text(error.path)} was changed by another program while format was running, so format wrote nothing. Run \`npm run format\` again once that program is done with the file.\n`,
      );
      return EXIT_USAGE_OR_IO;
    }
    const pending = statuses.includes('not-canonical') || (values.check && fixed.archives.size > 0);
    const lines = plan.results.map((result, i) => {
      const status = statuses[i]!;
      const repaired = fixed.repairs.some((r) => r.file === result.file);
      const described =
        status === 'not-canonical' && result.canonical
          ? notCanonicalBecause(original.bytes.get(model.tables.find((t) => t.name === result.table)!.file)!, result.canonical)
          : DESCRIBE[status];
      return `${terminal.text(result.file)}: ${repaired ? (status === 'rewritten' ? 'repaired and rewritten in canonical form' : 'has repairs to make') : terminal.text(described)}`;
    });
    io.stdout(`${[...lines, ...archiveLines].join('\n')}\n`);
    if (plan.blocking.length) {
      const counts = { error: plan.blocking.length, warning: 0, info: 0 };
      io.stderr(`\nThese files were not rewritten because of structural errors; fix them first:\n\n`);
      io.stderr(textReport({ findings: plan.blocking, omitted: [], counts, tables: [] }, { color: wantsColor(io), summary: false }));
    }
    const failed = pending || plan.results.some((r) => r.status === 'refused' || r.status === 'missing');
    if (values.check && pending) io.stderr(`\nRun \`npm run format${values.fix ? ' -- --fix' : ''}\` to rewrite them.\n`);
    return failed ? EXIT_DATA_ERRORS : EXIT_OK;
  } catch (error) {
    if (isExpectedError(error) || (error as NodeJS.ErrnoException).code) {
      io.stderr(`${terminal.text((error as Error).message)}\n`);
      return EXIT_USAGE_OR_IO;
    }
    throw error;
  }
}

/** Without --fix, a line for each archived text that `--fix` converts, which plain format leaves as it is (format's canonical form is the tables'). */
function convertible(archives: ReadonlyMap<string, Uint8Array>, displayDir: string): string[] {
  const found: Repair[] = [];
  repairArchives(archives, displayDir, found);
  return found.map(({ file, before }) => terminal.text(`${file}: in ${before}, left as it is; \`npm run format -- --fix\` converts it to UTF-8`));
}

/** The repairs, one a line: file, cell and column, before → after (each line one line of terminal text). */
export function repairList(repairs: readonly Repair[], check: boolean): string {
  const lines = repairs.map(({ file, cell, column, kind, before, after }) =>
    terminal.text(
      kind === 'encoding' ? `  ${file}: converted from ${before} to ${after}` : `  ${file} ${cell} (${column}): ${showDifference(before, after).join(' → ')}`,
    ),
  );
  const count = `${repairs.length} ${repairs.length === 1 ? 'repair' : 'repairs'}`;
  return `${check ? `${count} to make (nothing written):` : `${count}:`}\n${lines.join('\n')}\n\n`;
}

const DESCRIBE = {
  canonical: 'already canonical',
  rewritten: 'rewritten in canonical form',
  'not-canonical': 'not in canonical form',
  refused: 'NOT rewritten: structural errors (below)',
  missing: 'missing',
} as const;
