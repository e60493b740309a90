// The check page's script (check.js, bundled by `npm run site`): reads the chosen files in the
// browser, checks them with the engine of `npm run validate`, and offers its report and format's
// canonical files as downloads. The check itself runs in a worker (worker.ts). Nothing is sent anywhere.
import type { Finding } from '../check/finding.ts';
import { summaryLine, omittedLines } from '../report/summary-line.ts';
import { columnLetters, showDifference } from '../check/finding.ts';
import type { ChosenFile, PageResult, TableOutcome } from './check-chosen.ts';
import { onThisPage } from './page-hints.ts';
import type { CheckAnswer, CheckRequest } from './worker.ts';

const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

/** An element with text and attributes; text is never parsed as HTML. */
function element(tag: string, attributes: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

let chosen: ChosenFile[] = [];
/** The number of the latest check: answers to earlier ones are dropped. */
let latest = 0;
/**
 * The worker is started from a copy of its script in memory: such a worker keeps this page's
 * Content-Security-Policy, where one started from its URL would have only what a static host's
 * headers give it (usually no policy at all).
 */
const worker: Promise<Worker> = fetch(new URL('check-worker.js', document.baseURI))
  .then((response) => {
    if (!response.ok) throw new Error(`the checker could not be loaded (${response.status})`);
    return response.blob();
  })
  .then((script) => new Worker(URL.createObjectURL(new Blob([script], { type: 'text/javascript' })), { type: 'module' }));
const DATASET = new URL('check/dataset.json', document.baseURI).href;

async function choose(files: readonly File[]): Promise<void> {
  // A check still under way is of no use once new files are chosen, even before they are read.
  byId('results').dataset.asked = String(++latest);
  chosen = await Promise.all(files.map(async (file) => ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })));
  run();
}

function run(): void {
  if (chosen.length === 0) return;
  const status = byId('status');
  const progress = byId<HTMLProgressElement>('progress');
  const results = byId('results');
  const run = ++latest;
  // Which check was asked for last, and (below) which one the results show: equal when the page is done.
  results.dataset.asked = String(run);
  const started = performance.now();
  status.textContent = `Checking ${chosen.length} ${chosen.length === 1 ? 'file' : 'files'}…`;
  progress.value = 0;
  progress.hidden = false;
  results.replaceChildren();
  const request: CheckRequest = { run, chosen, fix: byId<HTMLInputElement>('fix').checked, dataset: DATASET };
  const listen = (event: MessageEvent<CheckAnswer>): void => {
    const message = event.data;
    if (message.run !== run) return;
    // A newer check was asked for: this one's answers are of no use any more.
    if (run !== latest) return void worker.then((w) => w.removeEventListener('message', listen));
    if ('progress' in message) {
      progress.value = message.progress;
      return;
    }
    void worker.then((w) => w.removeEventListener('message', listen));
    progress.hidden = true;
    if ('error' in message) {
      status.textContent = `The check could not run: ${message.error}`;
      return;
    }
    const took = performance.now() - started;
    results.replaceChildren(...show(message.result));
    status.textContent = `Checked in ${Math.round(took)} ms.`;
    results.dataset.checkMs = String(took);
    results.dataset.shown = String(run);
  };
  worker.then(
    (w) => {
      w.addEventListener('message', listen);
      w.postMessage(request);
    },
    (error: Error) => {
      progress.hidden = true;
      status.textContent = `The check could not run: ${error.message}`;
    },
  );
}

/** A button that saves bytes under a file name, made when clicked so that nothing lingers. */
function downloadButton(label: string, name: string, type: string, bytes: () => Uint8Array | string): HTMLElement {
  const button = element('button', { type: 'button', 'data-download': name }, label);
  button.addEventListener('click', () => {
    const url = URL.createObjectURL(new Blob([bytes() as BlobPart], { type }));
    const link = element('a', { href: url, download: name }) as HTMLAnchorElement;
    document.body.append(link);
    link.click();
    link.remove();
    // Long enough for a slow machine to start the download, which a revoked URL would fail.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  });
  return button;
}

function show(result: PageResult): Node[] {
  const { report } = result;
  const nodes: Node[] = [];
  nodes.push(element('h2', { id: 'summary' }, summaryLine(report)));
  nodes.push(
    element(
      'p',
      {},
      report.counts.error > 0 ? 'Fix the errors below before you propose the change. ' : 'No errors: the files can be proposed as they are. ',
      downloadButton('Download report (JSON)', 'report.json', 'application/json', () => result.json),
    ),
  );
  const taken = element('ul', { class: 'chosen' });
  for (const what of result.identified) {
    taken.append(
      element(
        'li',
        {},
        what.kind === 'table'
          ? `${what.name}: the table ${what.file} (recognised by its ${what.by})`
          : what.kind === 'archive'
            ? `${what.name}: the archived text ${what.path}`
            : `${what.name}: left out, ${what.reason}`,
      ),
    );
  }
  nodes.push(element('h3', {}, 'Files you chose'), taken);
  for (const table of result.tables) nodes.push(...tableSection(table, result));
  const others = new Set(report.findings.map((f) => f.file).filter((file) => !result.tables.some((t) => t.file === file)));
  for (const file of others) nodes.push(element('h2', {}, file), findingList(report.findings.filter((f) => f.file === file)));
  for (const line of omittedLines(report)) nodes.push(element('p', { class: 'muted' }, line));
  return nodes;
}

function tableSection(table: TableOutcome, result: PageResult): Node[] {
  const findings = result.report.findings.filter((f) => f.file === table.file);
  const name = table.file.replace(/^.*\//, '');
  const section = element('section', { class: 'table-result', 'data-file': table.file });
  section.append(element('h2', {}, `${name} (from ${table.chosen})`));
  const repairs = result.repairs.filter((r) => r.file === table.file);
  if (repairs.length) {
    section.append(element('p', {}, `${repairs.length} ${repairs.length === 1 ? 'repair' : 'repairs'}, made in the download:`));
    section.append(
      element(
        'ul',
        { class: 'repairs' },
        ...repairs.map((r) =>
          element(
            'li',
            {},
            r.kind === 'encoding' ? `converted from ${r.before} to ${r.after}` : `${r.cell} (${r.column}): ${showDifference(r.before, r.after).join(' → ')}`,
          ),
        ),
      ),
    );
  }
  if (table.canonical) {
    const canonical = table.canonical;
    section.append(
      element(
        'p',
        {},
        table.status === 'canonical' ? 'Already in canonical form. ' : 'Not in canonical form: download the canonical file and propose that one. ',
        downloadButton(`Download canonical ${name}`, name, 'text/csv', () => canonical),
      ),
    );
  } else {
    section.append(element('p', { class: 'refused' }, `No canonical ${name}: the structural errors below must be fixed first, in the spreadsheet.`));
    section.append(findingList(table.blocking));
  }
  section.append(element('h3', {}, findings.length ? `Findings in ${name}` : `No findings in ${name}`));
  if (findings.length) section.append(findingList(findings, table.canonical ? name : undefined));
  section.append(grid(table, findings, name));
  return [section];
}

/** The findings as a table; `canonical`: the name of the canonical file the page offers for them, if it does. */
function findingList(findings: readonly Finding[], canonical?: string): HTMLElement {
  const rows = findings.map((f) =>
    element(
      'tr',
      { class: f.severity },
      element('td', {}, f.severity),
      element('td', {}, f.cell ?? (f.row !== undefined ? `row ${f.row}` : '')),
      element('td', {}, f.column ?? ''),
      element('td', { class: 'value' }, f.value ?? ''),
      element('td', {}, f.message, ...(f.hint ? [element('br'), element('span', { class: 'hint' }, hintText(f.hint, canonical))] : [])),
      element('td', {}, element('a', { href: `rules.html#${f.code}` }, element('code', {}, f.code))),
    ),
  );
  const head = element('tr', {}, ...['Severity', 'Cell', 'Column', 'Value', 'Message', 'Rule'].map((h) => element('th', { scope: 'col' }, h)));
  return element('div', { class: 'wide' }, element('table', { class: 'findings' }, element('thead', {}, head), element('tbody', {}, ...rows)));
}

/** The chosen table as a grid, the cells with findings highlighted and reachable by keyboard, their messages shown on focus and hover. */
function grid(table: TableOutcome, findings: readonly Finding[], name: string): HTMLElement {
  const byCell = new Map<string, Finding[]>();
  for (const f of findings) if (f.cell) byCell.set(f.cell, [...(byCell.get(f.cell) ?? []), f]);
  const message = element('p', { class: 'cell-message', 'aria-live': 'polite' });
  const body = table.rows.map(({ row, cells }) =>
    element(
      'tr',
      {},
      element('th', { scope: 'row' }, String(row)),
      ...cells.map((cell, c) => {
        const ref = `${columnLetters(c)}${row}`;
        const found = byCell.get(ref);
        if (!found) return element(row === 1 ? 'th' : 'td', {}, cell);
        const says = found.map((f) => `${ref}: ${f.message}`).join(' ');
        const td = element(
          'td',
          { class: `flagged ${found[0]!.severity}`, tabindex: '0', title: says, 'data-cell': ref, 'aria-label': `${cell} — ${says}` },
          cell,
        );
        const tell = (): void => void (message.textContent = says);
        td.addEventListener('focus', tell);
        td.addEventListener('mouseenter', tell);
        return td;
      }),
    ),
  );
  const caption = table.rowCount > table.rows.length ? `${name}: the first ${table.rows.length} of ${table.rowCount} rows` : name;
  return element(
    'div',
    { class: 'grid-wrap' },
    message,
    element('div', { class: 'wide' }, element('table', { class: 'grid' }, element('caption', {}, caption), element('tbody', {}, ...body))),
  );
}

const input = byId<HTMLInputElement>('files');
input.addEventListener('change', () => void choose(Array.from(input.files ?? [])));
byId<HTMLInputElement>('fix').addEventListener('change', run);
const zone = byId('drop');
zone.addEventListener('dragover', (event) => {
  event.preventDefault();
  zone.classList.add('over');
});
zone.addEventListener('dragleave', () => zone.classList.remove('over'));
zone.addEventListener('drop', (event) => {
  event.preventDefault();
  zone.classList.remove('over');
  void choose(Array.from(event.dataTransfer?.files ?? []));
});
byId('js-only').hidden = false;

function hintText(hint: string, canonical: string | undefined): string {
  const here = onThisPage(hint, canonical);
  return `Hint: ${hint}${here ? ` ${here}` : ''}`;
}
