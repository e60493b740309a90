import { spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import Papa from 'papaparse';
import { chromium, type Browser, type Page } from 'playwright-core';
import { VALIDATE_NODE_FLAGS } from '../cli/node-flags.ts';
import { siteCommand } from '../cli/site-command.ts';
import type { CommandIO } from '../cli/io.ts';
import { csvLine } from '../write/canonical-csv.ts';
import { withoutQuoting } from './synthetic-dataset.ts';

/**
 * The check page in a real Chromium on large files, timed from the moment the files are chosen to the
 * report on screen (or the page's message that it could not check them), next to `npm run validate`
 * on a data folder holding the same files. Every case is built from the repository's own data, so the
 * page checks it against the data it was built from, as it does for a contributor.
 */

export const CHROMIUM = '/usr/bin/chromium';
/** The flags the tests start Chromium with. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export interface PageCase {
  readonly name: string;
  /** Writes the chosen file into `folder` and returns its name. */
  write(repo: string, folder: string): string;
}

export interface PageCaseResult {
  readonly name: string;
  readonly bytes: number;
  /** Seconds from choosing the file to the report (or the page's message) on screen, per run. */
  readonly pageSeconds: readonly number[];
  /** What the page ended with: its summary line, or its message. */
  readonly outcome: string;
  /** `npm run validate -- --format json` on the same data, as a whole process. */
  readonly cliSeconds: number;
  /** Whether the page's JSON report is the command line's, field for field. */
  readonly sameReport: boolean;
}

/**
 * The repository's allegiances, each row copied under new ids until the table has `rows` rows (or
 * `bytes` bytes); `quoteFree`: with every cell stripped of what would make it quoted (its quotes are
 * then not found in their sources: a table of errors).
 */
export function copiedAllegiances(limit: { rows?: number; bytes?: number; quoteFree?: boolean }): PageCase['write'] {
  return (repo, folder) => {
    const lines = readFileSync(join(repo, 'data', 'allegiances.csv'), 'utf8')
      .trimEnd()
      .split('\n');
    const [header, ...rows] = limit.quoteFree ? lines.map((line) => csvLine(Papa.parse<string[]>(line).data[0]!.map(withoutQuoting))) : lines;
    const fd = openSync(join(folder, 'allegiances.csv'), 'w');
    try {
      let written = 0;
      let count = 0;
      let batch = [header!, ...rows];
      const enough = (): boolean => (limit.rows !== undefined && count >= limit.rows) || (limit.bytes !== undefined && written >= limit.bytes);
      count = rows.length;
      for (let copy = 0; ; copy++) {
        const text = `${batch.join('\n')}\n`;
        writeSync(fd, text);
        written += Buffer.byteLength(text);
        if (enough()) break;
        batch = [];
        for (const row of rows) {
          if (enough()) break;
          const comma = row.indexOf(',');
          batch.push(`${row.slice(0, comma)}-copy-${copy}${row.slice(comma)}`);
          count++;
        }
      }
    } finally {
      closeSync(fd);
    }
    return 'allegiances.csv';
  };
}

/** The repository's allegiances with one more row of `cells` cells (the first row's, then empty ones). */
export function wideRow(cells: number): PageCase['write'] {
  return (repo, folder) => {
    const text = readFileSync(join(repo, 'data', 'allegiances.csv'), 'utf8');
    const first = text.split('\n')[1]!.split(',');
    const fd = openSync(join(folder, 'allegiances.csv'), 'w');
    try {
      writeSync(fd, text);
      writeSync(fd, `wide-${first.slice(0, 4).join(',')}`);
      const rest = ','.repeat(1 << 20);
      for (let left = cells - 4; left > 0; left -= rest.length) writeSync(fd, left >= rest.length ? rest : rest.slice(0, left));
      writeSync(fd, '\n');
    } finally {
      closeSync(fd);
    }
    return 'allegiances.csv';
  };
}

export const PAGE_CASES: readonly PageCase[] = [
  { name: '100,000 rows', write: copiedAllegiances({ rows: 100_000 }) },
  { name: '100,000 rows, no cell quoted', write: copiedAllegiances({ rows: 100_000, quoteFree: true }) },
  { name: '1,000,000 rows', write: copiedAllegiances({ rows: 1_000_000 }) },
  { name: 'a row of 5,000,000 cells', write: wideRow(5_000_000) },
  { name: '200 MB', write: copiedAllegiances({ bytes: 200 * 2 ** 20 }) },
];

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json' };

/** Serves a folder under /project/, as GitHub Pages serves a project's site. */
async function serve(folder: string): Promise<{ server: Server; base: string }> {
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const file = normalize(join(folder, pathname.replace(/^\/project\//, '')));
    if (!pathname.startsWith('/project/') || !file.startsWith(folder) || !existsSync(file) || !statSync(file).isFile())
      return void response.writeHead(404).end('not found');
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/project` };
}

const silent: Omit<CommandIO, 'cwd'> = { env: {}, stdout: () => {}, stderr: () => {}, stdoutIsTTY: false, appendFile: () => {} };

/** Chooses a file in the page and waits for its report or its message; seconds from the choice to either, and which. */
async function checkInPage(page: Page, base: string, path: string, timeoutMs: number): Promise<{ seconds: number; outcome: string }> {
  await page.goto(`${base}/check.html`);
  const started = Date.now();
  await page.setInputFiles('#files', path);
  const outcome = await page
    .waitForFunction(
      () => {
        const results = document.getElementById('results')!;
        if (results.dataset.shown === undefined || results.dataset.shown !== results.dataset.asked) return false;
        return document.getElementById('summary')?.textContent ?? document.getElementById('failure')?.textContent ?? false;
      },
      undefined,
      { timeout: timeoutMs, polling: 100 },
    )
    .then(
      async (handle) => String(await handle.jsonValue()),
      async () =>
        `no report after ${timeoutMs / 1000} s; the page said: ${await page.textContent('#status', { timeout: 5000 }).catch(() => '(the page did not answer)')}`,
    );
  return { seconds: (Date.now() - started) / 1000, outcome };
}

/** The page's JSON report, by its download button; undefined when it gave none. */
async function pageReport(page: Page): Promise<unknown> {
  const button = page.getByRole('button', { name: 'Download report (JSON)' });
  if ((await button.count()) === 0) return undefined;
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), button.click()]);
  return JSON.parse(readFileSync((await download.path())!, 'utf8'));
}

/** `npm run validate -- --format json` in a clone-like folder whose data/ holds the repository's data and the chosen file. */
function cliReport(repo: string, chosen: string): { seconds: number; report: unknown } {
  const root = mkdtempSync(join(tmpdir(), 'check-page-bench-cli-'));
  try {
    cpSync(join(repo, 'schemas'), join(root, 'schemas'), { recursive: true });
    cpSync(join(repo, 'data'), join(root, 'data'), { recursive: true });
    cpSync(chosen, join(root, 'data', 'allegiances.csv'));
    const started = performance.now();
    const run = spawnSync(
      process.execPath,
      [...VALIDATE_NODE_FLAGS, join(repo, 'scripts/lib/cli/start-bundled.mjs'), join(repo, 'scripts/validate.ts'), '--format', 'json'],
      { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 },
    );
    const seconds = (performance.now() - started) / 1000;
    if (run.status !== 0 && run.status !== 1) throw new Error(`validate failed: ${run.stderr.slice(-2000)}`);
    return { seconds, report: JSON.parse(run.stdout) };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export interface PageBenchOptions {
  readonly repo: string;
  readonly runs: number;
  readonly cases: readonly PageCase[];
  readonly timeoutMs: number;
  readonly log: (line: string) => void;
}

export async function benchCheckPage(options: PageBenchOptions): Promise<{ machine: string; results: PageCaseResult[] }> {
  const scratch = mkdtempSync(join(tmpdir(), 'check-page-bench-'));
  let browser: Browser | undefined;
  let server: Server | undefined;
  try {
    const site = join(scratch, 'site');
    options.log('Building the site …');
    if ((await siteCommand(['--out', site], { ...silent, cwd: options.repo })) !== 0) throw new Error('npm run site failed');
    const served = await serve(site);
    server = served.server;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
    const results: PageCaseResult[] = [];
    for (const pageCase of options.cases) {
      const folder = mkdtempSync(join(scratch, 'case-'));
      const path = join(folder, pageCase.write(options.repo, folder));
      const bytes = statSync(path).size;
      options.log(`${pageCase.name} (${(bytes / 2 ** 20).toFixed(1)} MB):`);
      const pageSeconds: number[] = [];
      let outcome = '';
      for (let run = 1; run <= options.runs; run++) {
        const checked = await checkInPage(page, served.base, path, options.timeoutMs);
        pageSeconds.push(checked.seconds);
        outcome = checked.outcome;
        options.log(`  page, run ${run} of ${options.runs}: ${checked.seconds.toFixed(2)} s: ${outcome}`);
      }
      const fromPage = await pageReport(page).catch(() => undefined);
      const cli = cliReport(options.repo, path);
      options.log(`  npm run validate: ${cli.seconds.toFixed(2)} s`);
      results.push({ name: pageCase.name, bytes, pageSeconds, outcome, cliSeconds: cli.seconds, sameReport: isDeepStrictEqual(fromPage, cli.report) });
      rmSync(folder, { recursive: true, force: true });
    }
    return { machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}, Chromium ${browser.version()}`, results };
  } finally {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    rmSync(scratch, { recursive: true, force: true });
  }
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;

export function pageBenchTable({ machine, results }: { machine: string; results: readonly PageCaseResult[] }): string {
  return [
    machine,
    '',
    '| Chosen allegiances.csv | Size | Check page, to the report | npm run validate | Same report |',
    '|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.name} | ${(r.bytes / 2 ** 20).toFixed(1)} MB | ${median(r.pageSeconds).toFixed(2)} s${r.pageSeconds.length > 1 ? ` (${r.pageSeconds.map((s) => s.toFixed(1)).join(', ')})` : ''} | ${r.cliSeconds.toFixed(2)} s | ${r.sameReport ? 'yes' : `no: ${r.outcome}`} |`,
    ),
  ].join('\n');
}
