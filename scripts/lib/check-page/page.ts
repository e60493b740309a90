// The check page's script (check.js, bundled by `npm run site`): checks the chosen files in the
// browser with the engine of `npm run validate`, and offers its report and format's canonical files
// as downloads. The work runs in two workers (worker.ts), which read the files themselves; this
// script shows what they send, or, whatever goes wrong, says so. Nothing is sent anywhere.
import type { Finding } from '../check/finding.ts';
import { summaryLine, omittedLines } from '../report/summary-line.ts';
import { columnLetters, showDifference } from '../check/finding.ts';
import { pageResult, type CheckPart, type CheckProgress, type FormatPart, type PageResult, type TableOutcome } from './page-result.ts';
import { ANY_RUN, FINDINGS_SHOWN, GRID, MAX_CHOSEN_BYTES, XLSX_NAME } from './limits.ts';
import { checkedSummary, failureAdvice, fromDiskAdvice, onThisPage, tooLargeAdvice } from './page-hints.ts';
import type { CheckAnswer, CheckRequest } from './worker.ts';

const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

/** An element with text and attributes; text is never parsed as HTML. Children are appended one by one: a list can be long. */
function element(tag: string, attributes: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  return withChildren(tag, attributes, children);
}

function withChildren(tag: string, attributes: Record<string, string>, children: Iterable<Node | string>): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

/** Text with its `code spans` as code elements. */
const withCode = (text: string): (Node | string)[] => text.split('`').map((part, i) => (i % 2 ? element('code', {}, part) : part));

const count = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** The files chosen last, kept as files: the workers read them, for each check (the repairs box starts another). */
let chosen: File[] = [];
/** The number of the latest check: answers to earlier ones are dropped. */
let latest = 0;
let started = 0;
/** The parts of the latest check that have arrived. */
let parts: { check?: CheckPart; format?: FormatPart } = {};
const DATASET = new URL('check/dataset.json', document.baseURI).href;

type Part = CheckRequest['part'];
const PARTS: readonly Part[] = ['check', 'format'];

/** Each part's worker script: a workbook's is fetched only when a workbook is chosen, so that the page's first scripts stay small. */
const SCRIPTS: Record<Part, string> = { check: 'check-worker.js', format: 'check-worker.js', workbook: 'check-workbook.js' };

/**
 * The workers' scripts as copies in memory: a worker started from one keeps this page's
 * Content-Security-Policy, where one started from its URL would have only what a static host's
 * headers give it (usually no policy at all). Fetched again after it failed.
 */
const scripts = new Map<string, Promise<string>>();
/** A worker for each part of a check, so that the two run at once; each started again for the next check after it failed. */
const workers = new Map<Part, Promise<Worker>>();

function workerFor(part: Part): Promise<Worker> {
  const running = workers.get(part);
  if (running) return running;
  const name = SCRIPTS[part];
  let script = scripts.get(name);
  if (!script) {
    script = fetch(new URL(name, document.baseURI))
      .then((response) => {
        if (!response.ok) throw new Error(`the checker could not be loaded (${response.status})`);
        return response.blob();
      })
      .then((blob) => URL.createObjectURL(new Blob([blob], { type: 'text/javascript' })));
    scripts.set(name, script);
  }
  const starting = script.then((url) => {
    const worker = new Worker(url, { type: 'module' });
    worker.addEventListener('message', (event: MessageEvent<CheckAnswer>) => answered(part, event.data));
    // An error the worker did not answer itself: its script could not run, or it stopped.
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      broken(part, worker, event.message ? `the checker stopped (${event.message})` : 'the checker could not be started');
    });
    worker.addEventListener('messageerror', () => broken(part, worker, 'the checker’s answer could not be read'));
    return worker;
  });
  starting.catch(() => {
    workers.delete(part);
    scripts.delete(name);
  });
  workers.set(part, starting);
  return starting;
}

/** The run each worker is busy with. */
const busy = new Map<Part, number>();

/** A worker that failed is not asked again. */
function broken(part: Part, worker: Worker, what: string): void {
  worker.terminate();
  workers.delete(part);
  busy.delete(part);
  failed(what);
}

/** Stops the workers still at a check nobody waits for (a large file, when another was chosen), so that the next check does not queue behind it. */
function stopBusy(): void {
  for (const part of busy.keys()) {
    void workers.get(part)?.then((worker) => worker.terminate());
    workers.delete(part);
  }
  busy.clear();
}

function choose(files: readonly File[]): void {
  chosen = [...files];
  run();
}

const pending = (): boolean => byId('results').dataset.shown !== byId('results').dataset.asked;

function run(): void {
  if (chosen.length === 0) return;
  const status = byId('status');
  const progress = byId<HTMLProgressElement>('progress');
  const results = byId('results');
  const run = ++latest;
  parts = {};
  stopBusy();
  // Which check was asked for last, and (below) which one the results show: equal when the page is done.
  results.dataset.asked = String(run);
  delete results.dataset.outcome;
  started = performance.now();
  status.textContent = `Checking ${count(chosen.length, 'file')}…`;
  progress.value = 0;
  progress.hidden = false;
  results.replaceChildren();
  const bytes = chosen.reduce((sum, file) => sum + file.size, 0);
  if (bytes > MAX_CHOSEN_BYTES) return failed(tooLargeAdvice(bytes, MAX_CHOSEN_BYTES));
  const fix = byId<HTMLInputElement>('fix').checked;
  // A workbook is checked whole by its own worker, as `npm run import -- --check` checks it.
  for (const part of chosen.some((file) => XLSX_NAME.test(file.name)) ? (['workbook'] as const) : PARTS) {
    const request: CheckRequest = { run, part, files: chosen, fix, dataset: DATASET };
    busy.set(part, run);
    workerFor(part).then(
      (worker) => worker.postMessage(request),
      (error: Error) => failed(error.message),
    );
  }
}

const STEPS: Record<CheckProgress['step'], string> = {
  check: 'Checking',
  repairs: 'Finding the repairs of',
  format: 'Writing the canonical form of',
  grid: 'Laying out',
};

function answered(part: Part, message: CheckAnswer): void {
  if (message.run !== latest && message.run !== ANY_RUN) return;
  if (!pending()) return;
  if (!('progress' in message)) busy.delete(part);
  if ('failure' in message) return failed(message.failure);
  // The bar follows the check, the longer part; once it is done, the bar waits for the canonical files.
  if ('progress' in message) {
    if (part === 'check') showProgress(message.progress);
    return;
  }
  if ('check' in message) parts.check = message.check;
  else if ('format' in message) parts.format = message.format;
  const whole = 'workbook' in message ? message.workbook : parts.check && parts.format ? pageResult(parts.check, parts.format) : undefined;
  if (!whole) {
    if (parts.check) showProgress({ step: 'format' });
    return;
  }
  const results = byId('results');
  try {
    results.replaceChildren(...show(whole));
  } catch (error) {
    results.replaceChildren();
    return failed(`the report could not be shown (${error instanceof Error ? `${error.name}: ${error.message}` : String(error)})`);
  }
  const took = performance.now() - started;
  byId('progress').hidden = true;
  byId('status').textContent = `Checked in ${Math.round(took)} ms.`;
  results.dataset.checkMs = String(took);
  results.dataset.outcome = 'report';
  results.dataset.shown = String(latest);
}

function showProgress({ step, done }: CheckProgress): void {
  const progress = byId<HTMLProgressElement>('progress');
  // Steps that do not count their way show a bar that moves without a value.
  if (done === undefined) progress.removeAttribute('value');
  else progress.value = done;
  byId('status').textContent = `${STEPS[step]} ${count(chosen.length, 'file')}…`;
}

/**
 * Ends the check under way with a message that says what went wrong (`what`, in the error's words)
 * and what to do instead, or with the message given.
 */
function failed(what: string | readonly string[]): void {
  if (!pending()) return;
  stopBusy();
  const results = byId('results');
  byId('progress').hidden = true;
  byId('status').textContent = 'The check could not finish.';
  const [first, ...rest] =
    typeof what === 'string'
      ? failureAdvice(
          what,
          chosen.reduce((sum, file) => sum + file.size, 0),
        )
      : what;
  results.replaceChildren(
    element(
      'div',
      { id: 'failure', role: 'alert' },
      element('p', { class: 'refused' }, ...withCode(first!)),
      ...rest.map((line) => element('p', {}, ...withCode(line))),
    ),
  );
  results.dataset.outcome = 'failed';
  results.dataset.shown = String(latest);
}

// Whatever else goes wrong in the page during a check ends it with a message, never with a page that waits for ever.
window.addEventListener('error', (event) => failed(`the page stopped (${event.message})`));
window.addEventListener('unhandledrejection', (event) =>
  failed(`the page stopped (${event.reason instanceof Error ? event.reason.message : String(event.reason)})`),
);

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
  const leftOut = result.identified.filter((what) => what.kind === 'unknown');
  const { headline, lines, nothingChecked } = checkedSummary(
    { chosen: result.identified.length, leftOut: leftOut.length, workbook: leftOut.some((what) => what.kind === 'unknown' && what.workbook === true) },
    report.counts.error,
    summaryLine(report),
  );
  nodes.push(element('h2', { id: 'summary', ...(nothingChecked ? { class: 'refused', 'data-checked': '0' } : {}) }, headline));
  const [first, ...rest] = lines;
  nodes.push(element('p', { id: 'checked' }, ...withCode(first!)));
  for (const line of rest)
    nodes.push(
      element(
        'p',
        {},
        ...withCode(line),
        ' ',
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
          : what.kind === 'workbook'
            ? `${what.name}: a workbook, read as npm run import reads it: ${
                what.sheets.length
                  ? what.sheets.map((s) => `the sheet ${s.sheet} as the table ${s.file} (recognised by its ${s.by})`).join('; ')
                  : 'no sheet of it could be read as a table (see its findings below)'
              }`
            : what.kind === 'archive'
              ? what.meant !== undefined
                ? `${what.name}: taken as ${what.path}, which is not read as an archived text: it was probably meant to be ${what.meant} (see its finding below)`
                : `${what.name}: the archived text ${what.path}`
              : `${what.name}: left out, ${what.reason}`,
      ),
    );
  }
  nodes.push(element('h3', {}, 'Files you chose'), taken);
  // Findings of the published data alone say nothing of what was chosen.
  if (nothingChecked) return nodes;
  if (result.zip) {
    const zip = result.zip;
    nodes.push(
      element(
        'p',
        {},
        downloadButton('Download all canonical tables (zip)', 'canonical-tables.zip', 'application/zip', () => zip),
      ),
    );
  }
  for (const table of result.tables) nodes.push(...tableSection(table, result));
  const others = new Set(report.findings.filter((f) => !result.tables.some((t) => inTable(t, f))).map((f) => f.file));
  for (const file of others) nodes.push(...otherSection(file, result));
  for (const line of omittedLines(report)) nodes.push(element('p', { class: 'muted' }, line));
  return nodes;
}

/**
 * The findings of a file that is not a chosen table: an archived text (chosen, or one of the published
 * data's that a chosen table's rows point to), with the download `format --fix` makes of a chosen text.
 */
function otherSection(file: string, result: PageResult): Node[] {
  const name = file.replace(/^.*\//, '');
  const converted = result.archives.find((a) => a.file === file);
  const chosenText = result.identified.some((what) => what.kind === 'archive' && what.meant === undefined && file.endsWith(`/${what.path}`));
  const nodes: Node[] = [element('h2', {}, file)];
  if (converted) {
    const repair = result.repairs.find((r) => r.file === file);
    nodes.push(
      element(
        'p',
        {},
        repair ? `Converted in the download, from ${repair.before} to ${repair.after}. ` : '',
        downloadButton(`Download canonical ${name}`, name, 'text/plain', () => converted.canonical),
      ),
    );
  }
  nodes.push(
    findingList(
      result.report.findings.filter((f) => f.file === file && !result.tables.some((t) => inTable(t, f))),
      chosenText ? name : undefined,
    ),
  );
  return nodes;
}

/** Where a finding is, as a person looks for it: a cell (`allegiances!D14` in a workbook), a row or a line. */
function place(f: Finding): string {
  const at = f.cell ?? (f.row !== undefined ? `row ${f.row}` : f.line !== undefined ? `line ${f.line}` : '');
  return f.sheet === undefined ? at : f.cell !== undefined ? `${f.sheet}!${f.cell}` : at ? `${f.sheet}, ${at}` : f.sheet;
}

/** A finding as the check and format's structure pass both report it, to list each once. */
const findingKey = (f: Finding): string => [f.code, f.row, f.cell, f.message].join('\u0000');

/** A finding is of a chosen table's section: of its file, or, for a workbook's table, of its sheet. */
const inTable = (table: TableOutcome, f: Finding): boolean =>
  table.sheet !== undefined ? f.sheet === table.sheet && f.file === table.chosen : f.file === table.file;

function tableSection(table: TableOutcome, result: PageResult): Node[] {
  const reported = result.report.findings.filter((f) => inTable(table, f));
  // The structural errors that stop format are findings of the check too: each is listed once, marked.
  const blocking = new Set(table.blocking.map(findingKey));
  const seen = new Set(reported.map(findingKey));
  const findings = [...reported, ...table.blocking.filter((f) => !seen.has(findingKey(f)))];
  const name = table.file.replace(/^.*\//, '');
  const section = element('section', { class: 'table-result', 'data-file': table.file });
  section.append(element('h2', {}, `${name} (from ${table.chosen}${table.sheet !== undefined ? `, sheet ${table.sheet}` : ''})`));
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
        table.sheet !== undefined
          ? table.status === 'canonical'
            ? `The same as the published ${name}: the workbook changes nothing in it. `
            : `Changed by the workbook: download the canonical file, as npm run import writes it, and propose that one (or propose the workbook itself). `
          : table.status === 'canonical'
            ? 'Already in canonical form. '
            : 'Not in canonical form: download the canonical file and propose that one. ',
        downloadButton(`Download canonical ${name}`, name, 'text/csv', () => canonical),
      ),
    );
  } else {
    section.append(
      element(
        'p',
        { class: 'refused' },
        table.sheet !== undefined && table.blocking.length === 0
          ? `No canonical ${name}: an error marked “fix first” elsewhere in the workbook leaves a cell unread, and npm run import writes none of its tables until it is fixed.`
          : table.sheet !== undefined
            ? `No canonical ${name}: the ${table.blocking.length === 1 ? 'error marked “fix first” below leaves a cell' : `${table.blocking.length} errors marked “fix first” below leave cells`} of the workbook unread or the table unreadable, and must be fixed first, in the workbook.`
            : `No canonical ${name}: the ${table.blocking.length === 1 ? 'structural error' : `${table.blocking.length} structural errors`} marked “fix first” below must be fixed first, in the spreadsheet.`,
      ),
    );
  }
  section.append(element('h3', {}, findings.length ? `Findings in ${name}` : `No findings in ${name}`));
  if (findings.length) section.append(findingList(findings, table.canonical ? name : undefined, blocking));
  section.append(grid(table, findings, name));
  return [section];
}

/**
 * The findings as a table, FINDINGS_SHOWN at first and as many more at each press of "Show more";
 * `canonical`: the name of the canonical file the page offers for them, if it does.
 */
function findingList(findings: readonly Finding[], canonical?: string, blocking: ReadonlySet<string> = new Set()): HTMLElement {
  const row = (f: Finding): HTMLElement =>
    element(
      'tr',
      { class: blocking.has(findingKey(f)) ? `${f.severity} blocking` : f.severity },
      element('td', {}, f.severity, ...(blocking.has(findingKey(f)) ? [element('br'), element('strong', {}, 'fix first')] : [])),
      element('td', {}, place(f)),
      element('td', {}, f.column ?? ''),
      element('td', { class: 'value' }, f.value ?? ''),
      element('td', {}, f.message, ...(f.hint ? [element('br'), element('span', { class: 'hint' }, hintText(f.hint, canonical))] : [])),
      element('td', {}, element('a', { href: `rules.html#${f.code}` }, element('code', {}, f.code))),
    );
  const head = element('tr', {}, ...['Severity', 'Cell', 'Column', 'Value', 'Message', 'Rule'].map((h) => element('th', { scope: 'col' }, h)));
  const body = element('tbody');
  const wrap = element('div', { class: 'wide' }, element('table', { class: 'findings' }, element('thead', {}, head), body));
  let listed = 0;
  const more = element('button', { type: 'button', class: 'more' });
  const list = (): void => {
    const next = Math.min(findings.length, listed + FINDINGS_SHOWN);
    for (; listed < next; listed++) body.append(row(findings[listed]!));
    const left = findings.length - listed;
    more.textContent =
      left <= FINDINGS_SHOWN
        ? `Show the other ${count(left, 'finding')}`
        : `Show ${FINDINGS_SHOWN} more findings (${left.toLocaleString('en')} not listed yet)`;
    more.hidden = left === 0;
  };
  more.addEventListener('click', list);
  list();
  wrap.append(more);
  return wrap;
}

/**
 * The chosen table as a grid, the cells with findings highlighted and reachable by keyboard, their
 * messages shown on focus and hover. It holds what the worker sent: the rows and cells of GRID, and
 * says what it leaves out and why.
 */
function grid(table: TableOutcome, findings: readonly Finding[], name: string): HTMLElement {
  const byCell = new Map<string, Finding[]>();
  for (const f of findings) if (f.cell) byCell.set(f.cell, [...(byCell.get(f.cell) ?? []), f]);
  const message = element('p', { class: 'cell-message', 'aria-live': 'polite' });
  const widest = Math.min(GRID.cells, Math.max(0, ...table.rows.map((r) => r.cells.length)));
  const body: HTMLElement[] = [];
  let previous = 0;
  for (const { row, cells, cellCount } of table.rows) {
    if (row > previous + 1) {
      const gap = row - previous - 1;
      body.push(
        element(
          'tr',
          { class: 'gap' },
          element('th', { scope: 'row' }, '…'),
          element('td', { colspan: String(widest + 1), class: 'muted' }, `${count(gap, 'row')} not shown`),
        ),
      );
    }
    previous = row;
    const shown = cells.map((cell, c) => {
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
    });
    const hidden = cellCount - cells.length;
    if (hidden > 0) shown.push(element('td', { class: 'muted' }, `… ${count(hidden, 'more cell')}`));
    body.push(element('tr', {}, element('th', { scope: 'row' }, String(row)), ...shown));
  }
  if (table.rowCount > previous) {
    body.push(
      element(
        'tr',
        { class: 'gap' },
        element('th', { scope: 'row' }, '…'),
        element('td', { colspan: String(widest + 1), class: 'muted' }, `${count(table.rowCount - previous, 'row')} not shown`),
      ),
    );
  }
  return element(
    'div',
    { class: 'grid-wrap' },
    ...gridNote(table),
    message,
    element(
      'div',
      { class: 'wide' },
      element(
        'table',
        { class: 'grid' },
        element('caption', {}, table.sheet !== undefined ? `${table.chosen}, sheet ${table.sheet}` : name),
        withChildren('tbody', {}, body),
      ),
    ),
  );
}

/** What the grid leaves out of the table and why, if it leaves anything out. */
function gridNote(table: TableOutcome): HTMLElement[] {
  const parts: string[] = [];
  if (table.rows.length < table.rowCount)
    parts.push(
      `${count(table.rows.length, 'row')} of ${table.rowCount.toLocaleString('en')} are shown: the first ${GRID.rows} and up to ${GRID.flaggedRows} later rows with findings.`,
    );
  if (table.rows.some((r) => r.cellCount > r.cells.length)) parts.push(`Of a row with more than ${GRID.cells} cells, the first ${GRID.cells} are shown.`);
  if (table.rows.some((r) => r.cells.some((cell) => cell.length > GRID.cellCharacters)))
    parts.push(`Cells longer than ${GRID.cellCharacters} characters are cut short.`);
  if (parts.length === 0) return [];
  parts.push('The grid holds no more, so that the page stays quick on a large file; every finding is in the list above.');
  return [element('p', { class: 'muted grid-note' }, parts.join(' '))];
}

const input = byId<HTMLInputElement>('files');
input.addEventListener('change', () => choose(Array.from(input.files ?? [])));
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
  choose(Array.from(event.dataTransfer?.files ?? []));
});
if (location.protocol === 'file:') {
  // A module worker and a fetch of the published data are refused to a page opened from disk: say so, and how to serve it.
  const folder = decodeURIComponent(location.pathname.replace(/[^/]*$/, '')).replace(/^\/([A-Za-z]:)/, '$1');
  const note = byId('from-disk');
  note.replaceChildren(...withCode(fromDiskAdvice(folder)));
  note.hidden = false;
} else byId('js-only').hidden = false;

function hintText(hint: string, canonical: string | undefined): string {
  const here = onThisPage(hint, canonical);
  return `Hint: ${hint}${here ? ` ${here}` : ''}`;
}
