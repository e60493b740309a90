import type { DatasetModel } from '../model/types.ts';
import { DATA_LICENSE, PACKAGE_NAME } from './datapackage.ts';
import { sharedNamespaces } from './export-columns.ts';

/** README.md of a release: what is inside and a line or two to load each format. */
export function releaseReadme(model: DatasetModel, version: string, rowCounts: ReadonlyMap<string, number>): string {
  const folder = `${PACKAGE_NAME}-${version}`;
  const tables = model.tables.map((t) => `| \`csv/${t.file}\` | ${rowCounts.get(t.name) ?? 0} | ${t.description} |`);
  const namespace = sharedNamespaces(model)[0]?.name;
  return `# Caucasus allegiances ${version}

North Caucasus and Azerbaijani militant actors, groups and their allegiances — pledges, defections, leadership, membership, affiliations, alliances, rivalries and support — in 2013–2015, as reported by news articles. Every row cites its sources; every relationship carries the sentence it rests on, checked against the archived article text in \`csv/archive/\`. These are real people: the data records what sources report, not verdicts.

## Contents

| File | Rows | What |
|---|---|---|
${tables.join('\n')}
${namespace ? `| \`csv/${namespace}.csv\` | ${model.tables.filter((t) => t.idNamespace === namespace).reduce((n, t) => n + (rowCounts.get(t.name) ?? 0), 0)} | every actor and group id with its type and name (derived), the target of foreign keys |\n` : ''}
- \`csv/\` — the tables, UTF-8, comma-separated, one header row; empty cell = unknown; list cells separate items with \`|\`; dates are EDTF (\`2015\`, \`2015-02\`, \`2015-02-02\`, with \`?\` uncertain, \`~\` approximate, \`%\` both). \`csv/archive/\` holds the article texts.
- \`json/\` — the same rows as JSON arrays: lists as arrays, dates as \`{ "edtf", "earliest", "latest" }\`, unknown as \`null\`.
- \`parquet/\` — one Parquet file per table: lists as \`LIST<STRING>\`, dates as EDTF text plus \`_earliest\`/\`_latest\` DATE columns.
- \`${PACKAGE_NAME}.sqlite\` — one table per CSV with primary and foreign keys, list columns also as link tables (e.g. \`allegiance_sources\`), and the view \`allegiances_named\` with the names and types of both ends.
- \`allegiances.graphml\` — the network: actors and groups as nodes, allegiances as directed, typed, dated edges. \`network.svg\` and \`timeline.svg\` draw it.
- \`datapackage.json\` — Frictionless Data Package descriptor: fields, constraints, keys, licence, sources.
- \`schemas/\` — the JSON Schemas the data was validated against.
- \`CHANGELOG.md\` — what changed in the data in each version. \`CITATION.cff\` — how to cite. \`SHA256SUMS\` — checksums of every file (\`sha256sum -c SHA256SUMS\`).

## Loading

Python (pandas):

\`\`\`python
import pandas as pd
allegiances = pd.read_csv("${folder}/csv/allegiances.csv", keep_default_na=False, na_values=[""], dtype=str)
\`\`\`

Python (Frictionless): \`frictionless.Package("${folder}/datapackage.json").get_resource("allegiances").read_rows()\`

R:

\`\`\`r
allegiances <- read.csv("${folder}/csv/allegiances.csv", colClasses = "character", na.strings = "", encoding = "UTF-8")
# or: frictionless::read_resource(frictionless::read_package("${folder}/datapackage.json"), "allegiances")
\`\`\`

DuckDB (SQL):

\`\`\`sql
SELECT kind, count(*) FROM '${folder}/parquet/allegiances.parquet' GROUP BY kind;
\`\`\`

SQLite / Datasette: \`datasette ${folder}/${PACKAGE_NAME}.sqlite\`, or \`sqlite3 ${folder}/${PACKAGE_NAME}.sqlite "SELECT subject_name, kind, target_name FROM allegiances_named"\`.

Gephi: *File › Open* \`allegiances.graphml\`. networkx: \`networkx.read_graphml("${folder}/allegiances.graphml")\`. igraph (R): \`igraph::read_graph("${folder}/allegiances.graphml", format = "graphml")\`.

TypeScript / JavaScript:

\`\`\`ts
import allegiances from './${folder}/json/allegiances.json' with { type: 'json' };
\`\`\`

## Licence

The data (\`csv/\`, \`json/\`, \`parquet/\`, the SQLite and GraphML files) is licensed under ${DATA_LICENSE.title} (${DATA_LICENSE.name}): anyone may reuse and adapt it, commercially or not, provided they credit the dataset. CC BY was chosen over CC0 because attribution keeps every reuse traceable to the cited sources, which matters for data about real people; and over ODbL because share-alike terms would hinder combining it with other research data. The article texts in \`csv/archive/\` are not covered: they remain the property of their publishers and are included only so that quotations can be verified. See \`LICENSE\`.
`;
}

export function citationCff(version: string, date: string | undefined): string {
  return `cff-version: 1.2.0
message: "If you use this dataset, please cite it as below."
type: dataset
title: "Caucasus allegiances: North Caucasus and Azerbaijani militant actors, groups and allegiances, 2013-2015"
version: "${version}"
${date ? `date-released: "${date}"\n` : ''}authors:
  - name: "The caucasus-allegiances contributors"
license: ${DATA_LICENSE.name}
keywords:
  - North Caucasus
  - Caucasus Emirate
  - Islamic State
  - militant groups
  - allegiances
`;
}

export const RELEASE_LICENSE = `The data in this release (csv/*.csv, json/, parquet/, ${PACKAGE_NAME}.sqlite, allegiances.graphml)
is licensed under the Creative Commons Attribution 4.0 International License (CC BY 4.0).
To view a copy of this license, visit https://creativecommons.org/licenses/by/4.0/

You are free to share and adapt the data for any purpose, provided you give appropriate
credit ("The caucasus-allegiances contributors", with the version), provide a link to the
license, and indicate if changes were made.

The article texts in csv/archive/ are NOT covered by this license. They remain the property
of their publishers and authors and are included unchanged only so that the quotations in
csv/allegiances.csv can be verified.
`;
