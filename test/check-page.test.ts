import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import Papa from 'papaparse';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandIO } from '../scripts/lib/cli/io.ts';
import { formatCommand } from '../scripts/lib/cli/format-command.ts';
import { siteCommand } from '../scripts/lib/cli/site-command.ts';
import { validateCommand } from '../scripts/lib/cli/validate-command.ts';
import { readCsvBytes } from '../scripts/lib/read/read-csv.ts';
import { CHECK_PAGE_CSP, publishedDataset } from '../scripts/lib/check-page/check-html.ts';
import { checkChosen } from '../scripts/lib/check-page/check-chosen.ts';
import { FINDINGS_SHOWN, GRID, MAX_CHOSEN_BYTES, READABLE } from '../scripts/lib/check-page/limits.ts';
import { onThisPage } from '../scripts/lib/check-page/page-hints.ts';
import { PRECEDENCE } from '../scripts/lib/check/precedence.ts';
import { BASE_FIXTURE, datasetWith, MODEL, REPO, type FixtureFiles } from './helpers/fixtures.ts';
import { CASES as HOSTILE } from './helpers/hostile-cases.ts';
import { CHROMIUM, launchChromium, serveFolder } from '../scripts/lib/bench/static-server.ts';
import { HOSTILE_WORKBOOKS } from './helpers/hostile-workbooks.ts';
import { importJson, releaseBookOf, withCellText } from './helpers/workbook-import.ts';
import { xlsx, type XCell } from './helpers/xlsx-builder.ts';
import type { Finding } from '../scripts/lib/check/finding.ts';
import { ACCIDENTS, CASES as RULE_FIXTURES } from './helpers/rule-cases.ts';

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`Check page tests skipped: ${CHROMIUM} is missing (apt-get install chromium; .ci/run installs it).`);

/** Files a browser can be given: no deleted tables (a table not given is the published one), nothing huge, no links. */
const BROWSER_SIZED = 2 * 2 ** 20;
const givable = (files: FixtureFiles): files is Record<string, string | Uint8Array> =>
  Object.values(files).every((content) => typeof content === 'string' || content instanceof Uint8Array) &&
  Object.values(files).reduce((sum, content) => sum + (content as string | Uint8Array).length, 0) < BROWSER_SIZED;

const quiet = (out: string[] = []): CommandIO => ({
  cwd: REPO,
  env: {},
  stdout: (t) => void out.push(t),
  stderr: () => {},
  stdoutIsTTY: false,
  appendFile: () => {},
});

/** A clone-like folder whose data/ is the base fixture with `files` put in, as a contributor's would be. */
function dataFolderWith(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), 'check-page-cli-'));
  cpSync(join(REPO, 'schemas'), join(root, 'schemas'), { recursive: true });
  cpSync(BASE_FIXTURE, join(root, 'data'), { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(root, 'data', name), content);
  return root;
}

/** What `npm run validate -- --format json` prints in that folder. */
async function cliReport(root: string): Promise<unknown> {
  const out: string[] = [];
  await validateCommand(['--format', 'json'], { ...quiet(out), cwd: root });
  return JSON.parse(out.join(''));
}

describe('which table or text a chosen file is', () => {
  const published = publishedDataset(MODEL, BASE_FIXTURE);
  const actors = readFileSync(join(BASE_FIXTURE, 'actors.csv'));
  const file = (name: string, bytes: Uint8Array | string = actors) => ({ name, bytes: typeof bytes === 'string' ? Buffer.from(bytes) : bytes });

  it('goes by the name, with what browsers and spreadsheets add left off, then by the header; other .txt files are archived texts, under their own names', async () => {
    const result = await checkChosen(published, [
      file('allegiances (1).csv', readFileSync(join(BASE_FIXTURE, 'allegiances.csv'))),
      file('Groups.CSV', readFileSync(join(BASE_FIXTURE, 'groups.csv'))),
      file('my edit.csv'),
      file('src-b (2).txt', 'An article.'),
      file('notes.pdf', '%PDF-1.7'),
      file('actors copy.csv'),
    ]);
    expect(result.identified).toEqual([
      { name: 'allegiances (1).csv', kind: 'table', file: 'allegiances.csv', by: 'name' },
      { name: 'Groups.CSV', kind: 'table', file: 'groups.csv', by: 'name' },
      { name: 'my edit.csv', kind: 'table', file: 'actors.csv', by: 'header' },
      // Taken under its own name, as data/archive/ would hold it: its finding says what to rename it to.
      { name: 'src-b (2).txt', kind: 'archive', path: 'archive/src-b (2).txt', meant: 'archive/src-b.txt' },
      { name: 'notes.pdf', kind: 'unknown', reason: expect.stringContaining('not a table of this dataset') },
      { name: 'actors copy.csv', kind: 'unknown', reason: 'my edit.csv was already taken for actors.csv' },
    ]);
    // In the schemas' dependency order, as the command line reports them.
    expect(result.tables.map((t) => [t.file, t.chosen])).toEqual([
      ['data/actors.csv', 'my edit.csv'],
      ['data/groups.csv', 'Groups.CSV'],
      ['data/allegiances.csv', 'allegiances (1).csv'],
    ]);
  });
});

describe('a .txt file named almost as an archived text, for an id no row has', () => {
  const published = publishedDataset(MODEL, BASE_FIXTURE);
  const sources = MODEL.tables.find((t) => t.archive)!;
  const file = (name: string, text: string) => ({ name, bytes: Buffer.from(text) });

  it('is left out, and why, rather than taken as meant for a text no finding will name', async () => {
    const result = await checkChosen(published, [file('README.txt', 'Notes.'), file('My-New-Source.txt', 'An article.')]);
    expect(result.identified).toEqual([
      {
        name: 'README.txt',
        kind: 'unknown',
        reason: `not an archived text: no row of ${sources.file} has the id readme (an archived text is named after the id of its row, <id>.txt)`,
      },
      {
        name: 'My-New-Source.txt',
        kind: 'unknown',
        reason: `not an archived text: no row of ${sources.file} has the id my-new-source (an archived text is named after the id of its row, <id>.txt)`,
      },
    ]);
    expect(result.report.findings.filter((f) => /README|My-New-Source/i.test(f.file))).toEqual([]);
  });

  it('is taken as meant when a chosen table adds the row of that id, and its finding says what to rename it to', async () => {
    const table = readFileSync(join(BASE_FIXTURE, sources.file), 'utf8');
    const [header] = table.split('\n');
    const cells = header!.split(',').map((column) => (column === sources.primaryKey ? 'my-new-source' : ''));
    const result = await checkChosen(published, [file(sources.file, `${table}${cells.join(',')}\n`), file('My-New-Source.txt', 'An article.')]);
    expect(result.identified[1]).toEqual({ name: 'My-New-Source.txt', kind: 'archive', path: 'archive/My-New-Source.txt', meant: 'archive/my-new-source.txt' });
    expect(result.report.findings.filter((f) => f.code === 'archive-misnamed').map((f) => [f.file, f.message])).toEqual([
      [
        'data/archive/My-New-Source.txt',
        'data/archive/My-New-Source.txt is not read as the archived text of the sources row `my-new-source`: that must be named exactly data/archive/my-new-source.txt.',
      ],
    ]);
  });
});

describe('hints on the page', () => {
  it('points a hint that says to run format to the download that gives the same file, where the page offers one', () => {
    expect(onThisPage('Run `npm run format` to rewrite the file with commas.', 'actors.csv')).toBe(
      'On this page: “Download canonical actors.csv” above gives the file `npm run format` writes.',
    );
    expect(onThisPage('Run `npm run format -- --fix` to restore it.', 'actors.csv')).toBe(
      'On this page: tick “Also make the repairs” above, then “Download canonical actors.csv”.',
    );
    expect(onThisPage('Run `npm run format`.', undefined)).toBeUndefined();
    expect(onThisPage('Check the spelling.', 'actors.csv')).toBeUndefined();
  });
});

describe.skipIf(!hasChromium)('check.html in Chromium', () => {
  let out: string;
  let server: Server;
  let base: string;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const scratch = mkdtempSync(join(tmpdir(), 'check-page-files-'));

  beforeAll(async () => {
    // The site of the small fixture dataset: a table not given is the fixture's.
    const repo = mkdtempSync(join(tmpdir(), 'check-site-'));
    cpSync(join(REPO, 'schemas'), join(repo, 'schemas'), { recursive: true });
    cpSync(BASE_FIXTURE, join(repo, 'data'), { recursive: true });
    out = join(repo, 'site');
    expect(await siteCommand(['--out', out], { ...quiet(), cwd: repo })).toBe(0);
    // Served under a sub-path, as GitHub Pages serves a project's site.
    ({ base, server } = await serveFolder(out, {}, '/project'));
    browser = await launchChromium();
    const context = await browser.newContext({ acceptDownloads: true });
    page = await context.newPage();
    page.on('request', (request) => void requests.push(request.url()));
    await page.goto(`${base}/check.html`);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    if (out) rmSync(join(out, '..'), { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  /** Writes files to choose into a folder of their own, and returns their paths. */
  function toChoose(files: Record<string, string | Uint8Array>): string[] {
    const folder = mkdtempSync(join(scratch, 'chosen-'));
    return Object.entries(files).map(([name, content]) => {
      const path = join(folder, basename(name));
      writeFileSync(path, content);
      return path;
    });
  }

  /** Chooses the files in the page, as a person would, and waits for the result. */
  async function choose(files: Record<string, string | Uint8Array>, options: { fix?: boolean } = {}): Promise<void> {
    const paths = toChoose(files);
    // A fresh load of the page for each choice, as a person arriving with a file: Chromium limits
    // how many downloads one page may start, and dozens of cases in one page hit that limit.
    await page.goto(`${base}/check.html`);
    await page.evaluate(() => document.getElementById('results')!.replaceChildren());
    await page.setChecked('#fix', options.fix ?? false);
    await page.evaluate(() => document.getElementById('results')!.replaceChildren());
    await page.setInputFiles('#files', paths);
    await settled();
  }

  /**
   * Waits for the results of the last check asked for. Ticking "--fix" starts a check of the files
   * chosen before, whose summary must not be taken for that of the files chosen now.
   */
  async function settled(timeout = 90_000): Promise<void> {
    await page.waitForFunction(
      () => {
        const results = document.getElementById('results')!;
        return results.dataset.shown !== undefined && results.dataset.shown === results.dataset.asked && document.getElementById('summary') !== null;
      },
      undefined,
      { timeout },
    );
  }

  async function download(label: string | RegExp): Promise<Buffer> {
    const [saved] = await Promise.all([page.waitForEvent('download', { timeout: 90_000 }), page.getByRole('button', { name: label }).click()]);
    return readFileSync((await saved.path())!);
  }

  async function expectSameReport(files: Record<string, string | Uint8Array>): Promise<{ findings: Record<string, unknown>[] }> {
    await choose(files);
    const fromPage = JSON.parse((await download('Download report (JSON)')).toString('utf8'));
    const root = dataFolderWith(files);
    try {
      expect(fromPage).toEqual(await cliReport(root));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    return fromPage;
  }

  it.each(Object.entries(RULE_FIXTURES).filter(([, c]) => givable(c.files)))(
    "rule fixture %s: the page's JSON report equals the command line's, finding for finding",
    async (_code, { files }) => void (await expectSameReport(files as Record<string, string | Uint8Array>)),
    // Generous: on a loaded two-core machine Chromium's download event alone has taken over 30 s.
    200_000,
  );

  it.each(Object.entries(ACCIDENTS).filter(([, c]) => givable(c.files)))(
    'accident: %s — on the page exactly the findings of the command line',
    async (_name, { files, findings }) => {
      const fromPage = await expectSameReport(files as Record<string, string | Uint8Array>);
      expect(fromPage.findings.map(({ code, file, row, line, cell, value, message, hint }) => ({ code, file, row, line, cell, value, message, hint }))).toEqual(
        findings,
      );
      // The headline speaks of what was chosen, never of the published data alone.
      expect(await page.locator('#checked').textContent()).toMatch(
        /^(The file|All \d+ files) you chose (was|were) checked, with the rest of the published data\.$/,
      );
    },
    200_000,
  );

  it.each(Object.entries(HOSTILE).filter(([, c]) => !c.prepare && givable(c.files())))(
    "hostile case %s: the page's JSON report equals the command line's",
    async (_name, { files }) => void (await expectSameReport(files() as Record<string, string | Uint8Array>)),
    200_000,
  );

  it("checks the repository's four tables and archived texts, all chosen at once, as the command line checks data/", async () => {
    const data = join(REPO, 'data');
    const chosen = [...MODEL.tables.map((t) => join(data, t.file)), ...readdirSync(join(data, 'archive')).map((f) => join(data, 'archive', f))];
    const times: number[] = [];
    // Timed by the page from the files' arrival to the report shown; printed for the README, never asserted.
    for (let run = 0; run < 5; run++) {
      await page.evaluate(() => document.getElementById('results')!.replaceChildren());
      await page.setInputFiles('#files', []);
      await page.setInputFiles('#files', chosen);
      await settled();
      times.push(Number(await page.locator('#results').getAttribute('data-check-ms')));
    }
    console.log(
      `Real data's four tables checked in Chromium in ${times.map((t) => Math.round(t)).join(', ')} ms (median ${Math.round([...times].sort((a, b) => a - b)[2]!)} ms)`,
    );
    const fromPage = JSON.parse((await download('Download report (JSON)')).toString('utf8'));
    const out: string[] = [];
    await validateCommand(['--format', 'json'], quiet(out));
    expect(fromPage).toEqual(JSON.parse(out.join('')));
  }, 300_000);

  it('checks a 100 000-row allegiances file in its worker, with a progress bar, the tab responsive, and the report the command line gives', async () => {
    const lines = readFileSync(join(BASE_FIXTURE, 'allegiances.csv'), 'utf8').trimEnd().split('\n');
    const [header, ...rows] = lines;
    const extra = Array.from({ length: 100_000 - rows.length }, (_, i) => {
      const row = rows[i % rows.length]!;
      return `${row.slice(0, row.indexOf(','))}-${i}${row.slice(row.indexOf(','))}`;
    });
    const big = `${[header, ...rows, ...extra].join('\n')}\n`;
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { progressSeen: string[] }).progressSeen = seen;
      new MutationObserver(() => seen.push(document.getElementById('progress')!.getAttribute('value') ?? '')).observe(document.getElementById('progress')!, {
        attributes: true,
        attributeFilter: ['value'],
      });
    });
    const folder = mkdtempSync(join(scratch, 'big-'));
    writeFileSync(join(folder, 'allegiances.csv'), big);
    await page.evaluate(() => document.getElementById('results')!.replaceChildren());
    await page.setInputFiles('#files', join(folder, 'allegiances.csv'));
    // While the worker checks, the page answers at once.
    await page.waitForFunction(() => Number(document.getElementById('progress')!.getAttribute('value')) > 0, undefined, { timeout: 60_000 });
    expect(await page.evaluate(() => document.getElementById('summary') === null)).toBe(true);
    await settled(120_000);
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen.map(Number));
    expect(seen.filter((value) => value > 0 && value < 1).length).toBeGreaterThan(5);
    expect(await page.locator('#progress').isHidden()).toBe(true);
    const fromPage = JSON.parse((await download('Download report (JSON)')).toString('utf8'));
    expect(fromPage.summary.rows).toBe(Object.values(fromPage.tables as { rows: number }[]).reduce((sum, t) => sum + t.rows, 0));
    const root = dataFolderWith({ 'allegiances.csv': big });
    try {
      expect(fromPage).toEqual(await cliReport(root));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 300_000);

  /** Chooses files in a freshly loaded page without waiting for anything. */
  async function chooseOnly(files: Record<string, string | Uint8Array>): Promise<string[]> {
    const paths = toChoose(files);
    await page.goto(`${base}/check.html`);
    await page.setInputFiles('#files', paths);
    return paths;
  }

  /** Waits for the page to end the check it was asked for with its message, and returns the message. */
  async function failure(): Promise<string> {
    await page.waitForFunction(
      () => {
        const results = document.getElementById('results')!;
        return results.dataset.shown === results.dataset.asked && results.dataset.outcome === 'failed';
      },
      undefined,
      { timeout: 90_000 },
    );
    expect(await page.locator('#status').textContent()).toBe('The check could not finish.');
    return (await page.locator('#failure[role=alert]').innerText()).replace(/\s+/g, ' ');
  }

  /** What the page tells a person to do instead, whatever went wrong. */
  const saysWhatToDo = (message: string): void => {
    expect(message).toContain('Nothing was sent anywhere.');
    expect(message).toContain('npm run validate');
    expect(message).toContain('split the table into smaller files');
    expect(message).toContain('propose the change on GitHub as it is');
  };

  /** The base fixture's allegiances, each row copied under new ids until the table has `rows` data rows; `edit` may change a row (its number as a spreadsheet shows it). */
  function longAllegiances(rows: number, edit: (line: string, row: number) => string = (line) => line): string {
    const [header, ...base] = readFileSync(join(BASE_FIXTURE, 'allegiances.csv'), 'utf8').trimEnd().split('\n');
    const lines = Array.from({ length: rows }, (_, i) => {
      const row = base[i % base.length]!;
      const comma = row.indexOf(',');
      return edit(`${row.slice(0, comma)}-${i}${row.slice(comma)}`, i + 2);
    });
    return `${[header, ...lines].join('\n')}\n`;
  }

  it('reports a row of 5,000,000 cells as the command line does, and shows only its first cells', async () => {
    const fixture = readFileSync(join(BASE_FIXTURE, 'allegiances.csv'), 'utf8');
    const wide = `${fixture}wide-row${','.repeat(5_000_000 - 1)}\n`;
    const wideRow = fixture.trimEnd().split('\n').length + 1;
    await choose({ 'allegiances.csv': wide });
    const fromPage = JSON.parse((await download('Download report (JSON)')).toString('utf8'));
    const root = dataFolderWith({ 'allegiances.csv': wide });
    try {
      expect(fromPage).toEqual(await cliReport(root));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    expect(fromPage.findings.some((f: { code: string; row: number }) => f.code === 'too-many-cells' && f.row === wideRow)).toBe(true);
    const row = page.locator('table.grid tbody tr', { has: page.locator(`th:text-is("${wideRow}")`) });
    // The row's header cell, its first cells, and one that says how many more there are.
    expect(await row.locator('td, th').count()).toBe(1 + GRID.cells + 1);
    expect(await row.locator('td').last().textContent()).toBe(`… ${(5_000_000 - GRID.cells).toLocaleString('en')} more cells`);
    expect(await page.locator('.grid-note').textContent()).toContain(`Of a row with more than ${GRID.cells} cells, the first ${GRID.cells} are shown.`);
  }, 300_000);

  it('shows in its grid the first rows and later rows with findings, says what it leaves out, and lists findings a few hundred at a time', async () => {
    // 1,000 rows; from row 401 on each names a subject that does not exist.
    const table = longAllegiances(1_000, (line, row) => (row > 400 ? line.replace(/^([^,]*),[^,]*,/, `$1,nobody-${row},`) : line));
    await choose({ 'allegiances.csv': table });
    const shown = await page.locator('table.grid tbody tr:not(.gap) > th:first-child').allTextContents();
    expect(shown.map(Number)).toEqual([...Array.from({ length: GRID.rows }, (_, i) => i + 1), ...Array.from({ length: GRID.flaggedRows }, (_, i) => 401 + i)]);
    expect(await page.locator('table.grid tr.gap').allInnerTexts()).toEqual([
      `…\t${(400 - GRID.rows).toLocaleString('en')} rows not shown`,
      `…\t${(1_001 - 400 - GRID.flaggedRows).toLocaleString('en')} rows not shown`,
    ]);
    expect(await page.locator('table.grid td.flagged[data-cell="B401"]').count()).toBe(1);
    const note = await page.locator('.grid-note').textContent();
    expect(note).toContain(
      `${GRID.rows + GRID.flaggedRows} rows of 1,001 are shown: the first ${GRID.rows} and up to ${GRID.flaggedRows} later rows with findings.`,
    );
    expect(note).toContain('every finding is in the list above');
    // Every finding is listed, FINDINGS_SHOWN at a time.
    const listed = page.locator('section.table-result table.findings tbody tr');
    const report = JSON.parse((await download('Download report (JSON)')).toString('utf8'));
    const inTable = report.findings.filter((f: { file: string }) => f.file === 'data/allegiances.csv').length;
    expect(inTable).toBeGreaterThanOrEqual(600);
    expect(await listed.count()).toBe(FINDINGS_SHOWN);
    const more = page.locator('section.table-result button.more');
    expect(await more.textContent()).toMatch(/^Show (the other \d+ findings|\d+ more findings \([\d,]+ not listed yet\))$/);
    while (await more.isVisible()) await more.click();
    expect(await listed.count()).toBe(inTable);
  }, 300_000);

  it('says what went wrong, and what to do, when the checker cannot run (its script corrupted)', async () => {
    await page.route('**/check-worker.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: 'export const broken = ;' }));
    try {
      await chooseOnly({ 'actors.csv': readFileSync(join(BASE_FIXTURE, 'actors.csv')) });
      const message = await failure();
      expect(message).toContain('The check stopped before it could finish: the checker');
      saysWhatToDo(message);
    } finally {
      await page.unroute('**/check-worker.js');
    }
  }, 200_000);

  it('says what went wrong when the worker throws (the published data unreadable), and checks again once it can', async () => {
    await page.route('**/check/dataset.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{ "schemas": ' }));
    const [path] = await chooseOnly({ 'actors.csv': readFileSync(join(BASE_FIXTURE, 'actors.csv')) });
    try {
      const message = await failure();
      expect(message).toContain('The check stopped before it could finish: SyntaxError');
      saysWhatToDo(message);
    } finally {
      await page.unroute('**/check/dataset.json');
    }
    // The same page, the same worker: the next check loads the data again and reports.
    await page.setInputFiles('#files', []);
    await page.setInputFiles('#files', path!);
    await settled();
    expect(await page.locator('#failure').count()).toBe(0);
  }, 200_000);

  it('says at once, without reading it, that a file is larger than the page can check, and what to do', async () => {
    const folder = mkdtempSync(join(scratch, 'huge-'));
    const path = join(folder, 'allegiances.csv');
    // Sparse: as large as that on paper, nothing on disk.
    writeFileSync(path, '');
    truncateSync(path, MAX_CHOSEN_BYTES + 1);
    await page.goto(`${base}/check.html`);
    await page.setInputFiles('#files', path);
    const message = await failure();
    expect(message).toContain(`more than the ${MAX_CHOSEN_BYTES / 2 ** 20} MB this page checks at once`);
    expect(message).toContain('Nothing was read or sent anywhere.');
    expect(message).toContain('npm run validate');
    expect(message).toContain('split the table into smaller files');
  }, 200_000);

  it('recognises a table by a name a browser gave its download, and one by its header alone', async () => {
    const groups = readFileSync(join(BASE_FIXTURE, 'groups.csv'), 'utf8').replace('\n', '\nextra-group,Extra Group,,,,,,src-a,\n');
    await choose({ 'groups (1).csv': groups, 'export.csv': readFileSync(join(BASE_FIXTURE, 'actors.csv')) });
    const chosen = await page.locator('ul.chosen li').allTextContents();
    expect(chosen).toEqual(['groups (1).csv: the table groups.csv (recognised by its name)', 'export.csv: the table actors.csv (recognised by its header)']);
  }, 200_000);

  /** The fixture's allegiances as a workbook sheet (rows 2 to 4) and one more row (row 5) whose id is typed as a number. */
  function bookWithNumberId(): Buffer {
    const rows = Papa.parse<string[]>(readFileSync(join(BASE_FIXTURE, 'allegiances.csv'), 'utf8').trim(), { newline: '\n' }).data;
    const [header] = rows;
    const fill: Record<string, XCell> = { id: 42, subject_id: 'kebekov', kind: 'leader_of', target_id: 'emirate', certainty: 'reported', source_ids: 'src-a' };
    return xlsx({ sheets: [{ name: 'allegiances', rows: [...rows, header!.map((column) => fill[column] ?? null)] }] });
  }

  it('reads the release workbook as npm run import does: no errors, and canonical CSVs byte-identical to the data it was built from, each and in one zip', async () => {
    // The workbook reader is fetched when a workbook is chosen, never with the page.
    const before = requests.length;
    await page.goto(`${base}/check.html`, { waitUntil: 'networkidle' });
    expect(requests.slice(before).filter((url) => url.endsWith('.js'))).not.toContainEqual(expect.stringMatching(/check-workbook\.js$/));
    await choose({ 'caucasus-allegiances.xlsx': await releaseBookOf(BASE_FIXTURE) });
    expect(requests.slice(before)).toContainEqual(expect.stringMatching(/check-workbook\.js$/));
    expect(await page.locator('#summary').textContent()).toMatch(/^0 errors/);
    expect(await page.locator('#results').innerText()).toContain('No errors: the files can be proposed as they are.');
    const [workbook] = await page.locator('ul.chosen li').allTextContents();
    for (const table of MODEL.tables) expect(workbook).toContain(`the sheet ${table.name} as the table ${table.file}`);
    for (const table of MODEL.tables)
      expect(await page.locator(`section[data-file="data/${table.file}"]`).innerText()).toContain(
        `The same as the published ${table.file}: the workbook changes nothing in it.`,
      );
    for (const table of MODEL.tables) {
      const fromPage = await download(`Download canonical ${table.file}`);
      expect(fromPage.equals(readFileSync(join(BASE_FIXTURE, table.file))), table.file).toBe(true);
    }
    const zipped = unzipSync(new Uint8Array(await download('Download all canonical tables (zip)')));
    expect(Object.keys(zipped).sort()).toEqual(MODEL.tables.map((t) => t.file).sort());
    for (const table of MODEL.tables) expect(Buffer.from(zipped[table.file]!).equals(readFileSync(join(BASE_FIXTURE, table.file))), table.file).toBe(true);
    // Each sheet's grid, at the sheet's rows.
    expect(await page.locator('section[data-file="data/allegiances.csv"] table.grid th[scope="row"]').first().textContent()).toBe('1');
  }, 300_000);

  it('a number typed into an id cell: the finding import --check gives, at the same sheet and cell, flagged in the grid, and no canonical file', async () => {
    const book = bookWithNumberId();
    await choose({ 'edited.xlsx': book });
    const fromPage = JSON.parse((await download('Download report (JSON)')).toString('utf8')) as { findings: Finding[] };
    const { report, code } = await importJson(book, datasetWith(), '--check');
    expect(code).toBe(1);
    const essentials = ({ code, sheet, cell, message }: Finding) => ({ code, sheet, cell, message });
    expect(fromPage.findings.map(essentials)).toEqual(report.findings.map(essentials));
    expect(fromPage.findings.map(essentials)).toContainEqual(expect.objectContaining({ code: 'workbook-number', sheet: 'allegiances', cell: 'A5' }));
    expect(fromPage.findings.find((f) => f.code === 'workbook-number')!.file).toBe('edited.xlsx');
    const rows = await page.locator('table.findings tbody tr').allInnerTexts();
    expect(rows.some((row) => row.includes('allegiances!A5') && row.includes('workbook-number'))).toBe(true);
    expect(await page.locator('td.flagged[data-cell="A5"]').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Download canonical allegiances.csv' }).count()).toBe(0);
    await page.screenshot({ path: join(tmpdir(), 'check-page-workbook-number-id.png'), fullPage: true });
    console.log(`Screenshot of the check page given a workbook with a number in an id cell: ${join(tmpdir(), 'check-page-workbook-number-id.png')}`);
  }, 300_000);

  it('one cell edited in the workbook: the download is the table npm run import writes, and says the workbook changed it', async () => {
    const book = withCellText(await releaseBookOf(BASE_FIXTURE), 'actors', 'B3', 'Aliaskhab Kebekov (edited)');
    await choose({ 'edited.xlsx': book });
    expect(await page.locator('section[data-file="data/actors.csv"]').innerText()).toContain('Changed by the workbook: download the canonical file');
    const fromPage = await download('Download canonical actors.csv');
    const data = datasetWith();
    const { code } = await importJson(book, data);
    expect(code).toBe(0);
    expect(fromPage.equals(readFileSync(join(data, 'actors.csv')))).toBe(true);
    expect(fromPage.equals(readFileSync(join(BASE_FIXTURE, 'actors.csv')))).toBe(false);
  }, 200_000);

  it('an error in one sheet: no canonical file of another sheet either, as import writes nothing, and says why', async () => {
    const actors = Papa.parse<string[]>(readFileSync(join(BASE_FIXTURE, 'actors.csv'), 'utf8').trim(), { newline: '\n' }).data;
    const rows = Papa.parse<string[]>(readFileSync(join(BASE_FIXTURE, 'allegiances.csv'), 'utf8').trim(), { newline: '\n' }).data;
    const book = xlsx({
      sheets: [
        { name: 'actors', rows: actors },
        { name: 'allegiances', rows: [...rows, rows[0]!.map((column, i) => (column === 'id' ? 42 : rows[1]![i]!))] },
      ],
    });
    await choose({ 'edited.xlsx': book });
    expect(await page.locator('section[data-file="data/actors.csv"] p.refused').textContent()).toBe(
      'No canonical actors.csv: an error marked “fix first” elsewhere in the workbook leaves a cell unread, and npm run import writes none of its tables until it is fixed.',
    );
    expect(await page.getByRole('button', { name: /Download (canonical|all)/ }).count()).toBe(0);
  }, 200_000);

  it.each(['a truncated workbook (half a download)', 'a CSV renamed .xlsx', 'binary noise'])(
    'hostile workbook (%s): a finding in words, never a crash',
    async (name) => {
      const hostile = HOSTILE_WORKBOOKS[name]!;
      await choose({ 'edited.xlsx': hostile.build() });
      const text = await page.locator('#results').innerText();
      expect(await page.locator('#results').getAttribute('data-outcome')).toBe('report');
      for (const words of hostile.says) expect(text).toContain(words);
      expect(text).not.toMatch(/No errors|stopped/);
    },
    200_000,
  );

  it('a workbook in a format it does not read (.ods): says it checked nothing and how to save it as .xlsx or export a sheet, never "No errors"', async () => {
    await choose({ 'actors.ods': Buffer.from('PK\u0003\u0004mimetypeapplication/vnd.oasis.opendocument.spreadsheet') });
    expect(await page.locator('#summary').textContent()).toBe('The file you chose was not checked');
    const checked = await page.locator('#checked').textContent();
    expect(checked).toContain('To check a workbook here, save it as an Excel Workbook (.xlsx) and choose that file, or export its sheet as CSV');
    for (const program of ['Excel: File › Save As', 'LibreOffice Calc: File › Save As', 'Google Sheets: File › Download', 'Numbers: File › Export To › CSV'])
      expect(checked).toContain(program);
    expect(await page.locator('#results').innerText()).not.toMatch(/No errors|0 errors/);
    // Any other file the page does not read is left out as well, with what to choose instead.
    await choose({ 'notes.pdf': '%PDF-1.7\n' });
    expect(await page.locator('#summary').textContent()).toBe('The file you chose was not checked');
    expect(await page.locator('#checked').textContent()).toContain(
      'Choose the tables themselves (saved as CSV), the edited workbook (.xlsx) or archived texts (<id>.txt)',
    );
  }, 200_000);

  it('with a workbook and a table, checks the workbook and says the table was not checked with it', async () => {
    await choose({ 'edited.xlsx': await releaseBookOf(BASE_FIXTURE), 'groups.csv': readFileSync(join(BASE_FIXTURE, 'groups.csv')) });
    expect(await page.locator('ul.chosen li').nth(1).textContent()).toBe(
      'groups.csv: left out, not checked with a workbook: choose the workbook on its own, or the CSV files without it',
    );
    expect(await page.locator('#checked').textContent()).toMatch(/^1 of the 2 files you chose was checked/);
  }, 200_000);

  it('offers in its picker what it reads', async () => {
    await page.goto(`${base}/check.html`);
    expect(await page.locator('#files').getAttribute('accept')).toBe([...READABLE.extensions, ...READABLE.types].join(','));
    expect(READABLE.extensions).toEqual(expect.arrayContaining(['.csv', '.txt', '.xlsx']));
  });

  it('converts a chosen archived text in UTF-16 as format --fix does, and downloads it', async () => {
    const files = ACCIDENTS['an archived text saved by Notepad as "Unicode" (UTF-16 with a byte order mark)']!.files as Record<string, string | Uint8Array>;
    await choose(files, { fix: true });
    expect(await page.locator('#results').innerText()).toContain('Converted in the download, from UTF-16LE to UTF-8.');
    const fromPage = await download('Download canonical src-c.txt');
    const root = dataFolderWith(files);
    try {
      expect(await formatCommand(['--fix'], { ...quiet(), cwd: root })).toBe(0);
      expect(fromPage.equals(readFileSync(join(root, 'data', 'archive', 'src-c.txt')))).toBe(true);
      expect(fromPage.toString('utf8')).toBe(readFileSync(join(BASE_FIXTURE, 'archive', 'src-a.txt'), 'utf8').replace(/\n/g, '\r\n'));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 200_000);

  it('says, opened from disk, that it must be served and how, instead of showing nothing', async () => {
    const disk = await browser.newPage();
    await disk.goto(pathToFileURL(join(out, 'check.html')).href);
    const note = disk.locator('#from-disk');
    await note.waitFor({ state: 'visible', timeout: 30_000 });
    const text = await note.innerText();
    expect(text).toContain('This page checks files only when a web server serves it: opened from disk, as now, the browser does not let it start its checker');
    expect(text).toContain(`python3 -m http.server --directory ${out}/ 8000`);
    expect(await disk.locator('#files').isVisible()).toBe(false);
    await disk.screenshot({ path: join(scratch, 'from-disk.png'), fullPage: true });
    console.log(`Screenshot of the check page opened from disk: ${join(scratch, 'from-disk.png')}`);
    await disk.close();
  }, 60_000);

  it('a merge conflict: named at its marker row, marked to fix first, no canonical file', async () => {
    await choose(RULE_FIXTURES['merge-conflict']!.files as Record<string, string>);
    expect(await page.getByRole('button', { name: 'Download canonical allegiances.csv' }).count()).toBe(0);
    const rows = page.locator('section.table-result table.findings tr', { hasText: 'merge-conflict' });
    expect(await rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain('fix first');
    expect(await rows.first().innerText()).toContain('Rows 5–9 are a merge conflict that git left in the file');
    expect(await page.locator('table.grid td.flagged[data-cell="A5"]').textContent()).toBe('<<<<<<< HEAD');
  }, 200_000);

  /** The base fixture's actors table saved as a spreadsheet saves it. */
  async function savedAs(delimiter: string, newline: string, bom: boolean): Promise<string> {
    const rows: string[][] = [];
    await readCsvBytes([readFileSync(join(BASE_FIXTURE, 'actors.csv'))], ({ cells }) => void rows.push([...cells]));
    const cell = (text: string): string => (/["\r\n]/.test(text) || text.includes(delimiter) ? `"${text.replace(/"/g, '""')}"` : text);
    return `${bom ? '\uFEFF' : ''}${rows.map((r) => r.map(cell).join(delimiter)).join(newline)}${newline}`;
  }

  it.each([
    ['`;`-separated with CRLF', ';', '\r\n', false],
    ['CR-only line endings', ',', '\r', false],
    ['a byte order mark', ',', '\n', true],
    ['tab-separated', '\t', '\r\n', false],
  ] as const)(
    "with %s, the canonical download is exactly format's bytes",
    async (_style, delimiter, newline, bom) => {
      const saved = await savedAs(delimiter, newline, bom);
      await choose({ 'actors.csv': saved });
      if (delimiter !== ',') {
        // The hint to run format points to the download on this page, which is the fix here.
        const hint = await page.locator('section.table-result table.findings .hint').first().textContent();
        expect(hint).toContain('On this page: “Download canonical actors.csv” above gives the file `npm run format` writes.');
      }
      const fromPage = await download('Download canonical actors.csv');
      const root = dataFolderWith({ 'actors.csv': saved });
      try {
        expect(await formatCommand([], { ...quiet(), cwd: root })).toBe(0);
        expect(fromPage.equals(readFileSync(join(root, 'data', 'actors.csv')))).toBe(true);
        expect(fromPage.equals(Buffer.from(saved))).toBe(false);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
    60_000,
  );

  it('lists the repairs format --fix makes before the download, and downloads what it writes', async () => {
    const actors = readFileSync(join(BASE_FIXTURE, 'actors.csv'), 'utf8').replace('Aliaskhab Kebekov', 'Aliaskhab KebÃ©kov');
    await choose({ 'actors.csv': actors }, { fix: true });
    const repairs = await page.locator('ul.repairs li').allTextContents();
    expect(repairs.some((r) => r.includes('KebÃ©kov') && r.includes('Kebékov'))).toBe(true);
    const fromPage = await download('Download canonical actors.csv');
    const root = dataFolderWith({ 'actors.csv': actors });
    try {
      await formatCommand(['--fix'], { ...quiet(), cwd: root });
      expect(fromPage.equals(readFileSync(join(root, 'data', 'actors.csv')))).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 200_000);

  it('gives the reasons instead of a canonical file where format refuses one', async () => {
    await choose({ 'actors.csv': `${readFileSync(join(BASE_FIXTURE, 'actors.csv'), 'utf8')}extra,"never closed,,\n` });
    expect(await page.getByRole('button', { name: 'Download canonical actors.csv' }).count()).toBe(0);
    expect(await page.locator('section.table-result .refused').first().textContent()).toBe(
      'No canonical actors.csv: the structural error marked “fix first” below must be fixed first, in the spreadsheet.',
    );
    // Listed once, marked, among the findings of the file.
    const listed = page.locator('table.findings tr', { hasText: 'unterminated-quote' });
    expect(await listed.count()).toBe(1);
    expect(await listed.first().innerText()).toContain('fix first');
    // Each code links to its entry in the site's own rule catalogue.
    const link = page.locator('section.table-result table.findings a', { hasText: 'unterminated-quote' }).first();
    expect(await link.getAttribute('href')).toBe('rules.html#unterminated-quote');
    const catalogue = readFileSync(join(out, 'rules.html'), 'utf8');
    // Which finding wins on a cell, as precedence.ts declares it.
    for (const tier of PRECEDENCE) for (const code of tier.rules) expect(catalogue).toContain(`<a href="#${code}"><code>${code}</code></a>`);
    expect(catalogue).toMatch(/<section id="unterminated-quote">\n<h2><code>unterminated-quote<\/code><\/h2>\n<p><strong>error<\/strong>/);
  }, 200_000);

  it('takes keyboard focus to a highlighted cell and reads out its message', async () => {
    const allegiances = readFileSync(join(BASE_FIXTURE, 'allegiances.csv'), 'utf8').replace('kebekov,leader_of', 'kebekovv,leader_of');
    await choose({ 'allegiances.csv': allegiances });
    const flagged = page.locator('td.flagged');
    expect(await flagged.count()).toBeGreaterThan(0);
    await page.locator('#fix').focus();
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.matches('td.flagged') ?? false);
    }
    expect(reached).toBe(true);
    const cell = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.cell);
    const message = await page.locator('.cell-message').textContent();
    expect(message).toContain(`${cell}: `);
    expect(message).toContain('kebekovv');
  }, 200_000);

  it('fits a 375-pixel screen', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  it('has a policy without eval, sends nothing beyond the site, and is linked from every page', async () => {
    expect(CHECK_PAGE_CSP).not.toContain('unsafe-eval');
    expect(CHECK_PAGE_CSP).toMatch(/connect-src 'self';/);
    const html = readFileSync(join(out, 'check.html'), 'utf8');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${CHECK_PAGE_CSP}">`);
    // The policy is in force: the page itself cannot reach another origin.
    const refused = await page.evaluate(async () => {
      const violation = new Promise<string>((resolve) =>
        document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true }),
      );
      const fetched = await fetch('http://localhost:9/').then(
        () => 'sent',
        () => 'refused',
      );
      return [fetched, await violation];
    });
    expect(refused).toEqual(['refused', 'connect-src']);
    expect(requests.length).toBeGreaterThan(0);
    for (const url of requests) expect(url.startsWith(`${base}/`) || url.startsWith('blob:'), url).toBe(true);
    for (const path of ['index.html', 'codebook.html', 'network.html'])
      expect(readFileSync(join(out, path), 'utf8'), path).toContain('<a href="check.html">Check your edit</a>');
    // The scripts' size, for the README (budget 250 KB gzipped); the workbook's worker is fetched only when a workbook is chosen.
    const workbookWorker = readFileSync(join(out, 'check-workbook.js'));
    console.log(`check-workbook.js (loaded only for a workbook): ${workbookWorker.length} bytes, ${gzipSync(workbookWorker).length} gzipped`);
    const scripts = ['check.js', 'check-worker.js'].map((name) => ({ name, bytes: readFileSync(join(out, name)) }));
    for (const { name, bytes } of scripts) console.log(`${name}: ${bytes.length} bytes, ${gzipSync(bytes).length} gzipped`);
    const gzipped = scripts.reduce((sum, { bytes }) => sum + gzipSync(bytes).length, 0);
    console.log(`together: ${gzipped} bytes gzipped`);
    expect(gzipped).toBeLessThan(250 * 1024);
    expect(scripts.every(({ bytes }) => !/\beval\(|new Function\(/.test(bytes.toString('utf8')))).toBe(true);
  });

  it('says what to do without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const plain = await context.newPage();
    await plain.goto(`${base}/check.html`);
    expect(await plain.locator('main').innerText()).toContain('This page needs JavaScript to check files');
    expect(await plain.locator('#files').isVisible()).toBe(false);
    await context.close();
  });
});
