import { readFileSync, writeFileSync as writeText } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { formatCommand } from '../scripts/lib/cli/format-command.ts';
import { validateCommand } from '../scripts/lib/cli/validate-command.ts';
import type { ColumnModel, TableModel } from '../scripts/lib/model/types.ts';
import { csvLine } from '../scripts/lib/write/canonical-csv.ts';
import { allegianceRow as row, allegiances, BASE_FIXTURE, MODEL } from './helpers/fixtures.ts';
import { runIn, scratchRepo, type ScratchRepo } from './helpers/repo.ts';

/** A column any text may go in: no pattern, vocabulary, date, reference or list, and not the id. */
const freeText = (table: TableModel): ColumnModel =>
  table.columns.find((c) => c.name !== table.primaryKey && !c.pattern && !c.enumValues && !c.date && !c.references && !c.list && !c.required) ??
  table.columns.find((c) => c.name !== table.primaryKey && !c.pattern && !c.enumValues && !c.date && !c.references && !c.list)!;

/** The table's text with one cell of one data row (1 = the first) set to `text`. */
function withCell(csv: string, table: TableModel, dataRow: number, text: string): string {
  const rows = Papa.parse<string[]>(csv.trimEnd(), { header: false }).data;
  const at = rows[0]!.indexOf(freeText(table).name);
  rows[dataRow]![at] = text;
  return `${rows.map((cells) => csvLine(cells)).join('\n')}\n`;
}

/** Two branches that change the same cells of every table differently, merged: git leaves a conflict in each table. */
async function conflictedRepo(edit: (table: TableModel, csv: string, side: 'ours' | 'theirs') => string): Promise<ScratchRepo> {
  const repo = await scratchRepo(BASE_FIXTURE);
  const change = (side: 'ours' | 'theirs'): void => {
    for (const table of MODEL.tables) {
      const path = join(repo.dir, 'data', table.file);
      writeText(path, edit(table, readFileSync(path, 'utf8'), side));
    }
    repo.commitAll(side);
  };
  repo.git('checkout', '-q', '-b', 'feature');
  change('theirs');
  repo.git('checkout', '-q', 'main');
  change('ours');
  expect(() => repo.git('merge', '-q', 'feature')).toThrow();
  return repo;
}

describe('a merge conflict git left in a table', () => {
  it('in every table: one merge-conflict per region, nothing else on the marker rows, and format refuses the files, with or without --fix', async () => {
    const repo = await conflictedRepo((table, csv, side) => withCell(csv, table, 1, `${side === 'ours' ? 'Changed on main' : 'Changed on the branch'}`));
    expect(repo.git('diff', '--name-only', '--diff-filter=U').trim().split('\n').sort()).toEqual(MODEL.tables.map((t) => `data/${t.file}`).sort());
    const before = new Map(MODEL.tables.map((t) => [t.file, readFileSync(join(repo.dir, 'data', t.file))]));
    for (const [file, bytes] of before) {
      // As git wrote it: the first data row twice, between the three markers.
      expect(bytes.toString('utf8').split('\n').slice(1, 6)).toEqual([
        '<<<<<<< HEAD',
        expect.stringContaining('Changed on main'),
        '=======',
        expect.stringContaining('Changed on the branch'),
        '>>>>>>> feature',
      ]);
      expect(file).toMatch(/\.csv$/);
    }
    const { code, stdout } = await runIn(validateCommand, repo.dir, '--format', 'json');
    expect(code).toBe(1);
    const findings = JSON.parse(stdout).findings as { code: string; file: string; row?: number; cell?: string; message: string }[];
    const conflicts = findings.filter((f) => f.code === 'merge-conflict');
    expect(conflicts.map((f) => [f.file, f.row, f.cell, f.message])).toEqual(
      [...MODEL.tables]
        .sort((x, y) => x.file.localeCompare(y.file))
        .map((t) => [
          `data/${t.file}`,
          2,
          'A2',
          "Rows 2–6 are a merge conflict that git left in the file: row 3 is one side's (`HEAD`) and row 5 the other side's (`feature`), between the marker rows 2, 4 and 6.",
        ]),
    );
    // The marker rows give nothing else; the rows of each side are checked as rows, and the row both sides changed is no duplicate id.
    expect(findings.filter((f) => f.code !== 'merge-conflict').map((f) => [f.code, f.file, f.row])).toEqual([]);
    for (const args of [[], ['--fix'], ['--fix', '--check'], ['--check']]) {
      const formatted = await runIn(formatCommand, repo.dir, ...args);
      expect(formatted.code, args.join(' ')).toBe(1);
      for (const table of MODEL.tables) expect(formatted.stdout).toContain(`data/${table.file}: NOT rewritten: structural errors (below)`);
      expect(formatted.stderr).toContain('merge-conflict');
      for (const [file, bytes] of before) expect(readFileSync(join(repo.dir, 'data', file)).equals(bytes), `${args.join(' ')} ${file}`).toBe(true);
    }
  }, 120_000);

  it('several regions in one table, in the diff3 style too: each region is one finding with its sides and labels', async () => {
    const base = allegiances(...Array.from({ length: 8 }, (_, i) => row({ id: `row-${i}`, role: 'amir' })));
    const repo = await scratchRepo(BASE_FIXTURE);
    const path = join(repo.dir, 'data', 'allegiances.csv');
    writeText(path, base);
    repo.commitAll('eight rows');
    repo.git('config', 'merge.conflictStyle', 'diff3');
    const setRoles = (roles: Record<string, string>): string =>
      base.replace(/^(row-\d)(,[^,]*,[^,]*,[^,]*,)amir/gm, (_line, id: string, rest: string) => `${id}${rest}${roles[id] ?? 'amir'}`);
    repo.git('checkout', '-q', '-b', 'other-side');
    writeText(path, setRoles({ 'row-0': 'emir', 'row-7': 'leader' }));
    repo.commitAll('theirs');
    repo.git('checkout', '-q', 'main');
    writeText(path, setRoles({ 'row-0': 'commander', 'row-7': 'deputy' }));
    repo.commitAll('ours');
    expect(() => repo.git('merge', '-q', 'other-side')).toThrow();
    const { stdout } = await runIn(validateCommand, repo.dir, '--format', 'json');
    const findings = JSON.parse(stdout).findings as { code: string; row?: number; message: string; hint?: string }[];
    const conflicts = findings.filter((f) => f.code === 'merge-conflict');
    const lines = readFileSync(path, 'utf8').split('\n');
    const markerRows = lines.flatMap((line, i) => (/^(<{7}|\|{7}|={7}|>{7})/.test(line) ? [i + 1] : []));
    expect(markerRows).toHaveLength(8);
    const [a, b, c, d, e, f, g, h] = markerRows as [number, number, number, number, number, number, number, number];
    expect(conflicts.map((x) => [x.row, x.message, x.hint])).toEqual([
      [
        a,
        `Rows ${a}–${d} are a merge conflict that git left in the file: row ${a + 1} is one side's (\`HEAD\`), row ${b + 1} how they were before (\`${lines[b - 1]!.slice(8)}\`) and row ${c + 1} the other side's (\`other-side\`), between the marker rows ${a}, ${b}, ${c} and ${d}.`,
        expect.stringContaining(`and delete row ${b + 1} (how they were before) and the marker rows ${a}, ${b}, ${c} and ${d}.`),
      ],
      [e, expect.stringMatching(new RegExp(`^Rows ${e}–${h} are a merge conflict`)), expect.stringContaining(`the marker rows ${e}, ${f}, ${g} and ${h}.`)],
    ]);
    expect(findings.filter((x) => x.code !== 'merge-conflict' && markerRows.includes(x.row ?? 0))).toEqual([]);
  }, 120_000);

  it('a region never closed, and a lone ======= outside any region, which is a marker left behind', async () => {
    const repo = await scratchRepo(BASE_FIXTURE);
    writeText(join(repo.dir, 'data', 'allegiances.csv'), allegiances('=======', '<<<<<<< HEAD', row({})));
    const { stdout } = await runIn(validateCommand, repo.dir, '--format', 'json');
    const findings = JSON.parse(stdout).findings as { code: string; row?: number; cell?: string; message: string; hint?: string }[];
    expect(findings.filter((f) => f.code === 'merge-conflict').map((f) => [f.row, f.cell, f.message, f.hint])).toEqual([
      [
        5,
        'A5',
        'Row 5 is a `=======` line that git writes in a merge conflict, left behind without the `<<<<<<<` row that starts one.',
        'Delete row 5, and check that the rows around it are the ones you mean to keep: the rest of the conflict was resolved.',
      ],
      [
        6,
        'A6',
        'Row 6 starts a merge conflict (`<<<<<<< HEAD`) that is never closed: the `=======` and `>>>>>>>` rows git writes are missing after it.',
        'Delete the marker row 6, and check that the rows after it are the ones you mean to keep.',
      ],
    ]);
    // The marker rows get no other finding (the lone ======= is no formula).
    expect(findings.filter((f) => (f.row === 5 || f.row === 6) && f.code !== 'merge-conflict')).toEqual([]);
  });

  it('following the hint of a conflict never closed leaves no marker behind: the hint names every marker row, and a lone ======= still stops format', async () => {
    const repo = await scratchRepo(BASE_FIXTURE);
    const path = join(repo.dir, 'data', 'allegiances.csv');
    // The >>>>>>> row deleted by hand, the rest left.
    writeText(path, allegiances('<<<<<<< HEAD', row({ role: 'amir' }), '=======', row({ role: 'emir' })));
    const first = await conflictFindings(repo.dir);
    expect(first.map((f) => [f.code, f.row, f.cell, f.message, f.hint])).toEqual([
      [
        'merge-conflict',
        5,
        'A5',
        'Row 5 starts a merge conflict (`<<<<<<< HEAD`) that is never closed: the `>>>>>>>` row that ends it is missing after it.',
        'Delete the marker rows 5 and 7, and check that the rows after it are the ones you mean to keep.',
      ],
    ]);
    // Only the first marker deleted (what the old hint said): the ======= is a marker still.
    writeText(path, allegiances(row({ role: 'amir' }), '=======', row({ id: 'other-row', role: 'emir' })));
    expect((await conflictFindings(repo.dir)).map((f) => [f.code, f.file, f.row, f.cell, f.message])).toEqual([
      [
        'merge-conflict',
        'data/allegiances.csv',
        6,
        'A6',
        'Row 6 is a `=======` line that git writes in a merge conflict, left behind without the `<<<<<<<` row that starts one.',
      ],
    ]);
    await expectRefused({ ...repo, path });
    // A >>>>>>> or ||||||| left alone is one too.
    writeText(path, allegiances(row({}), '>>>>>>> feature', '||||||| base'));
    expect((await conflictFindings(repo.dir)).map((f) => [f.row, f.message])).toEqual([
      [6, 'Row 6 is a `>>>>>>> feature` line that git writes in a merge conflict, left behind without the `<<<<<<<` row that starts one.'],
      [7, 'Row 7 is a `||||||| base` line that git writes in a merge conflict, left behind without the `<<<<<<<` row that starts one.'],
    ]);
  });
});

/** A repository whose allegiances.csv has a notes cell over two lines, `edit`ed differently on two branches and merged: git's markers land inside the cell. */
async function cellConflict(edit: (notes: string, side: 'ours' | 'theirs') => string): Promise<ScratchRepo & { path: string }> {
  const repo = await scratchRepo(BASE_FIXTURE);
  const path = join(repo.dir, 'data', 'allegiances.csv');
  const notes = 'first line\nsecond line';
  const write = (text: string): void => writeText(path, allegiances(row({ notes: text })));
  write(notes);
  repo.commitAll('a note over two lines');
  repo.git('checkout', '-q', '-b', 'feature');
  write(edit(notes, 'theirs'));
  repo.commitAll('theirs');
  repo.git('checkout', '-q', 'main');
  write(edit(notes, 'ours'));
  repo.commitAll('ours');
  expect(() => repo.git('merge', '-q', 'feature')).toThrow();
  return { ...repo, path };
}

async function conflictFindings(dir: string) {
  const { code, stdout } = await runIn(validateCommand, dir, '--format', 'json');
  expect(code).toBe(1);
  const findings = JSON.parse(stdout).findings as {
    code: string;
    severity: string;
    file: string;
    row?: number;
    column?: string;
    cell?: string;
    message: string;
    hint?: string;
  }[];
  return findings.filter((f) => f.severity === 'error');
}

async function expectRefused(repo: ScratchRepo & { path: string }): Promise<void> {
  const before = readFileSync(repo.path);
  for (const args of [[], ['--check'], ['--fix'], ['--fix', '--check']]) {
    const formatted = await runIn(formatCommand, repo.dir, ...args);
    expect(formatted.code, args.join(' ')).toBe(1);
    expect(formatted.stdout).toContain('data/allegiances.csv: NOT rewritten: structural errors (below)');
    expect(formatted.stderr).toContain('merge-conflict');
    expect(readFileSync(repo.path).equals(before)).toBe(true);
  }
}

describe('rows on the two sides of one conflict', () => {
  it('the header changed on both sides: merge-conflict only, nothing on the header of the other side', async () => {
    const repo = await scratchRepo(BASE_FIXTURE);
    const path = join(repo.dir, 'data', 'allegiances.csv');
    const [header, ...rest] = allegiances().split('\n');
    const renamed = header!.replace('notes', 'note');
    writeText(path, ['<<<<<<< HEAD', header, '=======', renamed, '>>>>>>> feature', ...rest].join('\n'));
    const findings = await conflictFindings(repo.dir);
    expect(findings.map((f) => [f.code, f.file, f.row, f.cell, f.message])).toEqual([
      [
        'merge-conflict',
        'data/allegiances.csv',
        1,
        'A1',
        "Rows 1–5 are a merge conflict that git left in the file: row 2 is one side's (`HEAD`) and row 4 the other side's (`feature`), between the marker rows 1, 3 and 5.",
      ],
    ]);
  });

  it('a row both sides changed is not a duplicate id, but a row of the same id outside the conflict is', async () => {
    const repo = await scratchRepo(BASE_FIXTURE);
    const path = join(repo.dir, 'data', 'allegiances.csv');
    writeText(path, allegiances('<<<<<<< HEAD', row({ role: 'amir' }), '=======', row({ role: 'emir' }), '>>>>>>> feature', row({ role: 'leader' })));
    expect((await conflictFindings(repo.dir)).map((f) => [f.code, f.row, f.cell, f.message])).toEqual([
      [
        'merge-conflict',
        5,
        'A5',
        "Rows 5–9 are a merge conflict that git left in the file: row 6 is one side's (`HEAD`) and row 8 the other side's (`feature`), between the marker rows 5, 7 and 9.",
      ],
      ['duplicate-id', 10, 'A10', '`new-row` is already the id of row 6.'],
    ]);
  });
});

describe('a merge conflict inside a quoted cell that spans lines (git writes its markers as whole lines)', () => {
  it('the second line of the cell changed on both sides: one finding, on the cell that holds the markers, and format refuses the file', async () => {
    const repo = await cellConflict((notes, side) => notes.replace('second line', `second line ${side}`));
    expect(readFileSync(repo.path, 'utf8').split('\n').slice(4, 10)).toEqual([
      expect.stringMatching(/,"first line$/),
      '<<<<<<< HEAD',
      'second line ours"',
      '=======',
      'second line theirs"',
      '>>>>>>> feature',
    ]);
    expect((await conflictFindings(repo.dir)).map((f) => [f.code, f.file, f.row, f.column, f.cell, f.message, f.hint])).toEqual([
      [
        'merge-conflict',
        'data/allegiances.csv',
        5,
        'notes',
        'K5',
        "Lines 6–10 are a merge conflict that git left in the file, partly inside a quoted cell of row 5: line 7 is one side's (`HEAD`) and line 9 the other side's (`feature`), between the marker lines 6, 8 and 10.",
        'A spreadsheet shows these lines inside a cell: open the file in a text editor, keep the lines of the side that is right, delete the marker lines 6, 8 and 10, and check that the cell still opens and closes with its double quote. `npm run format` leaves the file alone until then. In git, then `git add` the file and commit to finish the merge.',
      ],
    ]);
    await expectRefused(repo);
  }, 120_000);

  it('resolved by hand with a ======= left inside the cell: a leftover marker, on that cell, by its line', async () => {
    const repo = await cellConflict((notes, side) => notes.replace('second line', `second line ${side}`));
    writeText(repo.path, allegiances(row({ notes: 'first line\n=======\nsecond line ours' })));
    expect((await conflictFindings(repo.dir)).map((f) => [f.code, f.file, f.row, f.cell, f.message, f.hint])).toEqual([
      [
        'merge-conflict',
        'data/allegiances.csv',
        5,
        'K5',
        'Line 6, inside a quoted cell of row 5, is a `=======` line that git writes in a merge conflict, left behind without the `<<<<<<<` line that starts one.',
        'Delete line 6 in a text editor, and check that the cell around it is the text you mean to keep: the rest of the conflict was resolved.',
      ],
    ]);
    await expectRefused(repo);
  }, 120_000);

  it('the first line of the cell changed on both sides: the conflict is closed, and no quote finding comes from its lines', async () => {
    const repo = await cellConflict((notes, side) => notes.replace('first line', `first line ${side}`));
    expect(readFileSync(repo.path, 'utf8').split('\n').slice(4, 10)).toEqual([
      '<<<<<<< HEAD',
      expect.stringMatching(/,"first line ours$/),
      '=======',
      expect.stringMatching(/,"first line theirs$/),
      '>>>>>>> feature',
      'second line"',
    ]);
    expect((await conflictFindings(repo.dir)).map((f) => [f.code, f.file, f.row, f.cell, f.message])).toEqual([
      [
        'merge-conflict',
        'data/allegiances.csv',
        5,
        'A5',
        "Lines 5–9 are a merge conflict that git left in the file, partly inside a quoted cell of row 6: line 6 is one side's (`HEAD`) and line 8 the other side's (`feature`), between the marker lines 5, 7 and 9.",
      ],
    ]);
    await expectRefused(repo);
  }, 120_000);
});
