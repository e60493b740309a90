import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relationshipTable } from '../scripts/lib/model/relationships.ts';
import { readAllRecords } from '../scripts/lib/read/read-dataset.ts';
import { releaseCsv, releaseTables } from '../scripts/lib/release/release-tables.ts';
import { addMonths, dayOf, holdsDuring, holdsOn, isoOf, type Holds, type Period } from '../scripts/lib/site/holds.ts';
import { TIME_PAGE_CSP } from '../scripts/lib/site/time-html.ts';
import { BASE_FIXTURE, canonicalDataCopy, csvRecords, datasetWith, MODEL, REPO } from './helpers/fixtures.ts';
import { buildSiteOf, hasChromium, launchChromium, serveFolder } from './helpers/site-server.ts';

if (!hasChromium) console.warn('Over-time page tests skipped: /usr/bin/chromium is missing (apt-get install chromium; .ci/run installs it).');

/** A relationship as a researcher reads it from the release's CSV: its ends, kind, quote, first source and the period its date bounds give. */
interface Released {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly kind: string;
  readonly quote: string;
  readonly source: string;
  readonly period: Period;
  /** The first day any of its dates can mean (the page's time order), Infinity when undated. */
  readonly first: number;
}

/** The relationships of a data folder, from the release's allegiances CSV and its `_earliest` / `_latest` columns, found through the schemas. */
async function releasedRelationships(dataDir: string, scratch: string): Promise<Released[]> {
  const records = await readAllRecords(MODEL, dataDir);
  const { table, from, to, kind, start, end } = relationshipTable(MODEL)!;
  const release = releaseTables(MODEL, records).find((t) => t.table === table)!;
  const path = join(scratch, `${table.name}.csv`);
  writeFileSync(path, releaseCsv(release));
  const quote = table.columns.find((c) => c.quoteOf)!;
  const citations = table.columns.find((c) => c.name === quote.quoteOf)!;
  const bounds = (row: Record<string, string>, column: string | undefined) => {
    const earliest = column ? row[`${column}_earliest`] : '';
    return earliest ? { earliest: dayOf(earliest)!, latest: dayOf(row[`${column}_latest`]!)! } : undefined;
  };
  return csvRecords(path).map((row) => {
    const period = { start: bounds(row, start?.name), end: bounds(row, end?.name) };
    return {
      id: row[table.primaryKey]!,
      from: row[from.name]!,
      to: row[to.name]!,
      kind: row[kind.name]!,
      quote: row[quote.name]!,
      source: row[citations.name]!.split('|')[0]!,
      period,
      first: (period.start ?? period.end)?.earliest ?? Infinity,
    };
  });
}

interface Filter {
  readonly kinds?: readonly string[];
  readonly trace?: string;
  readonly undated?: boolean;
}

/** What the page must draw on a day: each shown relationship's id with its state, by holds.ts's rule on the CSV's bounds. */
function expectedOn(rows: readonly Released[], day: number, filter: Filter = {}): Map<string, Holds> {
  const drawn = new Map<string, Holds>();
  for (const row of rows) {
    if (filter.kinds && !filter.kinds.includes(row.kind)) continue;
    if (filter.trace && row.from !== filter.trace && row.to !== filter.trace) continue;
    const holds = holdsOn(row.period, day);
    if (holds === 'no' || (holds === 'undated' && filter.undated === false)) continue;
    drawn.set(row.id, holds);
  }
  return drawn;
}

/** The days the page's date control covers, from the CSV: the month before the first date to the last day a date can mean. */
function spanOf(rows: readonly Released[]): { first: number; last: number } {
  const bounds = rows.flatMap((r) => [r.period.start, r.period.end].flatMap((b) => (b ? [b] : [])));
  return { first: addMonths(Math.min(...bounds.map((b) => b.earliest)), -1), last: Math.max(...bounds.map((b) => b.latest)) };
}

/** Days to look at, from the data: each bound and the days either side, the span's ends, and the two days of the issue, at most `count`, spread evenly. */
function daysToCheck(rows: readonly Released[], count: number): number[] {
  const { first, last } = spanOf(rows);
  const clamp = (d: number) => Math.min(last, Math.max(first, d));
  const around = rows.flatMap((r) => [r.period.start, r.period.end].flatMap((b) => (b ? [b.earliest - 1, b.earliest, b.latest, b.latest + 1] : [])));
  const all = [...new Set([first, last, ...around].map(clamp))].sort((a, b) => a - b);
  const chosen = new Set([dayOf('2014-10-01')!, dayOf('2015-07-01')!].map(clamp));
  for (let i = 0; chosen.size < count && i < all.length; i++) chosen.add(all[Math.floor((i * all.length) / Math.min(all.length, count))]!);
  return [...chosen].sort((a, b) => a - b);
}

/** The network's drawn relationships, by id with their state. */
const drawnIn = async (page: Page, scope = '#network'): Promise<Map<string, string>> =>
  new Map(
    await page
      .locator(`${scope} [data-relation]`)
      .evaluateAll((nodes) => nodes.map((n) => [n.getAttribute('data-relation')!, n.getAttribute('data-holds')!] as [string, string])),
  );

const sorted = (map: ReadonlyMap<string, string>, state?: string): string[] =>
  [...map].flatMap(([id, s]) => (state === undefined || s === state ? [id] : [])).sort();

/** Waits until the page shows a day, its lists included. */
const shown = (page: Page, day: number) =>
  page.locator(`#time-view[data-as-of="${isoOf(day)}"]:not([data-pending])`).waitFor({ state: 'attached', timeout: 30_000 });
/** Waits until the lists follow the drawing. */
const settled = (page: Page) => page.locator('#time-view[data-as-of]:not([data-pending])').waitFor({ state: 'attached', timeout: 30_000 });

const DATASETS = [
  { name: 'the fixture dataset', data: async () => BASE_FIXTURE },
  { name: 'the real data', data: canonicalDataCopy },
];

describe.skipIf(!hasChromium).each(DATASETS)('time.html on $name, in Chromium', ({ data }) => {
  let site: string;
  let rows: Released[];
  let server: Server;
  let base: string;
  let browser: Browser;
  const scratch = mkdtempSync(join(tmpdir(), 'time-page-'));
  const requests: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    const dataDir = await data();
    site = await buildSiteOf(dataDir);
    rows = await releasedRelationships(dataDir, scratch);
    ({ base, server } = await serveFolder(site, {
      '/two-dates.html': `<!doctype html><html><head><style>body{margin:0;display:flex;gap:8px;background:#d1d5db}iframe{border:0;width:1000px;height:960px;background:#fff}</style></head><body><iframe id="a" src="time.html?as-of=2014-10-01"></iframe><iframe id="b" src="time.html?as-of=2015-07-01"></iframe></body></html>`,
    }));
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    if (site) rmSync(join(site, '..'), { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  const open = async (search = '', options: { width?: number } = {}): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width: options.width ?? 1280, height: 900 } });
    page.on('request', (request) => void requests.push(request.url()));
    page.on('console', (message) => void (message.type() === 'error' && consoleErrors.push(message.text())));
    page.on('pageerror', (error) => void consoleErrors.push(error.message));
    await page.goto(`${base}/time.html${search}`);
    await page.locator('#time-view[data-as-of]').waitFor({ state: 'attached' });
    return page;
  };

  it('draws, on each day, exactly the relationships the CSV bounds say hold, maybe hold or have no date (by the address and by the typed date)', async () => {
    const days = daysToCheck(rows, 14);
    expect(days.length).toBeGreaterThan(3);
    const page = await open();
    for (const [n, day] of days.entries()) {
      // Half the days through the address, half typed into the date field.
      if (n % 2 === 0) await page.goto(`${base}/time.html?as-of=${isoOf(day)}`);
      else await page.locator('#as-of-date').fill(isoOf(day));
      await shown(page, day);
      const expected = expectedOn(rows, day);
      const drawn = await drawnIn(page);
      for (const state of ['yes', 'maybe', 'undated']) expect(sorted(drawn, state), `${state} on ${isoOf(day)}`).toEqual(sorted(expected, state));
      // The timeline marks the same relationships as holding (undated ones have no place on it).
      const marked = await drawnIn(page, '#timeline');
      for (const state of ['yes', 'maybe']) expect(sorted(marked, state), `timeline ${state} on ${isoOf(day)}`).toEqual(sorted(expected, state));
      expect(await page.locator('#as-of-range').inputValue()).toBe(String(day));
      // Two-way kinds (x-symmetric) are drawn without an arrowhead, the others with one.
      const twoWay = relationshipTable(MODEL)!.kind.symmetric!;
      const arrows = await page
        .locator('#network [data-relation]')
        .evaluateAll((nodes) => nodes.map((n) => [n.getAttribute('data-relation')!, n.hasAttribute('marker-end')] as const));
      for (const [id, arrow] of arrows) expect(arrow, id).toBe(!twoWay.includes(rows.find((r) => r.id === id)!.kind));
    }
    // The two days differ wherever the data dates something between them.
    const [october, july] = [dayOf('2014-10-01')!, dayOf('2015-07-01')!];
    const changes = rows.some((r) => holdsOn(r.period, october) !== holdsOn(r.period, july));
    expect(sorted(expectedOn(rows, october)).join() !== sorted(expectedOn(rows, july)).join()).toBe(changes);
    await page.close();
  }, 180_000);

  it('on a canvas, as for large datasets, keeps the same index of what is drawn, paints each line where it is, and leads from it to its quote', async () => {
    const days = daysToCheck(rows, 5);
    const page = await open(`?drawing=canvas`);
    expect(await page.locator('.net-stack').getAttribute('data-drawing')).toBe('canvas');
    /** Where the middle of each drawn line falls on the page, and how opaque the canvas is around it. */
    const middles = () =>
      page.evaluate(() => {
        const stack = document.querySelector('.net-stack')!;
        const canvases = Array.from(stack.querySelectorAll('canvas'));
        const box = stack.getBoundingClientRect();
        const scale = box.width / (stack.querySelector('svg') as SVGSVGElement).viewBox.baseVal.width;
        return Array.from(stack.querySelectorAll<SVGPathElement>('[data-relation]')).map((path) => {
          const middle = path.getPointAtLength(path.getTotalLength() / 2);
          const [x, y] = [middle.x * scale, middle.y * scale];
          let alpha = 0;
          for (const canvas of canvases) {
            const pixels = canvas.width / box.width;
            const area = canvas.getContext('2d')!.getImageData(Math.round(x * pixels) - 2, Math.round(y * pixels) - 2, 5, 5).data;
            for (let i = 3; i < area.length; i += 4) alpha = Math.max(alpha, area[i]!);
          }
          return { id: path.getAttribute('data-relation')!, x: box.left + x, y: box.top + y, alpha };
        });
      });
    for (const day of days) {
      await page.goto(`${base}/time.html?drawing=canvas&as-of=${isoOf(day)}`);
      await shown(page, day);
      const expected = expectedOn(rows, day);
      const drawn = await drawnIn(page);
      for (const state of ['yes', 'maybe', 'undated']) expect(sorted(drawn, state), `${state} on ${isoOf(day)}`).toEqual(sorted(expected, state));
      for (const middle of await middles()) expect(middle.alpha, `${middle.id} painted on ${isoOf(day)}`).toBeGreaterThan(0);
    }
    // Nothing shown, nothing painted.
    await page.locator('#kinds-none').click();
    await expect.poll(() => drawnIn(page).then((d) => d.size)).toBe(0);
    const blank = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLCanvasElement>('.net-stack canvas')).some((canvas) =>
        canvas
          .getContext('2d')!
          .getImageData(0, 0, canvas.width, canvas.height)
          .data.some((value, i) => i % 4 === 3 && value > 0),
      ),
    );
    expect(blank).toBe(false);
    // A click on a line, painted on the canvas, shows its evidence.
    await page.locator('#kinds-all').click();
    await settled(page);
    const [first] = await middles();
    if (first) {
      await page.evaluate((y) => window.scrollBy(0, y - 300), first.y);
      const middle = (await middles())[0]!;
      await page.mouse.click(middle.x, middle.y);
      await expect.poll(() => page.locator('#evidence').getAttribute('data-relation')).not.toBeNull();
      const id = (await page.locator('#evidence').getAttribute('data-relation'))!;
      expect(await page.locator('#evidence blockquote').textContent()).toBe(rows.find((r) => r.id === id)!.quote);
    }
    await page.close();
  });

  it('steps by month when played, and by day from the keyboard on the slider', async () => {
    const { first, last } = spanOf(rows);
    const page = await open(`?as-of=${isoOf(first)}`);
    await page.locator('#play').click();
    await page.locator(`#time-view[data-as-of="${isoOf(Math.min(last, addMonths(first, 2)))}"]`).waitFor({ state: 'attached' });
    await page.locator('#play').click();
    expect(await page.locator('#play').getAttribute('aria-pressed')).toBe('false');
    const day = Number(await page.locator('#as-of-range').inputValue());
    await page.locator('#as-of-range').focus();
    await page.keyboard.press('ArrowRight');
    await shown(page, Math.min(last, day + 1));
    await page.keyboard.press('End');
    await shown(page, last);
    expect(sorted(await drawnIn(page))).toEqual(sorted(expectedOn(rows, last)));
    await page.close();
  });

  it('a kind filter and a trace change the drawn set exactly as computed, and put themselves in the address', async () => {
    const { last } = spanOf(rows);
    const kinds = [...new Set(rows.map((r) => r.kind))].sort();
    const chosen = kinds.filter((_, i) => i % 2 === 0);
    const page = await open(`?as-of=${isoOf(last)}`);
    await page.locator('#kinds-none').click();
    await expect.poll(() => drawnIn(page).then((d) => d.size)).toBe(0);
    for (const kind of chosen) await page.locator(`#kinds input[value="${kind}"]`).check();
    await expect.poll(async () => sorted(await drawnIn(page))).toEqual(sorted(expectedOn(rows, last, { kinds: chosen })));
    const schemaOrder = relationshipTable(MODEL)!.kind.enumValues!.filter((k) => chosen.includes(k));
    expect(new URL(page.url()).searchParams.get('kinds')).toBe(schemaOrder.join(','));

    // Trace the person or group with the most relationships.
    await page.locator('#kinds-all').click();
    const counts = new Map<string, number>();
    for (const r of rows) for (const end of [r.from, r.to]) counts.set(end, (counts.get(end) ?? 0) + 1);
    const traced = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
    await page.locator('#trace').selectOption(traced);
    await expect.poll(async () => sorted(await drawnIn(page))).toEqual(sorted(expectedOn(rows, last, { trace: traced })));
    expect(new URL(page.url()).searchParams.get('trace')).toBe(traced);
    // Its relationships over the whole period, listed in time order.
    await settled(page);
    const own = rows.filter((r) => r.from === traced || r.to === traced).sort((a, b) => a.first - b.first || (a.id < b.id ? -1 : 1));
    expect(await page.locator('#trace-list [data-item]').evaluateAll((items) => items.map((i) => i.getAttribute('data-item')))).toEqual(own.map((r) => r.id));
    await page.close();
  });

  it('restores a view from its address, and back and forward walk through the views', async () => {
    const days = daysToCheck(rows, 6);
    const kinds = [...new Set(rows.map((r) => r.kind))].sort().slice(0, 2);
    const trace = rows[0]!.from;
    const [a, b] = [days[1]!, days[days.length - 2]!];
    const page = await open(`?as-of=${isoOf(a)}&kinds=${kinds.join(',')}&trace=${trace}&undated=hide`);
    await shown(page, a);
    expect(await page.locator('#as-of-date').inputValue()).toBe(isoOf(a));
    expect(await page.locator('#trace').inputValue()).toBe(trace);
    expect(await page.locator('#undated').isChecked()).toBe(false);
    for (const box of await page.locator('#kinds input').all()) expect(await box.isChecked()).toBe(kinds.includes(await box.inputValue()));
    expect(sorted(await drawnIn(page))).toEqual(sorted(expectedOn(rows, a, { kinds, trace, undated: false })));

    await page.goto(`${base}/time.html?as-of=${isoOf(a)}`);
    await shown(page, a);
    await page.locator('#as-of-date').fill(isoOf(b));
    await shown(page, b);
    await page.locator('#undated').uncheck();
    await expect.poll(() => new URL(page.url()).searchParams.get('undated')).toBe('hide');
    await page.goBack();
    await expect.poll(async () => sorted(await drawnIn(page))).toEqual(sorted(expectedOn(rows, b)));
    expect(await page.locator('#undated').isChecked()).toBe(true);
    await page.goBack();
    await shown(page, a);
    expect(sorted(await drawnIn(page))).toEqual(sorted(expectedOn(rows, a)));
    await page.goForward();
    await shown(page, b);
    await page.close();
  });

  it('shows the evidence of a clicked line, connector or list item: the relationship in words, its verbatim quote and its source', async () => {
    const dated = rows.filter((r) => r.period.start || r.period.end);
    const day = spanOf(rows).last;
    const page = await open(`?as-of=${isoOf(day)}`);
    /** Clicks the first element of `selector` whose middle shows nothing else, as a person would click it. */
    const clickOne = async (selector: string, hit: string): Promise<string> => {
      for (const element of await page.locator(selector).all()) {
        const point = await element.evaluate((group, hitSelector) => {
          const shape = (group.matches(hitSelector) ? group : group.querySelector(hitSelector)) as SVGGeometryElement;
          const box = shape.getBoundingClientRect();
          const middle =
            shape instanceof SVGPathElement
              ? (() => {
                  const p = shape.getPointAtLength(shape.getTotalLength() / 2);
                  const m = shape.getScreenCTM()!;
                  return { x: m.a * p.x + m.c * p.y + m.e, y: m.b * p.x + m.d * p.y + m.f };
                })()
              : { x: box.x + box.width / 2, y: box.y + box.height / 2 };
          return document.elementFromPoint(middle.x, middle.y)?.closest('[data-relation]') === group ? middle : undefined;
        }, hit);
        if (!point) continue;
        await page.mouse.click(point.x, point.y);
        return (await element.getAttribute('data-relation'))!;
      }
      throw new Error(`no ${selector} can be clicked`);
    };
    const check = async (id: string) => {
      const row = rows.find((r) => r.id === id)!;
      await expect.poll(() => page.locator('#evidence').getAttribute('data-relation')).toBe(id);
      expect(await page.locator('#evidence blockquote').textContent()).toBe(row.quote);
      const link = page.locator('#evidence a[href^="sources/"]').first();
      expect(await link.getAttribute('href')).toBe(`sources/${row.source}.html`);
      expect((await page.request.get(new URL((await link.getAttribute('href'))!, `${base}/`).href)).status()).toBe(200);
    };
    await page.locator('#network').scrollIntoViewIfNeeded();
    await check(await clickOne('#network [data-relation]', 'path'));
    if (dated.length) {
      await page.locator('#timeline').scrollIntoViewIfNeeded();
      await check(await clickOne('#timeline [data-relation]', 'path.tl-link'));
    }
    // From the keyboard: the list's items are buttons.
    await settled(page);
    const first = page.locator('#shown-lists [data-item] button').first();
    await first.focus();
    await page.keyboard.press('Enter');
    await check((await page.locator('#shown-lists [data-item]').first().getAttribute('data-item'))!);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('evidence');
    // Every drawn relationship is in the lists, each once.
    const listed = await page.locator('#shown-lists [data-item]').evaluateAll((items) => items.map((i) => i.getAttribute('data-item')!).sort());
    expect(listed).toEqual(sorted(await drawnIn(page)));
    await page.close();
  });

  it('zooms the timeline from the whole period to a month, and a date chosen on it is the network’s date', async () => {
    const { first, last } = spanOf(rows);
    const page = await open(`?as-of=${isoOf(last)}`);
    const timeline = page.locator('#timeline');
    expect(Number(await timeline.getAttribute('data-days-in-view'))).toBe(last - first + 1);
    await page.locator('#tl-zoom-month').click();
    await expect.poll(async () => Number(await timeline.getAttribute('data-days-in-view'))).toBeLessThanOrEqual(31);
    expect(await page.locator('#timeline .tl-day-label').count()).toBeGreaterThan(0);
    await page.locator('#tl-zoom-fit').click();
    await expect.poll(async () => Number(await timeline.getAttribute('data-days-in-view'))).toBe(last - first + 1);
    // A click on the time axis, a third of the way along, chooses a date there for both views.
    const axis = page.locator('#timeline .tl-axis-band');
    await axis.scrollIntoViewIfNeeded();
    const box = (await axis.boundingBox())!;
    await page.mouse.click(box.x + box.width / 3, box.y + box.height / 2);
    await expect.poll(() => page.locator('#time-view').getAttribute('data-as-of')).not.toBe(isoOf(last));
    const chosen = dayOf((await page.locator('#time-view').getAttribute('data-as-of'))!)!;
    expect(Math.abs(chosen - (first + (last - first) / 3))).toBeLessThan((last - first) / 10 + 2);
    expect(new URL(page.url()).searchParams.get('as-of')).toBe(isoOf(chosen));
    expect(await page.locator('#as-of-range').inputValue()).toBe(String(chosen));
    expect(sorted(await drawnIn(page))).toEqual(sorted(expectedOn(rows, chosen)));
    await page.close();
  });

  it('lists what held in each year without JavaScript, and fits a phone screen', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${base}/time.html`);
    const { first, last } = spanOf(rows);
    for (let year = new Date(first * 864e5).getUTCFullYear(); year <= new Date(last * 864e5).getUTCFullYear(); year++) {
      const [from, to] = [Math.max(first, dayOf(`${year}-01-01`)!), Math.min(last, dayOf(`${year}-12-31`)!)];
      const expected = rows.filter((r) => ['yes', 'maybe'].includes(holdsDuring(r.period, from, to))).map((r) => r.id);
      const listed = await page.locator(`table[data-year="${year}"] [data-item]`).evaluateAll((items) => items.map((i) => i.getAttribute('data-item')));
      expect(listed.sort(), String(year)).toEqual(expected.sort());
    }
    const undated = rows.filter((r) => !r.period.start && !r.period.end).map((r) => r.id);
    expect((await page.locator('table[data-year="undated"] [data-item]').evaluateAll((items) => items.map((i) => i.getAttribute('data-item')))).sort()).toEqual(
      undated.sort(),
    );
    expect(await page.locator('#time-view').isVisible()).toBe(false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);
    await context.close();

    const phone = await open('', { width: 375 });
    expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);
    expect(await phone.locator('#network svg').first().isVisible()).toBe(true);
    expect((await phone.locator('#network svg').first().boundingBox())!.width).toBeLessThanOrEqual(375);
    await phone.close();
  });

  it('makes no request outside the site, runs under its policy without eval, and ships its script within 150 KB gzipped', async () => {
    const html = readFileSync(join(site, 'time.html'), 'utf8');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${TIME_PAGE_CSP}">`);
    expect(TIME_PAGE_CSP).not.toContain('unsafe');
    const script = readFileSync(join(site, 'time.js'));
    const gzipped = gzipSync(script).length;
    console.log(`time.js: ${script.length} bytes, ${gzipped} gzipped`);
    expect(gzipped).toBeLessThan(150 * 1024);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => !url.startsWith(`${base}/`))).toEqual([]);
    expect(consoleErrors.filter((text) => !/favicon/.test(text) && !/status of 404/.test(text))).toEqual([]);
  });

  it('takes a screenshot of two dates side by side', async () => {
    const page = await browser.newPage({ viewport: { width: 2008, height: 960 } });
    await page.goto(`${base}/two-dates.html`);
    for (const frame of ['a', 'b']) {
      const inner = page.frameLocator(`#${frame}`);
      await inner.locator('#time-view[data-as-of]').waitFor({ state: 'attached' });
      // The summary of the day just below the date bar, which stays on screen, then the network.
      await inner.locator('#summary').evaluate((summary) => window.scrollTo(0, summary.getBoundingClientRect().top + window.scrollY - 96));
    }
    const shot = join(site, '..', 'time-two-dates.png');
    await page.screenshot({ path: shot });
    // UPDATE_SCREENSHOTS=1 npx vitest run test/time-page.test.ts puts the real data's screenshot in docs/ for the README.
    if (process.env.UPDATE_SCREENSHOTS && (await data()) !== BASE_FIXTURE) copyFileSync(shot, join(REPO, 'docs', 'time-two-dates.png'));
    await page.close();
  });
});

describe.skipIf(!hasChromium)('time.html with names and quotes that look like markup', () => {
  it('shows them as text: no element, no script from the data', async () => {
    const name = `<img src=x onerror="document.title='run'">Kebekov`;
    const dir = datasetWith({
      'actors.csv': readFileSync(join(BASE_FIXTURE, 'actors.csv'), 'utf8').replace('Aliaskhab Kebekov', `"${name.replace(/"/g, '""')}"`),
    });
    const site = await buildSiteOf(dir);
    const { base, server } = await serveFolder(site);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`${base}/time.html?trace=kebekov`);
      await page.locator('#time-view[data-as-of]').waitFor({ state: 'attached' });
      expect(await page.locator('#trace option:checked').textContent()).toContain(name);
      await page.locator('#time-view[data-as-of]:not([data-pending])').waitFor({ state: 'attached' });
      await page.locator('#trace-list [data-item] button').first().click();
      expect(await page.locator('#evidence h2').textContent()).toContain(name);
      expect(await page.locator('main img').count()).toBe(0);
      expect(await page.title()).not.toBe('run');
    } finally {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      rmSync(join(site, '..'), { recursive: true, force: true });
    }
  }, 120_000);
});
