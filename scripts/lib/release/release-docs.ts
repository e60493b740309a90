import type { DatasetModel } from '../model/types.ts';
import { ARCHIVE_LICENSE, AUTHOR, CODE_LICENSE, DATA_LICENSE, PACKAGE_DESCRIPTION, PACKAGE_NAME, PACKAGE_TITLE } from './datapackage.ts';
import { relationshipTable, type RelationshipTable } from '../model/relationships.ts';
import { namedViewColumns, namedViewName, sharedNamespaces } from './export-columns.ts';
import { GRAPHML_FILE, LABEL_ATTRIBUTE } from './graphml-export.ts';
import { JSON_ROWS_KEY } from './json-export.ts';
import { csvFile, type ReleaseTable } from './release-tables.ts';
import { RELEASE_TABLE, throughLeadersView } from './sqlite-export.ts';

export const workbookName = (version: string): string => `${PACKAGE_NAME}-${version}.xlsx`;

/** What each part of a release is licensed under; LICENSE, both READMEs, the codebook and datapackage.json say the same. */
export const LICENCE_SUMMARY = `The data (every table in every format: csv/*.csv, the workbook, json/, parquet/, the SQLite and GraphML files, and the pictures drawn from it) is licensed under ${DATA_LICENSE.title} (${DATA_LICENSE.name}, ${DATA_LICENSE.path}): anyone may reuse and adapt it, commercially or not, provided they credit the dataset and its version. The JSON Schemas in schemas/ and json-schema/ are code, under the ${CODE_LICENSE.title} (${CODE_LICENSE.name}), like the project's tooling. The article texts in csv/archive/ are neither: they remain the copyright of their publishers and authors and are included unchanged only so that the quotations in the data can be verified; they are not licensed for reuse.`;

const year = (date: string | undefined): string => date?.slice(0, 4) ?? 'n.d.';

export function citationSentence(version: string, date: string | undefined): string {
  return `${AUTHOR} (${year(date)}). *${PACKAGE_TITLE}* (version ${version}) [Data set]. Each release is archived on Zenodo with a DOI: cite the DOI of the version you used.`;
}

export function citationBibtex(version: string, date: string | undefined): string {
  return `@misc{${PACKAGE_NAME.replace(/-/g, '_')}_${version.replace(/\./g, '_')},
  author = {{${AUTHOR}}},
  title = {{${PACKAGE_TITLE}}},
  year = {${year(date)}},
  version = {${version}},
  note = {Data set, version ${version}},
}
`;
}

/**
 * README.md of a release: what is inside and how to load each format. Every fenced block is run,
 * verbatim and from inside the release folder, by its client in the tests: the info string names
 * the language and, for SQL, the client (`sql sqlite3`, `sql duckdb`).
 */
export function releaseReadme(model: DatasetModel, version: string, date: string | undefined, tables: readonly ReleaseTable[]): string {
  const files = tables.map((t) => `| \`csv/${csvFile(t)}\` | ${t.rows.length} | ${t.description} |`);
  const edges = relationshipTable(model);
  const edgeTable = tables.find((t) => t.name === edges?.table.name);
  const namespace = sharedNamespaces(model)[0]?.name;
  return `# Caucasus allegiances ${version}

${PACKAGE_DESCRIPTION} These are real people: the data records what sources report, not verdicts. Every relationship carries the sentence it rests on, checked against the archived article text in \`csv/archive/\`.

**What every column and value means, how dates become their bounds, how rows were extracted and how each source was dated: \`CODEBOOK.md\`.**

## Contents

| File | Rows | One row per |
|---|---|---|
${files.join('\n')}

The same tables, with the same column names, are in every format:

- \`csv/\` — UTF-8, comma-separated, one header row; an empty cell is unknown; list cells separate items with \`|\`. Each date column (EDTF, e.g. \`2014-12~\`) has three columns beside it: \`_earliest\` and \`_latest\` (ISO dates) and \`_precision\` (\`year\`, \`month\`, \`day\`). \`csv/archive/\` holds the article texts.
- \`${workbookName(version)}\` — the workbook: a sheet per table and a codebook sheet; date bounds as real dates; each header cell's note says what the column means; drop-down lists for allowed values and ids.
- \`json/\` — each table as a JSON document: the dataset, version and licence at the top level, then \`${JSON_ROWS_KEY}\`, an array of objects (lists as arrays, unknown as \`null\`). \`json-schema/\` holds the JSON Schema of each, which every row validates against.
- \`parquet/\` — each table as Parquet: lists as \`LIST<STRING>\`, date bounds as \`DATE\`; the column descriptions, the version and the licence are in the file's key-value metadata.
- \`${PACKAGE_NAME}.sqlite\` — every table with primary and foreign keys, list columns also as link tables, the view \`${edges ? namedViewName(edges.table) : ''}\` with the names and types of both ends${edges?.kind.throughLeader ? `, the view \`${throughLeadersView(edges.table)}\` (a pledge to a leader also as one to what he leads; see the codebook)` : ''}, the codebook as the tables \`codebook_columns\` and \`codebook_values\`, and the table \`${RELEASE_TABLE}\` with the version and licence.
- \`${GRAPHML_FILE}\` — the network for Gephi, networkx and igraph: ${namespace ? `every row of \`${namespace}\`` : 'the entities'} as a node${edges ? `, every row of \`${edges.table.name}\` as a directed edge` : ''}, every column as a declared attribute with its description; two-way kinds are marked \`two_way\`. Node ids are the entities' ids (networkx: \`graph.nodes[id]\`; igraph: the \`id\` vertex attribute), and the name is \`${LABEL_ATTRIBUTE}\`; the version and licence are graph attributes. \`network.svg\` and \`timeline.svg\` draw it.
- \`datapackage.json\` — Frictionless Data Package v2 (profile 2.1): typed fields, the meaning of every allowed value, keys, licences per file, the sources.
- \`schemas/\` — the JSON Schemas the data was validated against. \`CHANGELOG.md\` — what changed. \`CITATION.cff\` — how to cite. \`SHA256SUMS\` — checksums (\`sha256sum -c SHA256SUMS\`).

## Loading

Run these from inside this folder.
${edges && edgeTable ? loadingSnippets(version, edgeTable, edges) : ''}
Gephi: *File › Open* \`allegiances.graphml\`. Excel or LibreOffice: open \`${workbookName(version)}\`.

## How to cite

${citationSentence(version, date)}

\`\`\`bibtex
${citationBibtex(version, date).trimEnd()}
\`\`\`

## Licences

${LICENCE_SUMMARY} See \`LICENSE\`.
`;
}

/** Each kind x-throughLeader names, counted by what it reaches, stated or through a leader: the ready answer to "pledges to Islamic State". */
function throughLeaderQuery(relationships: RelationshipTable): string {
  if (!relationships.kind.throughLeader) return '';
  const kind = relationships.kind.name;
  return `SELECT ${kind}, reached_name, count(DISTINCT id) AS n FROM ${throughLeadersView(relationships.table)} GROUP BY ${kind}, reached_name ORDER BY n DESC;\n`;
}

function loadingSnippets(version: string, table: ReleaseTable, relationships: RelationshipTable): string {
  const { name } = table;
  const dates = table.columns.filter((c) => c.kind === 'date').map((c) => c.name);
  const firstDate = dates[0];
  const endNames = [relationships.from, relationships.to].map((end) => namedViewColumns(end).name);
  const view = namedViewName(relationships.table);
  const edtf = table.columns.find((c) => c.kind === 'edtf')?.name;
  const kind = relationships.kind.name;
  const key = table.primaryKey;
  return `
Python, with pandas, networkx and openpyxl:

\`\`\`python
import json
import sqlite3
import networkx as nx
import pandas as pd

${name} = pd.read_csv("csv/${name}.csv", dtype=str, keep_default_na=False, na_values=[""])
for column in [${dates.map((d) => `"${d}"`).join(', ')}]:
    ${name}[column] = pd.to_datetime(${name}[column], format="%Y-%m-%d")
print(len(${name}), "${name}")

with open("json/${name}.json", encoding="utf-8") as f:
    document = json.load(f)
${name}_json = pd.DataFrame(document["${JSON_ROWS_KEY}"])
print(len(${name}_json), "${name} in JSON, version", document["version"], "under", document["license"])

sheets = pd.read_excel("${workbookName(version)}", sheet_name=None)
print(len(sheets["${name}"]), "rows in the ${name} sheet")

graph = nx.read_graphml("allegiances.graphml")
print(graph.number_of_nodes(), "nodes,", graph.number_of_edges(), "edges")

with sqlite3.connect("${PACKAGE_NAME}.sqlite") as db:
    named = pd.read_sql("SELECT ${endNames[0]}, ${kind}, ${endNames[1]}${firstDate ? `, ${firstDate}` : ''} FROM ${view}", db)
print(len(named), "named ${name}")
\`\`\`

R, with readr, DBI/RSQLite, jsonlite and igraph:

\`\`\`r
library(readr)
${name} <- read_csv("csv/${name}.csv", na = "", col_types = cols(.default = col_character()${dates.map((d) => `, ${d} = col_date()`).join('')}))
cat(nrow(${name}), "${name}\\n")

document <- jsonlite::fromJSON("json/${name}.json")
${name}_json <- document$${JSON_ROWS_KEY}
cat(nrow(${name}_json), "${name} in JSON, version", document$version, "\\n")

db <- DBI::dbConnect(RSQLite::SQLite(), "${PACKAGE_NAME}.sqlite")
named <- DBI::dbGetQuery(db, "SELECT ${endNames[0]}, ${kind}, ${endNames[1]} FROM ${view}")
DBI::dbDisconnect(db)
cat(nrow(named), "named ${name}\\n")

graph <- igraph::read_graph("allegiances.graphml", format = "graphml")
cat(igraph::vcount(graph), "nodes,", igraph::ecount(graph), "edges\\n")
\`\`\`

SQLite (\`sqlite3 ${PACKAGE_NAME}.sqlite\`, or \`datasette ${PACKAGE_NAME}.sqlite\`):

\`\`\`sql sqlite3
SELECT ${endNames[0]}, ${kind}, ${endNames[1]}${edtf ? `, ${edtf}` : ''} FROM ${view}${firstDate ? ` ORDER BY ${firstDate} IS NULL, ${firstDate}` : ''};
SELECT column_name, description FROM codebook_columns WHERE table_name = '${name}';
SELECT key, value FROM ${RELEASE_TABLE};
${throughLeaderQuery(relationships)}\`\`\`

DuckDB (SQL):

\`\`\`sql duckdb
SELECT ${kind}, count(*) AS n FROM 'parquet/${name}.parquet' GROUP BY ${kind} ORDER BY n DESC;
${firstDate ? `SELECT ${key}, ${edtf}, ${firstDate} FROM read_csv('csv/${name}.csv') WHERE ${firstDate} >= DATE '2000-01-01' ORDER BY ${firstDate};\n` : ''}\`\`\`

TypeScript / JavaScript (Node 20):

\`\`\`ts
import ${name} from './json/${name}.json' with { type: 'json' };
console.log(${name}.${JSON_ROWS_KEY}.length, '${name}, version', ${name}.version);
\`\`\`
`;
}

export const RELEASE_LICENSE = `Caucasus allegiances: licences

${LICENCE_SUMMARY}

Data: ${DATA_LICENSE.title} (${DATA_LICENSE.name}), ${DATA_LICENSE.path}
You are free to share and adapt the data for any purpose, provided you give appropriate credit
("${AUTHOR}", with the version), provide a link to the license, and indicate if changes were made.

Schemas: ${CODE_LICENSE.title}
Copyright (c) 2026 ${AUTHOR}
Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense,
and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so,
subject to the following conditions: The above copyright notice and this permission notice shall be
included in all copies or substantial portions of the Software. THE SOFTWARE IS PROVIDED "AS IS",
WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF
MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT,
TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS
IN THE SOFTWARE.

Article texts (csv/archive/): ${ARCHIVE_LICENSE.title}. Not covered by either licence above.
`;
