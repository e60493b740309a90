import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { text as escapeHtml } from '../escape/html.ts';
import type { RowRecord } from '../model/cell-validator.ts';
import type { DatasetModel } from '../model/types.ts';
import { PACKAGE_DESCRIPTION, PACKAGE_TITLE } from './datapackage.ts';
import { entityType, labelColumn } from './export-columns.ts';
import { citationBibtex, citationSentence, LICENCE_SUMMARY } from './release-docs.ts';
import { csvFile, DATE_RULE, dateParts, valueText, type ReleaseColumn, type ReleaseTable, type ReleaseValue } from './release-tables.ts';
import { readFileInside } from '../files/confined.ts';
import { scopeBlocks } from './codebook-scope.ts';

/** The coding rules, kept beside the schemas they apply: how rows were extracted from the sources. */
export const CODING_RULES_FILE = 'coding-rules.md';

export function readCodingRules(schemasDir: string): string {
  // Published in every codebook: a link out of schemas/ is refused, never followed.
  return existsSync(join(schemasDir, CODING_RULES_FILE)) ? new TextDecoder().decode(readFileInside(schemasDir, CODING_RULES_FILE)) : '';
}

/** A codebook is a list of blocks, written out as Markdown (CODEBOOK.md) or HTML (the site's codebook page). */
export type CodebookBlock =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | { readonly kind: 'table'; readonly header: readonly string[]; readonly rows: readonly (readonly string[])[] }
  | { readonly kind: 'code'; readonly language: string; readonly text: string };

export interface CodebookInput {
  readonly model: DatasetModel;
  readonly tables: readonly ReleaseTable[];
  readonly records: ReadonlyMap<string, readonly RowRecord[]>;
  /** The release's version; undefined for the unreleased data (the site), which then has no citation. */
  readonly version?: string;
  readonly date?: string | undefined;
  readonly codingRules: string;
}

/** Every form the EdtfDate type allows, with an example of each: the rows of the codebook's date table. */
export const DATE_FORMS: readonly { readonly form: string; readonly example: string }[] = ['YYYY', 'YYYY-MM', 'YYYY-MM-DD'].flatMap((digits) =>
  ['', '?', '~', '%'].map((qualifier) => ({
    form: `${digits}${qualifier}`,
    example: `${'2015-02-28'.slice(0, digits.length)}${qualifier}`,
  })),
);

function typeOf(column: ReleaseColumn): string {
  if (column.kind === 'date') return 'ISO date (YYYY-MM-DD)';
  if (column.kind === 'precision') return '`year`, `month` or `day`';
  const title = column.source?.typeTitle ?? 'text';
  return column.kind === 'list' ? `${title}, \`|\`-separated` : title;
}

function allowedValues(column: ReleaseColumn): string {
  const source = column.source;
  const values = (column.categories ?? []).map(({ value, meaning }) => {
    const ends = column.kind === 'text' ? source?.endpoints?.[value] : undefined;
    const endsText = ends
      ? ` (${Object.entries(ends)
          .map(([end, tables]) => `${end}: ${tables.join(' or ')}`)
          .join('; ')})`
      : '';
    const twoWay = source?.symmetric?.includes(value) ? ' Two-way: A with B is also B with A.' : '';
    return `\`${value}\`: ${meaning}${twoWay}${endsText}`;
  });
  const references = column.references?.length ? [`an id of ${column.references.join(' or ')}`] : [];
  return [...values, ...references].join('<br>');
}

function columnNotes(column: ReleaseColumn): string {
  const source = column.source;
  const examples = column.kind === 'edtf' || column.kind === 'text' || column.kind === 'list' ? (source?.examples ?? []) : [];
  const parts = [
    column.description,
    examples.length ? `Examples: ${examples.map((e) => `\`${Array.isArray(e) ? e.join('|') : String(e)}\``).join(', ')}.` : '',
    column.kind !== 'date' && column.kind !== 'precision' && source?.formerly ? `Called \`${source.formerly}\` before the first release.` : '',
    column.kind === 'edtf' && source?.notBefore ? `Not before \`${source.notBefore}\`.` : '',
  ];
  return parts.filter(Boolean).join(' ');
}

function tableBlocks(table: ReleaseTable): CodebookBlock[] {
  return [
    { kind: 'heading', level: 2, text: `Table \`${table.name}\`` },
    {
      kind: 'paragraph',
      text: `${table.description} File \`csv/${csvFile(table)}\`, sheet \`${table.name}\`, \`json/${table.name}.json\`, \`parquet/${table.name}.parquet\`, SQLite table \`${table.name}\`; ${table.rows.length} rows; key \`${table.primaryKey}\`.`,
    },
    {
      kind: 'table',
      header: ['Column', 'Type', 'Required', 'Meaning', 'Allowed values'],
      rows: table.columns.map((column) => [`\`${column.name}\``, typeOf(column), column.required ? 'yes' : '', columnNotes(column), allowedValues(column)]),
    },
  ];
}

function dateBlocks(): CodebookBlock[] {
  return [
    { kind: 'heading', level: 2, text: 'Dates' },
    { kind: 'paragraph', text: DATE_RULE },
    {
      kind: 'table',
      header: ['Form', 'Example', '`_earliest`', '`_latest`', '`_precision`'],
      rows: DATE_FORMS.map(({ form, example }) => {
        const parts = dateParts(example)!;
        return [`\`${form}\``, `\`${example}\``, parts.earliest, parts.latest, parts.precision];
      }),
    },
  ];
}

/** Paragraphs, `- ` lists and `### ` headings of a small Markdown file, as blocks. */
function markdownBlocks(text: string): CodebookBlock[] {
  return text
    .split(/\n\s*\n/)
    .map((chunk) => chunk.trim())
    .filter(Boolean)
    .map((chunk): CodebookBlock => {
      if (chunk.startsWith('### ')) return { kind: 'heading', level: 3, text: chunk.slice(4).replace(/\s*\n\s*/g, ' ') };
      return chunk.startsWith('- ')
        ? { kind: 'list', items: chunk.split(/\n(?=- )/).map((item) => item.slice(2).replace(/\s*\n\s*/g, ' ')) }
        : { kind: 'paragraph', text: chunk.replace(/\s*\n\s*/g, ' ') };
    });
}

/** Each source with every field it has: how it was dated is in its notes. */
function sourceBlocks(input: CodebookInput): CodebookBlock[] {
  const table = input.tables.find((t) => t.table?.archive);
  if (!table) return [];
  const titleColumn = labelColumn(table.table!);
  const label = (row: Readonly<Record<string, ReleaseValue>>): string => valueText(row[titleColumn] ?? null) || String(row[table.primaryKey]);
  return [
    { kind: 'heading', level: 2, text: 'Sources' },
    {
      kind: 'paragraph',
      text: `Every fact comes from these ${table.rows.length} sources; their full texts are in \`csv/${table.table!.archive!.replace('{id}', '<id>')}\`. The notes say how each was dated and how certain that is.`,
    },
    ...table.rows.flatMap((row): CodebookBlock[] => [
      { kind: 'heading', level: 3, text: label(row) },
      {
        kind: 'list',
        items: table.columns
          .filter((c) => c.kind !== 'date' && c.kind !== 'precision' && row[c.name] !== null && c.name !== titleColumn)
          .map((c) => `${c.name}: ${valueText(row[c.name]!)}`),
      },
    ]),
  ];
}

/** The codebook of a release (or of the current data): generated from the schemas, the coding rules and the sources. */
export function codebookBlocks(input: CodebookInput): CodebookBlock[] {
  const { model, version } = input;
  const entities = input.tables.filter((t) => !t.table);
  return [
    { kind: 'heading', level: 1, text: `Codebook: ${PACKAGE_TITLE}${version ? `, version ${version}` : ''}` },
    { kind: 'paragraph', text: PACKAGE_DESCRIPTION },
    {
      kind: 'paragraph',
      text: `This codebook is generated from the dataset's JSON Schemas (\`schemas/\`), its coding rules and its sources. Every table below is in every format of the release: CSV, the workbook, JSON, Parquet and SQLite${
        entities.length
          ? `; the ${entities.map((t) => `\`${t.name}\``).join(', ')} table is derived from ${model.tables
              .filter((t) => entities.some((e) => e.name === t.idNamespace))
              .map((t) => `\`${t.name}\``)
              .join(' and ')}`
          : ''
      }. The GraphML network has the ${model.tables
        .filter((t) => entities.some((e) => e.name === t.idNamespace))
        .map((t) => entityType(t) + 's')
        .join(' and ')} as nodes and the relationships as edges, with the same columns as attributes. An empty cell means unknown or not stated.`,
    },
    { kind: 'heading', level: 2, text: 'Tables' },
    {
      kind: 'table',
      header: ['Table', 'Rows', 'One row per'],
      rows: input.tables.map((t) => [`\`${t.name}\``, String(t.rows.length), t.description]),
    },
    ...input.tables.flatMap(tableBlocks),
    ...dateBlocks(),
    ...(input.codingRules.trim()
      ? [{ kind: 'heading', level: 2, text: 'How rows were extracted: what is included and why' } as CodebookBlock, ...markdownBlocks(input.codingRules)]
      : []),
    ...scopeBlocks(input),
    ...sourceBlocks(input),
    ...(version
      ? [
          { kind: 'heading', level: 2, text: 'How to cite' } as CodebookBlock,
          { kind: 'paragraph', text: citationSentence(version, input.date) } as CodebookBlock,
          { kind: 'code', language: 'bibtex', text: citationBibtex(version, input.date) } as CodebookBlock,
        ]
      : []),
    { kind: 'heading', level: 2, text: 'Licences' },
    { kind: 'paragraph', text: LICENCE_SUMMARY },
  ];
}

const markdownCell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function codebookMarkdown(blocks: readonly CodebookBlock[]): string {
  return `${blocks
    .map((block) => {
      switch (block.kind) {
        case 'heading':
          return `${'#'.repeat(block.level)} ${block.text}`;
        case 'paragraph':
          return block.text;
        case 'list':
          return block.items.map((item) => `- ${item}`).join('\n');
        case 'code':
          return `\`\`\`${block.language}\n${block.text.trimEnd()}\n\`\`\``;
        case 'table':
          return [block.header, block.header.map(() => '---'), ...block.rows].map((row) => `| ${row.map(markdownCell).join(' | ')} |`).join('\n');
      }
    })
    .join('\n\n')}\n`;
}

/** The little inline Markdown the codebook uses: `code`, *emphasis*, **strong** and <br>. */
export function inlineHtml(text: string): string {
  return text
    .split('<br>')
    .map((part) =>
      escapeHtml(part)
        .replace(/`([^`]+)`/g, '<code>$1</code>')
        .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
        .replace(/(^|[\s(])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>'),
    )
    .join('<br>');
}

export function codebookHtml(blocks: readonly CodebookBlock[]): string {
  return blocks
    .map((block) => {
      switch (block.kind) {
        case 'heading':
          return `<h${block.level}>${inlineHtml(block.text)}</h${block.level}>`;
        case 'paragraph':
          return `<p>${inlineHtml(block.text)}</p>`;
        case 'list':
          return `<ul>\n${block.items.map((item) => `<li>${inlineHtml(item)}</li>`).join('\n')}\n</ul>`;
        case 'code':
          return `<pre><code>${escapeHtml(block.text.trimEnd())}</code></pre>`;
        case 'table':
          return `<div class="wide"><table>\n<thead><tr>${block.header.map((h) => `<th scope="col">${inlineHtml(h)}</th>`).join('')}</tr></thead>\n<tbody>\n${block.rows
            .map((row) => `<tr>${row.map((cell) => `<td>${inlineHtml(cell)}</td>`).join('')}</tr>`)
            .join('\n')}\n</tbody>\n</table></div>`;
      }
    })
    .join('\n');
}
