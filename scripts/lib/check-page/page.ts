// The check page's script (check.js, bundled by `npm run site`): reads the chosen files in the
// browser, checks them with the engine of `npm run validate`, and offers its report and format's
// canonical files as downloads. Nothing is sent anywhere: the only request is for the published data.
import type { Finding } from '../check/finding.ts';
import { summaryLine, omittedLines } from '../report/summary-line.ts';
import { columnLetters, showDifference } from '../check/finding.ts';
import { detectDelimiter } from '../read/read-csv.ts';
import { checkChosen, type ChosenFile, type PageResult, type PublishedDataset } from './check-chosen.ts';

const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

/** An element with text and attributes; text is never parsed as HTML. */
function element(tag: string, attributes: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

let published: Promise<PublishedDataset> | undefined;
const loadPublished = (): Promise<PublishedDataset> =>
  (published ??= fetch(new URL('check/dataset.json', document.baseURI)).then((response) => {
    if (!response.ok) throw new Error(`the published data could not be loaded (${response.status})`);
    return response.json() as Promise<PublishedDataset>;
  }));

let chosen: ChosenFile[] = [];

async function choose(files: readonly File[]): Promise<void> {
  chosen = await Promise.all(files.map(async (file) => ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })));
  await run();
}

async function run(): Promise<void> {
  const status = byId('status');
  const results = byId('results');
  if (chosen.length === 0) return;
  status.textContent = `Checking ${chosen.length} ${chosen.length === 1 ? 'file' : 'files'}…`;
  results.replaceChildren();
  try {
    const started = performance.now();
    const result = await checkChosen(await loadPublished(), chosen, { fix: byId<HTMLInputElement>('fix').checked });
    const took = performance.now() - started;
    results.replaceChildren(...show(result));
    status.textContent = `Checked in ${Math.round(took)} ms.`;
    results.dataset.checkMs = String(took);
  } catch (error) {
    status.textContent = `The check could not run: ${(error as Error).message}`;
  }
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

function tableSection(table: PageResult['tables'][number], result: PageResult): Node[] {
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
  if (findings.length) section.append(findingList(findings));
  const chosen = chosenBytes(table.chosen);
  if (chosen) section.append(grid(chosen, findings, name));
  return [section];
}

function chosenBytes(name: string): Uint8Array | undefined {
  return chosen.find((c) => c.name === name)?.bytes;
}

function findingList(findings: readonly Finding[]): HTMLElement {
  const rows = findings.map((f) =>
    element(
      'tr',
      { class: f.severity },
      element('td', {}, f.severity),
      element('td', {}, f.cell ?? (f.row !== undefined ? `row ${f.row}` : '')),
      element('td', {}, f.column ?? ''),
      element('td', { class: 'value' }, f.value ?? ''),
      element('td', {}, f.message, ...(f.hint ? [element('br'), element('span', { class: 'hint' }, `Hint: ${f.hint}`)] : [])),
      element('td', {}, element('code', {}, f.code)),
    ),
  );
  const head = element('tr', {}, ...['Severity', 'Cell', 'Column', 'Value', 'Message', 'Rule'].map((h) => element('th', { scope: 'col' }, h)));
  return element('div', { class: 'wide' }, element('table', { class: 'findings' }, element('thead', {}, head), element('tbody', {}, ...rows)));
}

const GRID_ROWS = 500;

/** The chosen table as a grid, the cells with findings highlighted and reachable by keyboard, their messages shown on focus and hover. */
function grid(bytes: Uint8Array, findings: readonly Finding[], name: string): HTMLElement {
  const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
  const rows = splitRows(text, detectDelimiter(text.replace(/\r\n?/g, '\n')));
  const byCell = new Map<string, Finding[]>();
  for (const f of findings) if (f.cell) byCell.set(f.cell, [...(byCell.get(f.cell) ?? []), f]);
  const message = element('p', { class: 'cell-message', 'aria-live': 'polite' });
  const body = rows.slice(0, GRID_ROWS).map((cells, r) =>
    element(
      'tr',
      {},
      element('th', { scope: 'row' }, String(r + 1)),
      ...cells.map((cell, c) => {
        const ref = `${columnLetters(c)}${r + 1}`;
        const found = byCell.get(ref);
        if (!found) return element(r === 0 ? 'th' : 'td', {}, cell);
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
  const caption = rows.length > GRID_ROWS ? `${name}: the first ${GRID_ROWS} of ${rows.length} rows` : name;
  return element(
    'div',
    { class: 'grid-wrap' },
    message,
    element('div', { class: 'wide' }, element('table', { class: 'grid' }, element('caption', {}, caption), element('tbody', {}, ...body))),
  );
}

/** Rows of cells as a spreadsheet shows them, for display only (the check itself uses the project's reader). */
function splitRows(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') ((cell += '"'), i++);
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === delimiter) (row.push(cell), (cell = ''));
    else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      (row.push(cell), rows.push(row), (row = []), (cell = ''));
    } else cell += ch;
  }
  if (cell !== '' || row.length) (row.push(cell), rows.push(row));
  return rows;
}

const input = byId<HTMLInputElement>('files');
input.addEventListener('change', () => void choose(Array.from(input.files ?? [])));
byId<HTMLInputElement>('fix').addEventListener('change', () => void run());
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
