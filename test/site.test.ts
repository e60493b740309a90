import { rmSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relationshipTable } from '../scripts/lib/model/relationships.ts';
import { readAllRecords } from '../scripts/lib/read/read-dataset.ts';
import { BASE_FIXTURE, MODEL } from './helpers/fixtures.ts';
import { buildSiteOf, hasChromium, launchChromium, serveFolder } from './helpers/site-server.ts';

if (!hasChromium) console.warn('Browser tests skipped: /usr/bin/chromium is missing (apt-get install chromium; .ci/run installs it).');

describe.skipIf(!hasChromium)('the dataset browser in Chromium', () => {
  let out: string;
  let server: Server;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    // Built from the small fixture dataset, so what the pages show is known whatever data/ holds.
    out = await buildSiteOf(BASE_FIXTURE);
    ({ base, server } = await serveFolder(out));
    browser = await launchChromium();
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
      // Every page's header leads to the network over time.
      expect(await page.locator('header a[href$="time.html"]').count(), url).toBe(1);
      const links = await page
        .locator('a[href], img[src], link[href], script[src]')
        .evaluateAll((nodes) => nodes.map((n) => (n as HTMLAnchorElement).href || (n as HTMLImageElement).src));
      for (const link of links) if (link.startsWith(base) && !seen.has(link.split('#')[0]!)) queue.push(link.split('#')[0]!);
    }
    // Every row of every table but the relationships (actors, groups, sources, …) has its page, and each was reached.
    const records = await readAllRecords(MODEL, BASE_FIXTURE);
    for (const table of MODEL.tables.filter((t) => t !== relationshipTable(MODEL)?.table))
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
    // The start page lists every row that has a page, each findable by its names.
    const listed = MODEL.tables.filter((t) => t !== relationshipTable(MODEL)?.table).reduce((sum, table) => sum + records.get(table.name)!.length, 0);
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
