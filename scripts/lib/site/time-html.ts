import { fileURLToPath } from 'node:url';
import type { RowRecord } from '../model/cell-validator.ts';
import type { DatasetModel } from '../model/types.ts';
import { bundleForBrowser } from './bundle-script.ts';
import { HOLDS_RULE, holdsDuring, isoOf, type Holds } from './holds.ts';
import { esc, page } from './html.ts';
import { timeData } from './time-data.ts';
import { TIME_STYLE } from './time-style.ts';
import type { RelationInfo, TimeData } from './time-types.ts';

/**
 * The page's own files and nothing else: no eval, no request anywhere (its data is in the page),
 * styles only from the stylesheets, so no text from the data can become markup or script.
 */
export const TIME_PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'";

export const TIME_PAGE = 'time.html';
const SCRIPT = 'time.js';
export const ENTRY = fileURLToPath(new URL('./time-page.ts', import.meta.url));

/** The "over time" page's files by path below the site folder: the page, its script and its stylesheet. */
export async function timePageFiles(model: DatasetModel, records: ReadonlyMap<string, readonly RowRecord[]>): Promise<Map<string, string>> {
  const data = await timeData(model, records);
  return new Map([
    [TIME_PAGE, timeHtml(data)],
    [SCRIPT, await bundleForBrowser(ENTRY)],
    ['time.css', TIME_STYLE],
  ]);
}

/** JSON that can stand inside a <script> element: no `<` that could close it or open a comment. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

const relationWords = (data: TimeData, r: RelationInfo): string => {
  const link = (i: number): string => `<a href="${esc(data.entities[i]!.href)}">${esc(data.entities[i]!.name)}</a>`;
  return `${link(r.from)} <span class="kind">${esc(data.kinds[r.kind]!.label)}</span> ${link(r.to)}`;
};
const datesOf = (r: RelationInfo): string =>
  r.start && r.end ? `${r.start.text} to ${r.end.text}` : r.start ? `from ${r.start.text}` : r.end ? `until ${r.end.text}` : 'undated';

/** A table of relationships, for the page without JavaScript. */
function relationTable(data: TimeData, rows: readonly { relation: RelationInfo; holds?: Holds }[], year: string, caption: string, withState: boolean): string {
  const body = rows.map(({ relation: r, holds }) => {
    const sources = r.sources.map((s) => `<a href="${esc(data.sources[s]!.href)}">${esc(data.sources[s]!.title)}</a>`).join('; ');
    return `<tr data-item="${esc(r.id)}"><td>${relationWords(data, r)}</td><td>${esc(datesOf(r))}</td>${withState ? `<td>${holds === 'yes' ? 'held' : 'may have held'}</td>` : ''}<td>${esc(r.certainty ?? '')}</td><td>${sources}</td></tr>`;
  });
  return `<div class="wide"><table class="year-table" data-year="${year}">
<caption>${esc(caption)}</caption>
<thead><tr><th scope="col">Relationship</th><th scope="col">Dates</th>${withState ? '<th scope="col">In that year</th>' : ''}<th scope="col">Certainty</th><th scope="col">Source</th></tr></thead>
<tbody>
${body.join('\n')}
</tbody>
</table></div>`;
}

/** What held in each year of the data's span (certainly or maybe), and the undated relationships: the page without JavaScript. */
export function yearTables(data: TimeData): string {
  const first = new Date(data.first * 86_400_000).getUTCFullYear();
  const last = new Date(data.last * 86_400_000).getUTCFullYear();
  if (!isDated(data)) return `<p>No relationship in the data has a date.</p>\n${undatedTable(data)}`;
  const sections: string[] = [];
  for (let year = first; year <= last; year++) {
    const from = Math.max(data.first, Math.round(Date.UTC(year, 0, 1) / 86_400_000));
    const to = Math.min(data.last, Math.round(Date.UTC(year, 11, 31) / 86_400_000));
    const rows = data.relations.flatMap((relation) => {
      const holds = holdsDuring(relation, from, to);
      return holds === 'yes' || holds === 'maybe' ? [{ relation, holds }] : [];
    });
    sections.push(
      `<h3 id="year-${year}">${year}</h3>\n${rows.length ? relationTable(data, rows, String(year), `Relationships that held in ${year} (${isoOf(from)} to ${isoOf(to)}), certainly or maybe`, true) : '<p>None recorded.</p>'}`,
    );
  }
  return [...sections, undatedTable(data)].join('\n');
}

const isDated = (data: TimeData): boolean => data.relations.some((r) => r.start || r.end);

function undatedTable(data: TimeData): string {
  const undated = data.relations.filter((r) => !r.start && !r.end).map((relation) => ({ relation }));
  return `<h3 id="undated-table">Undated</h3>\n${undated.length ? relationTable(data, undated, 'undated', 'Relationships no source dates: they may hold in any year', false) : '<p>None.</p>'}`;
}

export function timeHtml(data: TimeData): string {
  const span = isDated(data) ? `${isoOf(data.first)} to ${isoOf(data.last)}` : 'no date yet';
  return page({
    title: 'Allegiances over time',
    depth: 0,
    head: `<meta http-equiv="Content-Security-Policy" content="${TIME_PAGE_CSP}">\n<link rel="stylesheet" href="time.css">\n`,
    scripts: [SCRIPT],
    body: `<h1>Allegiances over time</h1>
<p>The network of actors and groups as it stood on a chosen date, and a timeline-diagram of every dated relationship. Choose a date, play the months, keep only some kinds of relationship, or trace one person or group. Click any line for the quote it rests on. The address of the page keeps what you chose, so you can share the view.</p>
<p id="problems" class="refused" role="alert"></p>
<div id="time-view" hidden>
<div class="date-bar">
<label for="as-of-range">Date <output id="as-of-label" for="as-of-range"></output></label>
<input id="as-of-range" type="range" step="1" aria-describedby="span-note">
<span class="date-controls"><label for="as-of-date" class="visually-hidden">Type a date</label><input id="as-of-date" type="date">
<button id="play" type="button" aria-pressed="false">▶ Play</button></span>
<span id="span-note" class="muted">The data covers ${esc(span)}; play steps a month at a time.</span>
</div>
<div class="filters">
<fieldset id="kinds"><legend>Kinds of relationship shown (the lines' colours) <button id="kinds-all" type="button">all</button> <button id="kinds-none" type="button">none</button></legend></fieldset>
<div class="trace-control"><label for="trace">Trace a person or group</label> <select id="trace"></select> <button id="trace-clear" type="button" hidden>Stop tracing</button>
<p><label><input id="undated" type="checkbox"> Draw undated relationships (grey): no source gives their dates, so they may hold on any date</label></p></div>
</div>
<p id="summary" role="status" aria-live="polite"></p>
<section class="net-area" aria-label="The network on the chosen date">
<div class="net-main">
<h2>The network on the chosen date</h2>
<p class="zoom" aria-label="Zoom the network"><button id="net-zoom-out" type="button" aria-label="Zoom out of the network">−</button> <button id="net-fit" type="button">Fit</button> <button id="net-zoom-in" type="button" aria-label="Zoom into the network">+</button> <span class="muted">Nodes stay in place from date to date, so a change shows as lines appearing and going: a defection, for instance, as a withdrawal from one group and a pledge to another. Click a line for its evidence, a node to trace it.</span></p>
<div id="network" class="net-frame"></div>
<ul class="legend" id="state-legend">
<li><svg class="swatch" width="30" height="10" viewBox="0 0 30 10" aria-hidden="true"><line x1="1" y1="5" x2="29" y2="5" class="legend-yes"/></svg> holds on the date (full colour)</li>
<li><svg class="swatch" width="30" height="10" viewBox="0 0 30 10" aria-hidden="true"><line x1="1" y1="5" x2="29" y2="5" class="legend-maybe"/></svg> may hold: its dates leave it open (pale)</li>
<li><svg class="swatch" width="30" height="10" viewBox="0 0 30 10" aria-hidden="true"><line x1="1" y1="5" x2="29" y2="5" class="legend-undated"/></svg> undated (grey)</li>
</ul>
<ul class="legend" id="node-legend"></ul>
</div>
<section id="evidence" tabindex="-1" aria-live="polite" aria-labelledby="evidence-title"><h2 id="evidence-title">Evidence</h2><p class="muted">Click a line, a connector or a relationship in the lists to see it in words, with its dates, the verbatim quote and its source.</p></section>
</section>
<section id="trace-list" hidden></section>
<section class="lazy" aria-labelledby="timeline-title">
<h2 id="timeline-title">Timeline-diagram</h2>
<p class="zoom"><button id="tl-zoom-out" type="button" aria-label="Zoom out of the timeline">−</button> <button id="tl-zoom-fit" type="button">Whole period</button> <button id="tl-zoom-month" type="button">A month</button> <button id="tl-zoom-in" type="button" aria-label="Zoom into the timeline">+</button> <span class="muted">A lane per person or group; each dated relationship joins two lanes at its date, drawn over the whole span the date can mean (a month, a year). Click the time axis to choose a date, a lane's name to trace it; Ctrl and the wheel zoom.</span></p>
<div id="timeline" class="tl"></div>
<ul class="legend">
<li><svg class="swatch" width="30" height="14" viewBox="0 0 30 14" aria-hidden="true"><rect x="1" y="1" width="28" height="12" rx="2" class="legend-when"/></svg> the span a date can mean</li>
<li><svg class="swatch" width="30" height="14" viewBox="0 0 30 14" aria-hidden="true"><rect x="1" y="1" width="28" height="12" rx="2" class="legend-when legend-uncertain"/></svg> uncertain (?): dashed</li>
<li><svg class="swatch" width="30" height="14" viewBox="0 0 30 14" aria-hidden="true"><rect x="1" y="1" width="28" height="12" rx="2" class="legend-when legend-approximate"/></svg> approximate (~): faded</li>
<li><svg class="swatch" width="30" height="14" viewBox="0 0 30 14" aria-hidden="true"><rect x="1" y="4" width="28" height="6" rx="3" class="legend-span"/></svg> how long a relationship that ended lasted</li>
</ul>
<p class="muted">Undated relationships have no place on a time axis: they are in the lists below.</p>
</section>
<section class="lazy" aria-labelledby="lists-title">
<h2 id="lists-title">Every relationship drawn, in words</h2>
<div id="shown-lists"></div>
</section>
</div>
<details class="rule"><summary>How the page decides what holds on a date</summary><p>${esc(HOLDS_RULE)}</p></details>
<noscript>
<p>Without JavaScript this page lists, for each year the data covers (${esc(span)}), the relationships that held in it, certainly or maybe, by the rule above, and then those with no date. The <a href="network.html">network and timeline pictures</a> show every relationship of every date.</p>
${yearTables(data)}
</noscript>
<script type="application/json" id="time-data">${scriptJson(data)}</script>`,
  });
}
