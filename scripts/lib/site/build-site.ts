import { instance } from '@viz-js/viz';
import { dateBounds } from '../edtf.ts';
import { archivePath } from '../check/archive.ts';
import { readFileInside } from '../files/confined.ts';
import type { RowRecord } from '../model/cell-validator.ts';
import { CERTAINTY, cellOf, DESCRIPTION, list, NOTES, PUBLISHER, ROLE, text } from './columns.ts';
import type { ColumnModel, DatasetModel, TableModel } from '../model/types.ts';
import { aliasColumn, categoryColumn, citationColumn, relationshipTable } from '../model/relationships.ts';
import { entityType, labelColumn, sharedNamespaces } from '../release/export-columns.ts';
import { networkDot } from '../render/network-dot.ts';
import { renderedFiles } from '../render/render.ts';
import { edgeStyle } from '../render/styles.ts';
import { esc, page, SEARCH_SCRIPT, STYLE } from './html.ts';
import { codebookBlocks, codebookHtml } from '../release/codebook.ts';
import { releaseTables } from '../release/release-tables.ts';
import { checkPageFiles } from '../check-page/check-html.ts';
import { timePageFiles } from './time-html.ts';

type Records = ReadonlyMap<string, readonly RowRecord[]>;

const capitalised = (name: string): string => name[0]!.toUpperCase() + name.slice(1);

export { COLUMNS_BY_NAME } from './columns.ts';

const byId =
  (table: TableModel) =>
  (a: RowRecord, b: RowRecord): number =>
    String(a[table.primaryKey]) < String(b[table.primaryKey]) ? -1 : 1;

/**
 * The static dataset browser: a searchable start page, a page per actor, group and source, and per row
 * of any other table something refers to, and the network and timeline. Columns no part of a page is
 * made for are shown as labelled values, references as links. Plain HTML and CSS that reads without JavaScript; the one script only filters.
 * Returns every file by path below the site folder.
 */
export async function buildSite(model: DatasetModel, records: Records, dataDir: string, codingRules = ''): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const nodeTables = sharedNamespaces(model)[0]?.tables ?? [];
  const sourceTable = model.tables.find((t) => t.archive);
  const sourceTitle = sourceTable ? labelColumn(sourceTable) : undefined;
  const titleOf = (source: RowRecord, id: string): string => text(cellOf(source, sourceTitle)) || id;
  const citations = (table: TableModel): ColumnModel | undefined => (sourceTable ? citationColumn(table, sourceTable) : undefined);
  const relationships = relationshipTable(model);
  const edgeTable = relationships?.table;
  const quoteColumn = edgeTable?.columns.find((c) => c.quoteOf);

  /** Where each entity lives in the site, and its name. */
  const entities = new Map<string, { table: TableModel; record: RowRecord; name: string; href: string }>();
  for (const table of nodeTables) {
    for (const record of records.get(table.name) ?? []) {
      const id = String(record[table.primaryKey]);
      entities.set(id, { table, record, name: String(record[labelColumn(table)] ?? id), href: `${table.name}/${id}.html` });
    }
  }
  const sources = new Map((sourceTable ? (records.get(sourceTable.name) ?? []) : []).map((r) => [String(r[sourceTable!.primaryKey]), r]));
  const entityLink = (id: string, depth: number): string => {
    const entity = entities.get(id);
    return entity ? `<a href="${'../'.repeat(depth)}${entity.href}">${esc(entity.name)}</a>` : esc(id);
  };
  const sourceLink = (id: string, depth: number): string =>
    sources.has(id) ? `<a href="${'../'.repeat(depth)}sources/${id}.html">${esc(titleOf(sources.get(id)!, id))}</a>` : esc(id);
  /** Every other table something refers to (a table of places, say): a page per row, like an entity's. */
  const otherTables = model.tables.filter(
    (t) =>
      t !== edgeTable && t !== sourceTable && !nodeTables.includes(t) && model.tables.some((from) => from.columns.some((c) => c.references?.includes(t.name))),
  );
  const otherRows = new Map(
    otherTables.map((t) => [
      t.name,
      new Map((records.get(t.name) ?? []).map((r) => [String(r[t.primaryKey]), { table: t, record: r, name: String(r[labelColumn(t)] ?? r[t.primaryKey]) }])),
    ]),
  );
  /** A link to the row a reference cell names, in whichever of the column's tables holds it; the bare id when none does. */
  const referenceLink = (column: ColumnModel, id: string, depth: number): string => {
    for (const target of column.references ?? []) {
      if (target === sourceTable?.name && sources.has(id)) return sourceLink(id, depth);
      if (nodeTables.some((t) => t.name === target) && entities.get(id)?.table.name === target) return entityLink(id, depth);
      const other = otherRows.get(target)?.get(id);
      if (other) return `<a href="${'../'.repeat(depth)}${target}/${esc(id)}.html">${esc(other.name)}</a>`;
    }
    return esc(id);
  };
  /** Columns no part of a page is made for, each as a labelled value; a reference as links to the rows it names. */
  const labelledValues = (columns: readonly ColumnModel[], record: RowRecord, depth: number): string[] =>
    columns
      .filter((c) => text(cellOf(record, c)) !== '')
      .map(
        (c) =>
          `<dt>${esc(c.name.replace(/_/g, ' '))}</dt><dd>${
            c.references
              ? list(cellOf(record, c))
                  .map((id) => referenceLink(c, id, depth))
                  .join('; ')
              : esc(text(cellOf(record, c)))
          }</dd>`,
      );
  const allegiances = edgeTable ? [...(records.get(edgeTable.name) ?? [])] : [];
  const startOf = (record: RowRecord): string => text(cellOf(record, relationships?.start));
  const endOf = (record: RowRecord): string => text(cellOf(record, relationships?.end));
  const when = (record: RowRecord): number => {
    const start = dateBounds(startOf(record)) ?? dateBounds(endOf(record));
    return start ? start.earliest : Number.MAX_SAFE_INTEGER;
  };
  const dates = (record: RowRecord): string => {
    const start = startOf(record);
    const end = endOf(record);
    return start && end ? `${start} to ${end}` : start ? `from ${start}` : end ? `until ${end}` : 'undated';
  };

  /** The columns an allegiance item is built from; any other is shown as a labelled value. */
  const itemColumns = new Set(
    [edgeTable?.primaryKey, relationships?.kind, relationships?.from, relationships?.to, relationships?.start, relationships?.end, quoteColumn]
      .concat(edgeTable ? [citations(edgeTable)] : [])
      .map((c) => (typeof c === 'string' ? c : c?.name))
      .concat([ROLE, CERTAINTY, NOTES]),
  );
  /** One relationship as a list item: who, what, whom, when, how sure, the quote and its source, and any other column. */
  const allegianceItem = (record: RowRecord, depth: number): string => {
    const { table, kind, from, to } = relationships!;
    const role = text(cellOf(record, ROLE));
    const quote = text(cellOf(record, quoteColumn));
    const notes = text(cellOf(record, NOTES));
    const ids = list(cellOf(record, citations(table)));
    const others = labelledValues(
      table.columns.filter((c) => !itemColumns.has(c.name)),
      record,
      depth,
    );
    return `<li id="${esc(text(cellOf(record, table.primaryKey)))}">
<p>${entityLink(text(cellOf(record, from)), depth)} <span class="kind">${esc(edgeStyle(text(cellOf(record, kind))).label)}</span> ${entityLink(text(cellOf(record, to)), depth)}${role ? ` (${esc(role)})` : ''}</p>
<p class="muted">${esc(dates(record))} · ${esc(text(cellOf(record, CERTAINTY)))}</p>
${others.length ? `<dl>${others.join('')}</dl>` : ''}
${quote ? `<blockquote>${esc(quote)}</blockquote>` : ''}
<p>Source: ${ids.map((id) => sourceLink(id, depth)).join('; ')}</p>
${notes ? `<p class="muted">Note: ${esc(notes)}</p>` : ''}
</li>`;
  };
  /** The ids at a relationship's two ends. */
  const endsOf = (record: RowRecord): string[] => [text(cellOf(record, relationships?.from)), text(cellOf(record, relationships?.to))];

  const viz = await instance();
  for (const [id, entity] of entities) {
    const { table, record, name } = entity;
    const involved = allegiances
      .filter((a) => endsOf(a).includes(id))
      .sort((a, b) => when(a) - when(b) || String(a[edgeTable!.primaryKey]).localeCompare(String(b[edgeTable!.primaryKey])));
    const neighbours = [...new Set(involved.flatMap(endsOf))].filter((n) => n !== id);
    const facts = labelledValues(
      table.columns.filter((c) => ![table.primaryKey, labelColumn(table), NOTES, DESCRIPTION, citations(table)?.name].includes(c.name)),
      record,
      1,
    );
    // The neighbourhood: this entity, the ones it is linked to, and those links, drawn like the full network.
    const shown = new Set([id, ...neighbours]);
    const local = new Map(
      model.tables.map((t) => {
        const rows = records.get(t.name) ?? [];
        if (t === edgeTable) return [t.name, involved];
        return [t.name, nodeTables.includes(t) ? rows.filter((r) => shown.has(String(r[t.primaryKey]))) : rows];
      }),
    );
    const neighbourhood = involved.length
      ? viz.renderString(networkDot(model, local).replace(/\n {2}legend \[[^\n]*\n/, '\n'), { format: 'svg', engine: 'neato' })
      : '';
    files.set(`${table.name}/${id}.svg`, neighbourhood);
    const category = categoryColumn(table);
    const description = text(cellOf(record, DESCRIPTION));
    const notes = text(cellOf(record, NOTES));
    const body = `<h1>${esc(name)}</h1>
<p class="muted">${entityType(table) === 'actor' ? 'Person' : `Group (${esc(text(cellOf(record, category)))})`}</p>
${description ? `<p>${esc(description)}</p>` : ''}
${facts.length ? `<dl>${facts.join('')}</dl>` : ''}
${notes ? `<p class="muted">Note: ${esc(notes)}</p>` : ''}
<p>Named in: ${list(cellOf(record, citations(table)))
      .map((s) => sourceLink(s, 1))
      .join('; ')}</p>
<h2>Allegiances in time order</h2>
${involved.length ? `<ol class="allegiances">${involved.map((a) => allegianceItem(a, 1)).join('\n')}</ol>` : '<p>None recorded.</p>'}
<h2>Neighbourhood in the network</h2>
${
  neighbours.length
    ? `<ul class="entities">${neighbours
        .sort((a, b) => (entities.get(a)?.name ?? a).localeCompare(entities.get(b)?.name ?? b))
        .map((n) => `<li>${entityLink(n, 1)}</li>`)
        .join('')}</ul>`
    : '<p>No links recorded.</p>'
}
${neighbourhood ? `<figure><img src="${esc(id)}.svg" alt="Network of ${esc(name)} and the actors and groups linked to it"><figcaption class="muted">${esc(name)} and its direct links.</figcaption></figure>` : ''}`;
    files.set(`${table.name}/${id}.html`, page({ title: name, depth: 1, body }));
  }

  for (const [id, source] of sources) {
    const citing = (table: TableModel): RowRecord[] => (records.get(table.name) ?? []).filter((r) => list(cellOf(r, citations(table))).includes(id));
    const cited = nodeTables.map((t) => ({ table: t, rows: citing(t) }));
    const rows = edgeTable ? citing(edgeTable).sort((a, b) => when(a) - when(b)) : [];
    const facts = sourceTable!.columns
      .filter((c) => c.name !== sourceTitle && source[c.name] !== undefined)
      .map((c) => `<dt>${esc(c.name)}</dt><dd>${esc(text(source[c.name]))}</dd>`);
    const title = titleOf(source, id);
    const body = `<h1>${esc(title)}</h1>
<dl>${facts.join('')}</dl>
<p><a href="${esc(id)}.txt">Archived text of the article</a></p>
${cited
  .map(
    ({ table, rows: entityRows }) =>
      `<h2>${esc(capitalised(table.name))} it names</h2>${
        entityRows.length
          ? `<ul class="entities">${entityRows
              .sort(byId(table))
              .map((r) => `<li>${entityLink(String(r[table.primaryKey]), 1)}</li>`)
              .join('')}</ul>`
          : '<p>None.</p>'
      }`,
  )
  .join('\n')}
<h2>Allegiances it states</h2>
${rows.length ? `<ol class="allegiances">${rows.map((a) => allegianceItem(a, 1)).join('\n')}</ol>` : '<p>None.</p>'}`;
    files.set(`sources/${id}.html`, page({ title, depth: 1, body }));
    files.set(`sources/${id}.txt`, new TextDecoder().decode(readFileInside(dataDir, archivePath(sourceTable!.archive!, id))));
  }

  /** Rows of other tables that refer to a row: allegiances as items, anything else as links. */
  const referringTo = (target: TableModel, id: string): string =>
    model.tables
      .flatMap((from) =>
        from.columns
          .filter((c) => c.references?.includes(target.name) && from !== sourceTable && c !== (sourceTable ? citations(from) : undefined))
          .map((c) => ({ from, column: c, rows: (records.get(from.name) ?? []).filter((r) => list(cellOf(r, c)).includes(id)) })),
      )
      .filter(({ rows }) => rows.length > 0)
      .map(({ from, column, rows }) => {
        const heading = `<h2>${esc(capitalised(from.name))} that name it (${esc(column.name.replace(/_/g, ' '))})</h2>`;
        if (from === edgeTable)
          return `${heading}<ol class="allegiances">${[...rows]
            .sort((a, b) => when(a) - when(b))
            .map((a) => allegianceItem(a, 1))
            .join('\n')}</ol>`;
        const link = (r: RowRecord): string => {
          const key = String(r[from.primaryKey]);
          return nodeTables.includes(from) ? entityLink(key, 1) : referenceLink({ ...column, references: [from.name] }, key, 1);
        };
        return `${heading}<ul class="entities">${[...rows]
          .sort(byId(from))
          .map((r) => `<li>${link(r)}</li>`)
          .join('')}</ul>`;
      })
      .join('\n');
  for (const [tableName, rows] of otherRows) {
    for (const [id, { table, record, name }] of rows) {
      const facts = labelledValues(
        table.columns.filter((c) => ![table.primaryKey, labelColumn(table), NOTES, DESCRIPTION, citations(table)?.name].includes(c.name)),
        record,
        1,
      );
      const description = text(cellOf(record, DESCRIPTION));
      const notes = text(cellOf(record, NOTES));
      const cited = list(cellOf(record, citations(table)));
      const referring = referringTo(table, id);
      const body = `<h1>${esc(name)}</h1>
<p class="muted">${esc(capitalised(entityType(table)))}</p>
${description ? `<p>${esc(description)}</p>` : ''}
${facts.length ? `<dl>${facts.join('')}</dl>` : ''}
${notes ? `<p class="muted">Note: ${esc(notes)}</p>` : ''}
${cited.length ? `<p>Named in: ${cited.map((s) => sourceLink(s, 1)).join('; ')}</p>` : ''}
${referring || '<p>Nothing refers to it.</p>'}`;
      files.set(`${tableName}/${id}.html`, page({ title: name, depth: 1, body }));
    }
  }

  const entry = (id: string): string => {
    const entity = entities.get(id)!;
    const aliases = list(cellOf(entity.record, aliasColumn(entity.table)));
    return `<li data-names="${esc([entity.name, ...aliases].join(' | '))}"><a href="${entity.href}">${esc(entity.name)}</a>${aliases.length ? ` <span class="muted">(${esc(aliases.join(', '))})</span>` : ''}</li>`;
  };
  const sections = nodeTables.map((table) => {
    const ids = [...entities.entries()]
      .filter(([, e]) => e.table === table)
      .sort((a, b) => a[1].name.localeCompare(b[1].name))
      .map(([id]) => id);
    return `<h2 id="${table.name}">${esc(capitalised(table.name))} (${ids.length})</h2>\n<ul class="entities">${ids.map(entry).join('\n')}</ul>`;
  });
  const otherSections = [...otherRows].map(([tableName, rows]) => {
    const sorted = [...rows].sort((a, b) => a[1].name.localeCompare(b[1].name));
    return `<h2 id="${esc(tableName)}">${esc(capitalised(tableName))} (${sorted.length})</h2>\n<ul class="entities">${sorted
      .map(([id, { name }]) => `<li data-names="${esc(name)}"><a href="${esc(tableName)}/${esc(id)}.html">${esc(name)}</a></li>`)
      .join('\n')}</ul>`;
  });
  const published = sourceTable?.columns.find((c) => c.publicationDate);
  const sourceItems = [...sources.entries()].map(
    ([id, s]) =>
      `<li data-names="${esc([text(cellOf(s, sourceTitle)), text(cellOf(s, PUBLISHER))].join(' | '))}"><a href="sources/${id}.html">${esc(titleOf(s, id))}</a> <span class="muted">${esc(
        [cellOf(s, PUBLISHER), cellOf(s, published)]
          .filter(Boolean)
          .map((v) => text(v))
          .join(', '),
      )}</span></li>`,
  );
  const counts = model.tables.map((t) => `${records.get(t.name)?.length ?? 0} ${t.name}`).join(', ');
  files.set(
    'index.html',
    page({
      title: 'Caucasus allegiances',
      depth: 0,
      scripts: ['search.js'],
      body: `<h1>Caucasus allegiances</h1>
<p>North Caucasus and Azerbaijani militant actors, groups and their allegiances in 2013–2015, as reported by news articles: ${esc(counts)}. Every relationship quotes its source.</p>
<div class="search" role="search"><label for="search">Find a person, group or source by any spelling of its name</label>
<input id="search" type="search" autocomplete="off" placeholder="e.g. Umar Shishani"><p id="search-status" class="muted" aria-live="polite"></p></div>
${sections.join('\n')}
${otherSections.join('\n')}
<h2 id="sources">Sources (${sources.size})</h2>
<ul class="entities">${sourceItems.join('\n')}</ul>
<p><a href="time.html">See the network as of any date and the timeline-diagram</a>, or <a href="network.html">the whole network and the timeline</a> as pictures.</p>`,
    }),
  );
  const pictures = await renderedFiles(model, records);
  files.set('network.svg', pictures.get('generated/network.svg')!);
  files.set('timeline.svg', pictures.get('generated/timeline.svg')!);
  files.set(
    'network.html',
    page({
      title: 'Network and timeline',
      depth: 0,
      body: `<h1>Network and timeline</h1>
<p>Every relationship of every date in two pictures. To see the network as it stood on a given date, filter by kind or trace one person or group, open <a href="time.html">Over time</a>.</p>
<figure><a href="network.svg"><img src="network.svg" alt="Network of every actor and group, with their allegiances as arrows coloured by kind; a legend explains the colours"></a><figcaption class="muted">Actors (ellipses) and groups (boxes, coloured by kind); arrows are allegiances, styled by kind. Open the picture to zoom.</figcaption></figure>
<h2>Timeline</h2>
<figure><a href="timeline.svg"><img src="timeline.svg" alt="Timeline of every dated allegiance, one lane per actor or group; uncertain dates are dashed and approximate ones faded"></a></figure>`,
    }),
  );
  const codebook = codebookBlocks({ model, tables: releaseTables(model, records), records, codingRules });
  files.set('codebook.html', page({ title: 'Codebook', depth: 0, body: `<div class="codebook">\n${codebookHtml(codebook)}\n</div>` }));
  files.set('style.css', STYLE);
  files.set('search.js', SEARCH_SCRIPT);
  for (const [path, content] of await checkPageFiles(model, dataDir)) files.set(path, content);
  for (const [path, content] of await timePageFiles(model, records)) files.set(path, content);
  return files;
}
