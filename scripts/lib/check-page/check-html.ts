import { dirname } from 'node:path';
import { filesInside, readInside, requirePlainFile } from '../files/confined.ts';
import type { DatasetModel } from '../model/types.ts';
import { PRECEDENCE } from '../check/precedence.ts';
import { CATALOGUE } from '../check/catalogue.ts';
import { inlineHtml } from '../release/codebook.ts';
import { esc, page } from '../site/html.ts';
import { checkPageScripts } from './bundle.ts';
import { READABLE } from './limits.ts';
import type { PublishedDataset } from './check-chosen.ts';

/**
 * Nothing but the page's own files: scripts and data from the site itself, no eval, and no request
 * anywhere else (downloads are blobs made in the page). The worker runs from a blob: copy of the
 * site's check-worker.js, so that this policy holds in it too.
 */
export const CHECK_PAGE_CSP =
  "default-src 'none'; script-src 'self'; worker-src blob:; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'";

/** The files of the check page, by path below the site folder: check.html, its scripts, the rule catalogue, and the data it checks against. */
export async function checkPageFiles(model: DatasetModel, dataDir: string): Promise<Map<string, string>> {
  return new Map([
    ['check.html', checkHtml(model)],
    ['rules.html', rulesHtml()],
    ...(await checkPageScripts()),
    ['check/dataset.json', JSON.stringify(publishedDataset(model, dataDir))],
  ]);
}

/** The schemas, tables and archived texts the site was built from, for checks of the tables a person did not choose. */
export function publishedDataset(model: DatasetModel, dataDir: string): PublishedDataset {
  const schemas = Object.fromEntries([['defs.schema.json', model.defs], ...model.tables.map((t) => [`${t.name}.schema.json`, t.schema])]);
  const tables = Object.fromEntries(model.tables.map((t) => [t.file, new TextDecoder().decode(requirePlainFile(dataDir, t.file))]));
  const archive: Record<string, string> = {};
  for (const template of new Set(model.tables.flatMap((t) => (t.archive ? [t.archive] : [])))) {
    const suffix = template.slice(template.indexOf('{id}') + 4);
    for (const path of filesInside(dataDir, dirname(template))) {
      // As the validator reads archives: a link that leads out of the data folder is no archive.
      const text = path.endsWith(suffix) ? readInside(dataDir, path) : undefined;
      if (text !== undefined) archive[path] = text;
    }
  }
  return { schemas, tables, archive };
}

function checkHtml(model: DatasetModel): string {
  const files = model.tables.map((t) => t.file).join(', ');
  return page({
    title: 'Check your edit',
    depth: 0,
    head: `<meta http-equiv="Content-Security-Policy" content="${CHECK_PAGE_CSP}">\n`,
    scripts: ['check.js'],
    body: `<h1>Check your edit</h1>
<p>Edited the release workbook, or a table, in Excel, LibreOffice, Google Sheets or Numbers? Choose the workbook (.xlsx) or the table saved as CSV here. The page checks a workbook exactly as <code>npm run import -- --check</code> does, cell by cell, and a CSV as <code>npm run validate</code> does, against the rest of the published data, and gives you the tables in the canonical form to propose on GitHub. Your files never leave your computer: the check runs in this page.</p>
<noscript><p class="refused">This page needs JavaScript to check files. Without it, propose your change on GitHub as it is (open the table in the repository, choose “Edit”, paste your rows, and “Propose changes”): the pull request's checks list every problem with its cell and how to fix it. Or, with Node installed, run <code>npm run validate</code> and <code>npm run format</code> in a clone.</p></noscript>
<p id="from-disk" class="refused" role="alert" hidden></p>
<div id="js-only" hidden>
<div class="drop" id="drop">
<label for="files">Choose the edited workbook (<code>.xlsx</code>), or one or more tables (${files}) and, for a new source, its archived text (<code>&lt;id&gt;.txt</code>), or drop them here</label>
<input id="files" type="file" multiple accept="${[...READABLE.extensions, ...READABLE.types].join(',')}">
</div>
<p><label><input id="fix" type="checkbox"> Also make the repairs <code>npm run format -- --fix</code> makes (listed before the download)</label></p>
<p id="status" class="muted" role="status" aria-live="polite"></p>
<progress id="progress" max="1" value="0" hidden>checking</progress>
<div id="results"></div>
</div>`,
  });
}

/** The site's copy of the rule catalogue (generated/RULES.md), to which the check page links each finding's code. */
function rulesHtml(): string {
  const entries = CATALOGUE.map(
    ({ meta, stages }) => `<section id="${esc(meta.code)}">
<h2><code>${esc(meta.code)}</code></h2>
<p><strong>${esc(meta.severity)}</strong> · ${esc(stages.join(', '))} · ${inlineHtml(meta.title)}</p>
<p>${inlineHtml(meta.description)}</p>
<p>Fix: ${inlineHtml(meta.fix)}</p>
</section>`,
  );
  return page({
    title: 'Rule catalogue',
    depth: 0,
    body: `<h1>Rule catalogue</h1>
<p>Every finding of the check page and of <code>npm run validate</code> has one of these codes. Errors must be fixed before a change is merged; warnings and info need not be.</p>
<p>One mistake gets one finding, the one that names its cause: a finding of a rule in one of these tiers hides, on the same cell (or list item), the findings of the rules in later tiers and of all other rules.</p>
<ol>
${PRECEDENCE.map((tier) => `<li>${tier.rules.map((code) => `<a href="#${esc(code)}"><code>${esc(code)}</code></a>`).join(', ')}: ${inlineHtml(tier.because)}.</li>`).join('\n')}
</ol>
${entries.join('\n')}`,
  });
}
