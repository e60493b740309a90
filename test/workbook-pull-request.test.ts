import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCommand } from '../scripts/lib/cli/import-command.ts';
import type { CommandIO } from '../scripts/lib/cli/io.ts';
import { refreshCommand } from '../scripts/lib/cli/refresh-command.ts';
import { validateCommand } from '../scripts/lib/cli/validate-command.ts';
import { csvRecords, MODEL, REPO } from './helpers/fixtures.ts';
import { runIn, upToDateRepo, type ScratchRepo } from './helpers/repo.ts';
import { cellRef, releaseBookOf, withCellTexts } from './helpers/workbook-import.ts';

/**
 * The pull request's workbook flow, as the workflow runs it (.github/workflows/validate.yml): a
 * contributor commits `data/contributions/NAME.xlsx`; the first job checks it (`npm run import --
 * --contributions --check --format github`: annotations on the workbook's cells, the findings and the
 * changes in the job summary); after the merge the job that refreshes derived files
 * (`npm run refresh -- --commit`) imports it into data/ and removes it, in one commit.
 */

/** The release workbook of the repository's data with one allegiance added (another row's values under a new id) and `cells` typed over it. */
async function contribution(dir: string, cells: Record<string, string> = {}): Promise<{ book: Uint8Array; id: string }> {
  const table = MODEL.tables.find((t) => t.name === 'allegiances')!;
  const rows = csvRecords(join(dir, 'data', table.file));
  const id = `${rows[0]!.id}-again`;
  const added = Object.fromEntries(
    table.columns
      .map((c) => [c.name, c.name === 'id' ? id : (rows[0]![c.name] ?? '')] as const)
      .filter(([, text]) => text !== '')
      .map(([column, text]) => [cellRef(table.name, column, rows.length), text]),
  );
  return { book: withCellTexts(await releaseBookOf(join(dir, 'data')), table.name, { ...added, ...cells }), id };
}

function commitContribution(repo: ScratchRepo, name: string, book: Uint8Array): string {
  mkdirSync(join(repo.dir, 'data', 'contributions'), { recursive: true });
  writeFileSync(join(repo.dir, 'data', 'contributions', name), book);
  repo.commitAll(`contribution ${name}`);
  return `data/contributions/${name}`;
}

describe('a workbook in a pull request', () => {
  it('the first job: validate leaves the workbook alone; import --contributions --check annotates its cells and writes nothing', async () => {
    const repo = await upToDateRepo();
    const { book } = await contribution(repo.dir, { [cellRef('allegiances', 'target_id', 0)]: 'nobody-at-all' });
    const path = commitContribution(repo, 'new-rows.xlsx', book);
    expect((await runIn(validateCommand, repo.dir)).code).toBe(0);

    const run = await runIn(importCommand, repo.dir, '--contributions', '--check', '--format', 'github');
    expect(run.code, run.stdout).toBe(1);
    const cell = cellRef('allegiances', 'target_id', 0);
    expect(run.stdout).toMatch(new RegExp(`^::error file=${path.replace(/\./g, '\\.')},title=[^:]*::.*nobody-at-all`, 'm'));
    expect(run.stdout).toContain(`allegiances!${cell}`);
    expect(repo.git('status', '--porcelain')).toBe('');

    // The job summary: the findings, by sheet and cell.
    let summary = '';
    const io: CommandIO = {
      cwd: repo.dir,
      env: { NO_COLOR: '1', GITHUB_STEP_SUMMARY: 'summary.md' },
      stdout: () => {},
      stderr: () => {},
      stdoutIsTTY: false,
      appendFile: (_path, text) => void (summary += text),
    };
    expect(await importCommand(['--contributions', '--check', '--format', 'github'], io)).toBe(1);
    expect(summary).toContain(path);
    expect(summary).toContain(`allegiances!${cell}`);
    expect(summary).toContain('nobody-at-all');
  });

  it('a valid workbook: the first job lists what it adds; after the merge refresh imports it, removes it and commits both at once', async () => {
    const repo = await upToDateRepo();
    const { book, id } = await contribution(repo.dir);
    const path = commitContribution(repo, 'new-rows.xlsx', book);

    const checked = await runIn(importCommand, repo.dir, '--contributions', '--check');
    expect(checked.code, checked.stdout).toBe(0);
    expect(checked.stdout).toContain(`+ added ${id}:`);
    expect(checked.stdout).toContain(`Nothing written (--check); the import would rewrite data/allegiances.csv.`);
    // The pull request's notice: the merge will import it.
    const notice = await runIn(refreshCommand, repo.dir, '--check', '--notice', '--format', 'github');
    expect(notice.code).toBe(0);
    expect(notice.stdout).toContain(
      `::notice file=${path},title=Workbook to import%3A ${path}::a workbook to import: after the merge its tables are imported into data/ and it is removed. Nothing to do`,
    );

    const merged = await runIn(refreshCommand, repo.dir, '--commit');
    expect(merged.code, merged.stdout + merged.stderr).toBe(0);
    expect(merged.stdout).toContain(`Imported ${path} into data/allegiances.csv, and removed it.`);
    expect(existsSync(join(repo.dir, path))).toBe(false);
    expect(repo.git('status', '--porcelain')).toBe('');
    const files = repo.git('show', '--name-status', '--format=%s', 'HEAD').trim().split('\n');
    expect(files).toContain('M\tdata/allegiances.csv');
    expect(files).toContain(`D\t${path}`);
    expect(csvRecords(join(repo.dir, 'data', 'allegiances.csv')).map((r) => r.id)).toContain(id);
    expect((await runIn(validateCommand, repo.dir)).code).toBe(0);
    expect((await runIn(refreshCommand, repo.dir, '--check')).code).toBe(0);
  });

  it('after the merge a workbook with errors stays where it is, nothing of it is written, and the job fails saying why', async () => {
    const repo = await upToDateRepo();
    const { book } = await contribution(repo.dir, { [cellRef('allegiances', 'kind', 0)]: 'leads' });
    const path = commitContribution(repo, 'bad.xlsx', book);
    const before = readFileSync(join(repo.dir, 'data', 'allegiances.csv'), 'utf8');
    const merged = await runIn(refreshCommand, repo.dir, '--commit');
    expect(merged.code).toBe(1);
    expect(merged.stdout).toContain(`${path} was left in place: it has errors, so nothing of it was imported.`);
    expect(merged.stdout).toMatch(/allegiances!C2\s+error/);
    expect(existsSync(join(repo.dir, path))).toBe(true);
    expect(readFileSync(join(repo.dir, 'data', 'allegiances.csv'), 'utf8')).toBe(before);
  });

  it('a file that is not an .xlsx in the folder is a finding that says what to save it as', async () => {
    const repo = await upToDateRepo();
    const path = commitContribution(repo, 'edits.ods', Buffer.from('PK\u0003\u0004'));
    const run = await runIn(importCommand, repo.dir, '--contributions', '--check');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `${path} cannot be read as a workbook: it is an OpenDocument spreadsheet (.ods); in LibreOffice use File › Save As › “Excel 2007-365 (.xlsx)”`,
    );
  });
});

describe('the workflow runs the flow', () => {
  const workflow = readFileSync(join(REPO, '.github', 'workflows', 'validate.yml'), 'utf8');
  it('the first job checks the workbooks a pull request adds, even when validation failed', () => {
    const step = workflow.slice(workflow.indexOf('- name: Check the workbooks the pull request adds'));
    expect(step.slice(0, step.indexOf('\n      - '))).toMatch(
      /if: \$\{\{ !cancelled\(\) \}\}[\s\S]*run: npm run import -- --contributions --check --format github/,
    );
    expect(workflow.indexOf('--contributions --check')).toBeLessThan(workflow.indexOf('\n  test:'));
  });
  it('the job after a merge imports them through refresh --commit, the one job that may write', () => {
    const job = workflow.slice(workflow.indexOf('\n  update-derived:'));
    expect(job).toContain('contents: write');
    expect(job).toContain('run: npm run refresh -- --commit');
  });
});
