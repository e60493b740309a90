import { text as esc } from '../escape/html.ts';

/** Escapes text for HTML content and attribute values (the HTML channel, scripts/lib/escape/html.ts). */
export { esc };

/** A complete page: one h1, a skip link, navigation, and the stylesheet, at `depth` folders below the site root. */
export function page(options: {
  title: string;
  depth: number;
  body: string;
  scripts?: readonly string[];
  moduleScripts?: readonly string[];
  head?: string;
}): string {
  const root = options.depth === 0 ? '' : '../'.repeat(options.depth);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${options.head ?? ''}<title>${esc(options.title)} · Caucasus allegiances</title>
<link rel="stylesheet" href="${root}style.css">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header><nav aria-label="Site"><a href="${root}index.html">Caucasus allegiances</a> <a href="${root}network.html">Network and timeline</a> <a href="${root}time.html">Over time</a> <a href="${root}codebook.html">Codebook</a> <a href="${root}check.html">Check your edit</a></nav></header>
<main id="main">
${options.body}
</main>
<footer><p>Data: CC BY 4.0. These are real people: the dataset records what sources report, not verdicts. Every relationship quotes its source.</p></footer>
${[
  ...(options.scripts ?? []).map((src) => `<script src="${root}${src}" defer></script>`),
  ...(options.moduleScripts ?? []).map((src) => `<script type="module" src="${root}${src}"></script>`),
].join('\n')}
</body>
</html>
`;
}

export const STYLE = `:root { color-scheme: light; --ink: #111827; --muted: #4b5563; --line: #d1d5db; --accent: #1d4ed8; --paper: #ffffff; --soft: #f3f4f6; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: var(--ink); background: var(--paper); }
main, header nav, footer p { max-width: 60rem; margin: 0 auto; padding: 0 1rem; }
header { background: var(--soft); border-bottom: 1px solid var(--line); }
header nav { display: flex; flex-wrap: wrap; gap: 1rem; padding-top: .75rem; padding-bottom: .75rem; }
header nav a:first-child { font-weight: 700; }
a { color: var(--accent); }
a:focus, input:focus { outline: 3px solid #f59e0b; outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: .5rem; background: var(--paper); padding: .25rem .5rem; z-index: 1; }
h1 { font-size: 1.75rem; line-height: 1.2; margin: 1.5rem 0 .5rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); }
.muted { color: var(--muted); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dt { font-weight: 600; color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
ul.entities { list-style: none; padding: 0; columns: 2 16rem; }
ul.entities li { break-inside: avoid; padding: .15rem 0; }
ol.allegiances { list-style: none; padding: 0; }
ol.allegiances li { border: 1px solid var(--line); border-radius: .5rem; padding: .75rem 1rem; margin: .75rem 0; }
blockquote { margin: .5rem 0; padding: .25rem .75rem; border-left: 4px solid var(--line); color: #1f2937; font-style: italic; }
.kind { font-weight: 600; }
.search { margin: 1rem 0; }
.search label { display: block; font-weight: 600; }
.search input { width: 100%; max-width: 30rem; font-size: 1rem; padding: .5rem; border: 1px solid #6b7280; border-radius: .25rem; }
figure { margin: 1rem 0; }
figure img { max-width: 100%; height: auto; border: 1px solid var(--line); }
footer { margin-top: 3rem; border-top: 1px solid var(--line); font-size: .875rem; color: var(--muted); }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--soft); padding: 1rem; }
.codebook { overflow-wrap: anywhere; }
.wide { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; font-size: .875rem; }
th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left; vertical-align: top; }
.drop { border: 2px dashed #6b7280; border-radius: .5rem; padding: 1.5rem 1rem; margin: 1rem 0; text-align: center; }
.drop.over { background: var(--soft); border-color: var(--accent); }
.drop label { display: block; font-weight: 600; margin-bottom: .5rem; }
button { font: inherit; padding: .35rem .75rem; border: 1px solid var(--accent); border-radius: .25rem; background: var(--paper); color: var(--accent); cursor: pointer; margin: .25rem 0; }
button:focus, td.flagged:focus { outline: 3px solid #f59e0b; outline-offset: 2px; }
tr.error td:first-child, td.flagged.error { background: #fee2e2; }
tr.warning td:first-child, td.flagged.warning { background: #fef3c7; }
tr.info td:first-child, td.flagged.info { background: #e0f2fe; }
.hint { color: var(--muted); }
td.value, table.grid td { overflow-wrap: anywhere; max-width: 20rem; }
.cell-message { min-height: 1.5em; font-weight: 600; position: sticky; top: 0; background: var(--paper); z-index: 1; margin: 0; padding: .25rem 0; }
table.grid td, table.grid th { white-space: nowrap; max-width: 14rem; overflow: hidden; text-overflow: ellipsis; }
.refused { color: #991b1b; font-weight: 600; }
`;

/**
 * Search, the only script: filters the lists on the start page as you type, matching names and aliases
 * whatever their case, accents or punctuation. Without JavaScript every entry stays listed.
 */
export const SEARCH_SCRIPT = `(() => {
  const input = document.getElementById('search');
  const status = document.getElementById('search-status');
  if (!input) return;
  const fold = (text) => text.normalize('NFKD').replace(/\\p{M}/gu, '').toLowerCase().replace(/[^\\p{L}\\p{N}]+/gu, ' ').trim();
  const items = [...document.querySelectorAll('[data-names]')].map((item) => ({ item, names: fold(item.dataset.names) }));
  input.addEventListener('input', () => {
    const query = fold(input.value);
    let shown = 0;
    for (const { item, names } of items) {
      const match = query === '' || names.includes(query);
      item.hidden = !match;
      if (match) shown++;
    }
    status.textContent = query === '' ? '' : shown + (shown === 1 ? ' match' : ' matches');
  });
})();
`;
