import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandIO } from '../scripts/lib/cli/io.ts';
import { siteCommand } from '../scripts/lib/cli/site-command.ts';
import { readAllRecords } from '../scripts/lib/read/read-dataset.ts';
import { BASE_FIXTURE, MODEL, REPO } from './helpers/fixtures.ts';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`Browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium; .ci/run installs it).`);

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

describe.skipIf(!hasChromium)('the dataset browser in Chromium', () => {
  let out: string;
  let server: Server;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    // Built from the small fixture dataset, so what the pages show is known whatever data/ holds.
    const repo = mkdtempSync(join(tmpdir(), 'site-'));
    cpSync(join(REPO, 'schemas'), join(repo, 'schemas'), { recursive: true });
    cpSync(BASE_FIXTURE, join(repo, 'data'), { recursive: true });
    out = join(repo, 'site');
    const io: CommandIO = { cwd: repo, env: {}, stdout: () => {}, stderr: () => {}, stdoutIsTTY: false, appendFile: () => {} };
    expect(await siteCommand(['--out', out], io)).toBe(0);
    // A plain static file server on localhost, as GitHub Pages would serve the folder.
    server = createServer((request, response) => {
      const path = normalize(join(out, decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)));
      const file = path.endsWith('/') ? join(path, 'index.html') : path;
      if (!file.startsWith(out) || !existsSync(file) || !statSync(file).isFile()) return void response.writeHead(404).end('not found');
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    if (out) rmSync(join(out, '..'), { recursive: true, force: true });
  });

  it('finds a person by an alias, whatever the case and accents', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/index.html`);
    await page.getByLabel('Find a person, group or source by any spelling of its name').fill('umar shishani');
    const visible = page.locator('li[data-names]:visible');
    await expect.poll(() => visible.count()).toBe(1);
    expect(await visible.first().textContent()).toContain('Abu Omar al-Shishani');
    await page.getByLabel(/Find a person/).fill('Ali Abu Muhammad');
    await expect.poll(() => visible.count()).toBe(1);
    await visible.getByRole('link').click();
    await page.waitForURL('**/actors/kebekov.html');
    expect(await page.locator('h1').textContent()).toBe('Aliaskhab Kebekov');
    await page.close();
  });

  it("shows an entity's allegiances in time order, each with its quote and source", async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/groups/emirate.html`);
    const items = page.locator('ol.allegiances > li');
    expect(await items.count()).toBe(2);
    for (let i = 0; i < (await items.count()); i++) {
      expect(await items.nth(i).locator('blockquote').count(), `allegiance ${i}`).toBe(1);
      expect(await items.nth(i).locator('a[href*="sources/"]').count()).toBeGreaterThan(0);
    }
    // Dated rows come first: the affiliation of November 2014 before the undated leadership.
    expect(await items.first().textContent()).toContain('2014-11~');
    expect(await items.last().textContent()).toContain('Kebekov leads the Emirate.');
    expect(await page.locator('img[alt^="Network of Caucasus Emirate"]').count()).toBe(1);
    await page.close();
  });

  it('has no broken links: every page and file reachable from the start page loads', async () => {
    const page = await browser.newPage();
    const seen = new Set<string>();
    const queue = [`${base}/index.html`];
    while (queue.length) {
      const url = queue.shift()!;
      if (seen.has(url)) continue;
      seen.add(url);
      const response = await page.goto(url);
      expect(response?.status(), url).toBe(200);
      if (!url.endsWith('.html')) continue;
      const links = await page
        .locator('a[href], img[src], link[href], script[src]')
        .evaluateAll((nodes) => nodes.map((n) => (n as HTMLAnchorElement).href || (n as HTMLImageElement).src));
      for (const link of links) if (link.startsWith(base) && !seen.has(link.split('#')[0]!)) queue.push(link.split('#')[0]!);
    }
    // Every actor, group and source has its page, and each was reached.
    const records = await readAllRecords(MODEL, BASE_FIXTURE);
    for (const table of MODEL.tables.filter((t) => t.name !== 'allegiances'))
      for (const record of records.get(table.name)!) expect(seen, `${table.name}/${record.id}`).toContain(`${base}/${table.name}/${record.id}.html`);
    await page.close();
  }, 120_000);

  it('reads without JavaScript, and fits a phone screen', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 740 } });
    const page = await context.newPage();
    for (const path of ['/index.html', '/groups/emirate.html', '/sources/src-b.html', '/codebook.html']) {
      await page.goto(`${base}${path}`);
      expect(await page.locator('h1').count(), path).toBe(1);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(1);
    }
    await page.goto(`${base}/index.html`);
    const records = await readAllRecords(MODEL, BASE_FIXTURE);
    const listed = ['actors', 'groups', 'sources'].reduce((sum, table) => sum + records.get(table)!.length, 0);
    expect(await page.locator('li[data-names]:visible').count()).toBe(listed);
    expect(await page.locator('img:not([alt])').count()).toBe(0);
    await context.close();
  });

  it('draws the network page (screenshot)', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(`${base}/network.html`);
    await page.locator('img[src="network.svg"]').waitFor();
    const width = await page.locator('img[src="network.svg"]').evaluate((img) => (img as HTMLImageElement).naturalWidth);
    expect(width).toBeGreaterThan(500);
    const shot = join(out, '..', 'network-page.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(20_000);
    await page.close();
  });
});
