import * as html from '../escape/html.ts';
import * as markdown from '../escape/markdown.ts';
import * as terminal from '../escape/terminal.ts';
import type { RowRecord } from '../model/cell-validator.ts';
import { labelColumn, relationshipTable } from '../model/relationships.ts';
import type { ColumnModel, DatasetModel, TableModel } from '../model/types.ts';
import type { ArchiveChange, DataDiff } from './compare.ts';
import { cellText, isEmptyDiff, type FieldChange } from './row-diff.ts';
import type { SchemaChange, SchemaEffect } from './schema-diff.ts';
import * as workflow from '../escape/workflow-commands.ts';
import { ANNOTATIONS_PER_LEVEL } from '../report/github.ts';
import { wordChange, type TextPiece } from './word-diff.ts';

/** Cells longer than this are shown as a word-level change rather than both values whole. */
const LONG_CELL = 60;
/** How much of an added archived text is shown: enough to read it, not a whole book. */
const ARCHIVE_TEXT_SHOWN = 20_000;
/** GitHub keeps at most 1 MiB of a step's job summary; leave room for what other steps add. */
export const SUMMARY_BUDGET_BYTES = 900_000;

/**
 * How a report spells things: the same structure as plain text for a terminal, or as Markdown for
 * GitHub. Every function but `item` takes plain values (from the data, a schema or a file name) and
 * escapes them for its channel (scripts/lib/escape/); `item` takes a line the style has written.
 */
interface Style {
  readonly code: (text: string) => string;
  readonly strong: (text: string) => string;
  readonly text: (text: string) => string;
  readonly change: (pieces: readonly TextPiece[]) => string;
  readonly heading: (level: number, text: string) => string;
  readonly item: (depth: number, written: string) => string;
  readonly quote: (depth: number, text: string) => string;
  readonly details: (summary: string, body: string) => string;
}

/** A terminal's text: every value in its visible form (no control character, line break or escape sequence from the data). */
const TEXT_STYLE: Style = {
  code: (t) => (t === '' ? '∅' : terminal.text(/^\s|\s$/.test(t) ? JSON.stringify(t) : t)),
  strong: (t) => terminal.text(t),
  text: (t) => terminal.text(t),
  change: (pieces) => terminal.text(pieces.map((p) => (p.kind === 'same' ? p.text : p.kind === 'removed' ? `[-${p.text}-]` : `{+${p.text}+}`)).join('')),
  heading: (level, t) => terminal.text(level <= 3 ? t : `${t}:`),
  item: (depth, t) => `${'  '.repeat(depth + 1)}${t}`,
  quote: (depth, t) => `${'  '.repeat(depth + 1)}“${terminal.text(t)}”`,
  details: (summary, body) =>
    `    ${terminal.text(summary)}:\n${body
      .split(/\r\n|\r|\n/)
      .map((line) => `      ${terminal.text(line)}`)
      .join('\n')}`,
};

/** GitHub Markdown: every value through the Markdown channel, so nothing in the data renders as markup. */
const MARKDOWN_STYLE: Style = {
  code: (t) => (t === '' ? '∅' : markdown.code(t)),
  strong: (t) => (t.trim() === '' ? markdown.code(t) : `**${markdown.text(t)}**`),
  text: markdown.text,
  change: (pieces) =>
    pieces
      .map((p) =>
        p.kind === 'same' ? markdown.text(p.text) : p.kind === 'removed' ? `<del>${markdown.text(p.text)}</del>` : `<ins>${markdown.text(p.text)}</ins>`,
      )
      .join(''),
  heading: (level, t) => `${'#'.repeat(level)} ${markdown.text(t)}`,
  item: (depth, t) => `${'  '.repeat(depth)}- ${t}`,
  quote: (depth, t) => `${'  '.repeat(depth)}  > ${markdown.text(t)}`,
  details: (summary, body) =>
    `<details><summary>${html.text(summary)}</summary>\n\n${body
      .split(/(?:\r\n|\r|\n)+/)
      .map((p) => markdown.text(p))
      .join('\n\n')}\n\n</details>`,
};

export interface DiffReportOptions {
  readonly format: 'text' | 'markdown';
  /** Markdown headings start at this level (3 for a job summary, lower inside a changelog). */
  readonly headingLevel?: number;
  /** Stop adding changes past this many bytes and say how many were left out. */
  readonly maxBytes?: number;
}

/**
 * What changed in the data, for a reviewer: every added or removed row with its content (a
 * relationship as `subject → kind → target` with names), renames with the references that followed
 * them, changed cells (long ones word by word), and archived texts with the rows whose quotes they touch.
 */
export function diffReport(model: DatasetModel, diff: DataDiff, title: string, options: DiffReportOptions): string {
  const style = options.format === 'markdown' ? MARKDOWN_STYLE : TEXT_STYLE;
  const level = options.headingLevel ?? 3;
  const head = [style.heading(level, title), '', ...schemaSection(diff.schema ?? [], style, level + 1)];
  if (isEmptyDiff(diff.tables) && diff.archives.length === 0) return `${[...head, 'No rows or archived texts changed.'].join('\n')}\n`;
  head.push(...summaryTable(diff, style));
  const blocks = changeBlocks(model, diff, style, level + 1);
  const budget = options.maxBytes ?? Infinity;
  let size = Buffer.byteLength(head.join('\n'));
  const shown: string[] = [];
  // Whole changes only; one too large for what is left is skipped, and the ones after it may still fit.
  let headed = '';
  for (const block of blocks) {
    const text = block.group !== headed ? [...block.heading, block.text].join('\n') : block.text;
    const bytes = Buffer.byteLength(text) + 1;
    if (size + bytes > budget) continue;
    size += bytes;
    shown.push(text);
    headed = block.group;
  }
  const left = blocks.length - shown.length;
  if (left > 0) shown.push('', `…and ${left} more change${left === 1 ? '' : 's'} not shown here: run \`npm run diff\` to see them all.`);
  return `${[...head, ...shown].join('\n')}\n`;
}

/** At most this many schema changes are listed; a pull request rewriting every schema still gives a readable top. */
const SCHEMA_CHANGES_SHOWN = 100;

const EFFECT_WORDS: Record<SchemaEffect, string> = {
  refused: 'refused',
  loosened: 'loosened',
  tightened: 'tightened',
  changed: 'changed',
  wording: 'wording',
};

/**
 * The schema changes, first thing in the report: what the pull request does to the checks
 * themselves, each in words with what it means (schema-diff.ts). Kept in one function, with its own
 * escaping through the style, so that the output channel's escaping can be switched in one place.
 */
function schemaSection(changes: readonly SchemaChange[], style: Style, level: number): string[] {
  if (changes.length === 0) return [];
  const loosened = changes.filter((c) => c.effect === 'loosened' || c.effect === 'refused').length;
  const lines = [
    style.heading(level, `Schema changes: ${changes.length} (${loosened} loosening or refusing checks)`),
    '',
    ...changes
      .slice(0, style === MARKDOWN_STYLE ? SCHEMA_CHANGES_SHOWN : Infinity)
      .map((c) =>
        style.item(
          0,
          `${style === MARKDOWN_STYLE ? `**${EFFECT_WORDS[c.effect]}**` : `${EFFECT_WORDS[c.effect]}:`} ${style.text(`schemas/${c.file}`)}: ${style.text(c.text)}`,
        ),
      ),
  ];
  if (style === MARKDOWN_STYLE && changes.length > SCHEMA_CHANGES_SHOWN)
    lines.push('', `…and ${changes.length - SCHEMA_CHANGES_SHOWN} more schema changes: run \`npm run diff\` to see them all.`);
  return [...lines, ''];
}

/**
 * A warning annotation on each schema file for every schema change (the first ANNOTATIONS_PER_LEVEL,
 * and a notice with the count of the rest), for the pull-request job: a loosened check must not be
 * one line among hundreds of rows.
 */
export function schemaAnnotations(changes: readonly SchemaChange[]): string {
  const lines = changes
    .slice(0, ANNOTATIONS_PER_LEVEL)
    .map((c) =>
      workflow.command('warning', { file: c.file === '' ? 'schemas' : `schemas/${c.file}`, title: `Schema change (${EFFECT_WORDS[c.effect]})` }, c.text),
    );
  const rest = changes.length - ANNOTATIONS_PER_LEVEL;
  if (rest > 0)
    lines.push(workflow.command('notice', { title: `${rest} more schema changes` }, `${rest} more schema changes are listed in the job summary and the log.`));
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function summaryTable(diff: DataDiff, style: Style): string[] {
  const rows = diff.tables.map(
    (d) =>
      [
        `data/${d.file}${d.formerFile ? ` (renamed from data/${d.formerFile})` : ''}`,
        d.added.length,
        d.removed.length,
        d.renamed.length,
        d.changed.length,
      ] as const,
  );
  const texts = diff.archives.length ? [`${diff.archives.length} archived text${diff.archives.length === 1 ? '' : 's'} added, removed or changed`] : [];
  if (style === MARKDOWN_STYLE)
    return [
      ...markdown.table(
        ['Table', 'Added', 'Removed', 'Renamed', 'Changed'],
        rows.map(([file, ...counts]) => [markdown.text(file), ...counts.map(String)]),
      ),
      ...(texts.length ? ['', ...texts] : []),
    ];
  return [...rows.map(([file, a, r, n, c]) => `${terminal.text(file)}: ${a} added, ${r} removed, ${n} renamed, ${c} changed`), ...texts];
}

/** One change's lines, and the heading of its group (a table, the archived texts), shown before the group's first change shown. */
interface Block {
  readonly group: string;
  readonly heading: readonly string[];
  readonly text: string;
}

/** Each change as one block of lines, in table order then archives, so a budget can cut between whole changes. */
function changeBlocks(model: DatasetModel, diff: DataDiff, style: Style, level: number): Block[] {
  const blocks: Block[] = [];
  for (const d of diff.tables) {
    const table = model.tables.find((t) => t.name === d.table);
    if (!table || (!d.added.length && !d.removed.length && !d.renamed.length && !d.changed.length)) continue;
    const describe = rowDescriber(model, table, diff.labels, style);
    const heading = ['', style.heading(level, `data/${d.file}`), ''];
    const push = (lines: string[]): void => void blocks.push({ group: d.file, heading, text: lines.join('\n') });
    for (const record of d.added) push([style.item(0, `${sign('+', style)} added ${describe.headline(record)}`), ...describe.details(record)]);
    for (const record of d.removed) push([style.item(0, `${sign('-', style)} removed ${describe.headline(record)}`), ...describe.details(record)]);
    for (const rename of d.renamed)
      push([
        style.item(0, `${sign('↷', style)} renamed ${style.code(rename.from)} → ${describe.headline(rename.record)}`),
        ...rename.references.map((r) => style.item(1, `${style.text(`data/${r.file}`)} ${style.code(r.id)}: ${style.text(r.column)} follows the new id`)),
      ]);
    for (const change of d.changed)
      push([
        style.item(0, `${sign('~', style)} changed ${describe.headline(change.record)}`),
        ...change.fields.map((f) => style.item(1, fieldChange(f, style))),
      ]);
  }
  const heading = ['', style.heading(level, 'Archived texts'), ''];
  for (const archive of diff.archives) blocks.push({ group: 'archive', heading, text: archiveBlock(archive, style) });
  return blocks;
}

const sign = (mark: string, style: Style): string => (style === MARKDOWN_STYLE ? `**${mark}**` : mark);

function fieldChange(f: FieldChange, style: Style): string {
  if (f.before.length > LONG_CELL || f.after.length > LONG_CELL) return `${style.text(f.column)}: ${style.change(wordChange(f.before, f.after))}`;
  return `${style.text(f.column)}: ${style.code(f.before)} → ${style.code(f.after)}`;
}

/** How rows of one table read: a headline naming the row, and its other cells with references named. */
function rowDescriber(model: DatasetModel, table: TableModel, labels: DataDiff['labels'], style: Style) {
  const relationship = relationshipTable(model);
  const ends = relationship?.table === table ? relationship : undefined;
  const label = labelColumn(table);
  const named = (column: string, id: string): string => {
    const targets = table.columns.find((c) => c.name === column)?.references ?? [];
    const name = targets.map((t) => labels.get(`${t}/${id}`)).find((n) => n !== undefined);
    return name === undefined ? style.code(id) : `${style.strong(name)} (${style.code(id)})`;
  };
  const shownInHeadline = new Set([table.primaryKey, label?.name, ends?.from.name, ends?.to.name, ends?.kind.name]);
  return {
    headline(record: RowRecord): string {
      const id = style.code(cellText(record[table.primaryKey]));
      if (ends)
        return `${id}: ${named(ends.from.name, cellText(record[ends.from.name]))} → ${style.code(cellText(record[ends.kind.name]))} → ${named(ends.to.name, cellText(record[ends.to.name]))}`;
      const name = label ? cellText(record[label.name]) : '';
      return name ? `${id}: ${style.strong(name)}` : id;
    },
    details(record: RowRecord): string[] {
      const lines: string[] = [];
      for (const column of table.columns) {
        const text = cellText(record[column.name]);
        if (text === '' || shownInHeadline.has(column.name)) continue;
        if (column.quoteOf) lines.push(style.quote(1, text));
        else if (column.references)
          lines.push(
            style.item(
              1,
              `${style.text(column.name)}: ${text
                .split('|')
                .map((id) => named(column.name, id))
                .join(', ')}`,
            ),
          );
        else lines.push(style.item(1, `${style.text(column.name)}: ${isFreeText(column) ? style.text(text) : text.split('|').map(style.code).join(', ')}`));
      }
      return lines;
    },
  };
}

/** Names, descriptions and notes read as prose; ids, categories, dates, codes and lists as literal values. */
const isFreeText = (column: ColumnModel): boolean => !column.list && !column.pattern && !column.enumValues && !column.date;

function archiveBlock(archive: ArchiveChange, style: Style): string {
  const lines: string[] = [];
  const mark = { added: '+', removed: '-', changed: '~', moved: '↷' }[archive.status];
  const what = archive.from
    ? `moved ${style.code(`data/${archive.from}`)} → ${style.code(`data/${archive.path}`)}, its text unchanged`
    : `${archive.status} ${style.code(`data/${archive.path}`)}`;
  lines.push(style.item(0, `${sign(mark, style)} ${what}`));
  if (archive.unnamed) lines.push(style.item(1, 'no source has this id, so no quote is checked against this text: is the file named after its source’s id?'));
  for (const passage of archive.passages) lines.push(style.item(1, style.change(passage.pieces)));
  if (archive.quotedBy.length && archive.status !== 'moved') {
    lines.push(style.item(1, archive.status === 'changed' ? 'rows whose quotes stand in a changed passage:' : 'rows quoting it:'));
    for (const row of archive.quotedBy)
      lines.push(
        style.item(2, `${style.text(`data/${row.file}`)} ${style.code(row.id)} (${style.text(row.column)})${row.found ? '' : ': no longer found in the text'}`),
      );
  }
  if (archive.text !== undefined) {
    const text = archive.text.trim();
    const shown = text.length > ARCHIVE_TEXT_SHOWN ? `${text.slice(0, ARCHIVE_TEXT_SHOWN)}… (${text.length - ARCHIVE_TEXT_SHOWN} more characters)` : text;
    lines.push('', style.details(`The new text (${archive.text.length} characters)`, shown));
  }
  return lines.join('\n');
}
