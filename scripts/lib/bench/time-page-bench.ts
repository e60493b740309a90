import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { DatasetModel } from '../model/types.ts';
import { readAllRecords } from '../read/read-dataset.ts';
import { addMonths } from '../site/holds.ts';
import { STYLE } from '../site/html.ts';
import { timePageFiles } from '../site/time-html.ts';
import { launchChromium, serveFolder } from './static-server.ts';
import { benchSizes, sizesText, withEntities, writeSyntheticDataset, type BenchSizes } from './synthetic-dataset.ts';

export interface TimeBenchOptions {
  /** Relationships, and actors and groups together (a fifth of them groups). */
  readonly relationships: number;
  readonly entities: number;
  readonly log: (line: string) => void;
}

/** Milliseconds for one date change: the page's own work, and until the frame that shows it has been drawn. */
export interface Redraw {
  readonly day: number;
  readonly drawn: number;
  readonly scriptMs: number;
  readonly frameMs: number;
}

export interface Summary {
  readonly changes: number;
  readonly medianFrameMs: number;
  readonly p90FrameMs: number;
  readonly maxFrameMs: number;
  readonly medianScriptMs: number;
  readonly maxScriptMs: number;
}

export interface TimeBenchResult {
  readonly measuredAt: string;
  readonly machine: { readonly cpus: number; readonly cpuModel: string; readonly node: string; readonly chromium: string };
  readonly sizes: BenchSizes;
  readonly buildSeconds: number;
  readonly loadMs: number;
  /** How the page drew the network: SVG elements, or a canvas with them as its index. */
  readonly drawing: string;
  /** The machine's load (1-minute average) before and after: the machine is shared, and its speed drifts with it. */
  readonly loadAverage: readonly [number, number];
  /**
   * By sequence, with the network on screen: month steps over the span, jumps between its ends
   * (everything changes), and random days; then month steps with the timeline-diagram on screen.
   */
  readonly sequences: Readonly<Record<'months' | 'jumps' | 'random' | 'timeline', Summary>>;
  readonly all: Summary;
  readonly budgetMs: number;
}

const BUDGET_MS = 100;

const quantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const summary = (redraws: readonly Redraw[]): Summary => ({
  changes: redraws.length,
  medianFrameMs: quantile(
    redraws.map((r) => r.frameMs),
    0.5,
  ),
  p90FrameMs: quantile(
    redraws.map((r) => r.frameMs),
    0.9,
  ),
  maxFrameMs: Math.max(...redraws.map((r) => r.frameMs)),
  medianScriptMs: quantile(
    redraws.map((r) => r.scriptMs),
    0.5,
  ),
  maxScriptMs: Math.max(...redraws.map((r) => r.scriptMs)),
});

/**
 * Measures the "over time" page (time.html) in Chromium on a synthetic dataset from the bench's
 * generator: built as `npm run site` builds it, served, loaded, then the date changed as a person
 * changes it (the slider's input event), month by month, between the span's ends and to random days.
 * Each change is timed from the event to the end of the frame that shows it.
 */
/** Few sources for the time page, which draws relationships, not articles: one per 400 relationships, 3 to 50. */
const sourcesFor = (model: DatasetModel, relationships: number): BenchSizes => {
  const sources = model.tables.find((t) => t.archive);
  return sources ? { [sources.name]: Math.max(3, Math.min(50, Math.round(relationships / 400))) } : {};
};

export async function runTimeBench(model: DatasetModel, options: TimeBenchOptions): Promise<TimeBenchResult> {
  const sizes = withEntities(model, { ...benchSizes(model, options.relationships), ...sourcesFor(model, options.relationships) }, options.entities);
  const dir = mkdtempSync(join(tmpdir(), 'time-bench-'));
  try {
    options.log(`Generating ${sizesText(sizes)} …`);
    writeSyntheticDataset(model, join(dir, 'data'), sizes);
    const records = await readAllRecords(model, join(dir, 'data'));
    options.log('Building time.html (laying out the network with Graphviz) …');
    const started = performance.now();
    const files = await timePageFiles(model, records);
    const buildSeconds = (performance.now() - started) / 1000;
    const site = join(dir, 'site');
    for (const [path, content] of [...files, ['style.css', STYLE] as const]) {
      mkdirSync(dirname(join(site, path)), { recursive: true });
      writeFileSync(join(site, path), content);
    }
    const { base, server } = await serveFolder(site);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const loadStarted = performance.now();
      await page.goto(`${base}/time.html`);
      await page.locator('#time-view[data-as-of]').waitFor({ state: 'attached', timeout: 300_000 });
      const loadMs = performance.now() - loadStarted;
      const drawing = (await page.locator('.net-stack').getAttribute('data-drawing')) ?? 'unknown';
      const loadBefore = loadavg()[0]!;
      const [first, last] = await page
        .locator('#as-of-range')
        .evaluate((range) => [Number((range as HTMLInputElement).min), Number((range as HTMLInputElement).max)]);
      const months: number[] = [];
      for (let day = first!; day <= last!; day = addMonths(day, 1)) months.push(day);
      const jumps = Array.from({ length: 10 }, (_, i) => (i % 2 ? first! : last!));
      let seed = 7;
      const random = Array.from({ length: 20 }, () => first! + ((seed = (seed * 48271) % 2147483647) % (last! - first! + 1)));
      const measure = async (days: readonly number[]): Promise<Redraw[]> => {
        const redraws: Redraw[] = [];
        for (const day of days)
          redraws.push(
            await page.evaluate(async (to) => {
              const range = document.getElementById('as-of-range') as HTMLInputElement;
              const started = performance.now();
              range.value = String(to);
              range.dispatchEvent(new Event('input', { bubbles: true }));
              const scriptMs = performance.now() - started;
              // The callback of the next frame runs before it is drawn; a task queued from it runs once it has been.
              await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
              const frameMs = performance.now() - started;
              range.dispatchEvent(new Event('change', { bubbles: true }));
              // Then, unmeasured, until the lists and a canvas's index have followed.
              while (document.getElementById('time-view')!.dataset.pending) await new Promise((resolve) => setTimeout(resolve, 20));
              return { day: to, drawn: document.querySelectorAll('#network [data-relation]').length, scriptMs, frameMs };
            }, day),
          );
        return redraws;
      };
      options.log(`Loaded in ${Math.round(loadMs)} ms; changing the date ${2 * months.length + jumps.length + random.length} times …`);
      const onNetwork = { months: await measure(months), jumps: await measure(jumps), random: await measure(random) };
      await page.locator('#timeline').evaluate((timeline) => window.scrollTo(0, timeline.getBoundingClientRect().top + window.scrollY - 200));
      // Coming on screen, the timeline is laid out and painted for the first time: that is the scroll's cost, not a redraw's.
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 500)))));
      const sequences = { ...onNetwork, timeline: await measure(months) };
      const version = browser.version();
      return {
        measuredAt: new Date().toISOString(),
        machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, chromium: version },
        sizes,
        buildSeconds,
        loadMs,
        drawing,
        loadAverage: [loadBefore, loadavg()[0]!],
        sequences: {
          months: summary(sequences.months),
          jumps: summary(sequences.jumps),
          random: summary(sequences.random),
          timeline: summary(sequences.timeline),
        },
        all: summary(Object.values(sequences).flat()),
        budgetMs: BUDGET_MS,
      };
    } finally {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The results as a Markdown table. */
export function timeBenchTable(result: TimeBenchResult): string {
  const row = (name: string, s: Summary): string =>
    `| ${name} | ${s.changes} | ${s.medianFrameMs.toFixed(1)} | ${s.p90FrameMs.toFixed(1)} | ${s.maxFrameMs.toFixed(1)} | ${s.medianScriptMs.toFixed(1)} | ${s.maxScriptMs.toFixed(1)} |`;
  return [
    `time.html with ${sizesText(result.sizes)}, drawn as ${result.drawing}: built in ${result.buildSeconds.toFixed(1)} s, loaded in ${Math.round(result.loadMs)} ms (Chromium ${result.machine.chromium}, load average ${result.loadAverage.map((l) => l.toFixed(1)).join(' → ')} on ${result.machine.cpus} cores).`,
    '',
    '| Date changes | Count | Median to frame (ms) | 90th percentile | Max | Median in script (ms) | Max in script |',
    '|---|---|---|---|---|---|---|',
    row('a month at a time', result.sequences.months),
    row('between the span’s ends', result.sequences.jumps),
    row('to random days', result.sequences.random),
    row('a month at a time, timeline on screen', result.sequences.timeline),
    row('all', result.all),
    '',
    `Budget: ${result.budgetMs} ms to the frame. ${result.all.p90FrameMs <= result.budgetMs ? 'Within it' : 'Over it'} at the 90th percentile (max ${result.all.maxFrameMs.toFixed(1)} ms).`,
  ].join('\n');
}
