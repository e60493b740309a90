import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nameKey } from '../scripts/lib/check/rules/possible-duplicate.ts';
import { RULES } from '../scripts/lib/check/rules/index.ts';
import { defineRule } from '../scripts/lib/check/define-rule.ts';
import type { ReportedFinding, Rule } from '../scripts/lib/check/rule.ts';
import { fillTemplate, placeholders } from '../scripts/lib/check/messages.ts';
import { rulesCatalogue } from '../scripts/lib/generate/rules-catalogue.ts';
import { MAX_SUGGESTED } from '../scripts/lib/check/rules/reference-not-found.ts';
import {
  allegianceRow as row,
  allegiances,
  cellOf,
  columnsOf as columnNames,
  datasetWith,
  findingsFor,
  groups,
  letterOf,
  MODEL,
  otherErrors,
  row as rowOf,
  validateDir,
  where,
} from './helpers/fixtures.ts';
import { ACCIDENTS, CASES } from './helpers/rule-cases.ts';

/** A column of the schema, for wording that quotes it. */
const column = (table: string, name: string) => MODEL.tables.find((t) => t.name === table)!.columns.find((c) => c.name === name)!;
const columnsOf = (table: string, separator: string): string =>
  MODEL.tables
    .find((t) => t.name === table)!
    .columns.map((c) => c.name)
    .join(separator);
const ALLEGIANCE_COLUMNS = columnNames('allegiances').length;
/** Every `table.column` that refers to a table, in the model's order. */
const referencesTo = (target: string): string[] =>
  MODEL.tables.flatMap((t) => t.columns.filter((c) => c.references?.includes(target)).map((c) => `${t.name}.${c.name}`));
const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** What each fixture's finding says: its exact message and hint, as the contributor reads them. */
const WORDING: Record<string, { readonly message: string; readonly hint: string | undefined }> = {
  'file-missing': {
    message: 'data/groups.csv does not exist; the dataset needs a groups table.',
    hint: `Create it with this header row: ${columnsOf('groups', ',')}`,
  },
  'file-is-link': {
    message: 'data/actors.csv is a symbolic link; a table is read only from a plain file, never through a link, so the actors table was not read.',
    hint: 'Replace the link with a copy of the table (in git: commit the file, not a link to it).',
  },
  'header-missing': { message: 'data/groups.csv is empty; it needs at least the header row.', hint: `Row 1 must be: ${columnsOf('groups', ',')}` },
  'unknown-column': {
    message: '`comment` is not a column of allegiances.',
    hint: `Columns of allegiances.csv: ${columnsOf('allegiances', ', ')}. Delete this column or name it.`,
  },
  'duplicate-column': {
    message: `Column \`notes\` appears again; it is already column ${letterOf('allegiances', 'notes')}.`,
    hint: 'Keep one `notes` column; the validator ignores this one.',
  },
  'missing-column': { message: 'The header has no role column.', hint: `Add a column named role (${column('allegiances', 'role').description})` },
  'column-order': {
    message: `Columns are in the order ${columnNames('allegiances')
      .map((c) => (c === 'kind' ? 'subject_id' : c === 'subject_id' ? 'kind' : c))
      .join(', ')}.`,
    hint: `Use the schema order: ${columnsOf('allegiances', ', ')}.`,
  },
  'not-utf8': {
    message: `The file is not UTF-8: 1 byte on 1 row (first in ${cellOf('allegiances', 'notes', 5)}) is not; they read as Windows-1252: \`é\`.`,
    hint: 'Run `npm run format -- --fix` to convert the file to UTF-8 (it lists every change), or save it again as UTF-8 — Excel: Save As › "CSV UTF-8 (Comma delimited)"; LibreOffice: Save As › Text CSV, "Edit filter settings", Character set "Unicode (UTF-8)"; Numbers: Export To › CSV, Text Encoding "Unicode (UTF-8)"; Google Sheets always downloads UTF-8.',
  },
  'unterminated-quote': {
    message: 'A cell in this row opens a double quote that is never closed; everything up to the end of the file was read as one cell.',
    hint: 'Close the quote at the end of the cell. A quote character inside a quoted cell must be doubled ("").',
  },
  'malformed-quote': {
    message: 'A quoted cell in this row has text after its closing quote, so the row cannot be split into cells reliably.',
    hint: 'Inside a quoted cell write each " as "", e.g. "He said ""no""".',
  },
  'merge-conflict': {
    message:
      "Rows 5–9 are a merge conflict that git left in the file: row 6 is one side's (`HEAD`) and row 8 the other side's (`feature`), between the marker rows 5, 7 and 9.",
    hint: 'Keep the rows of the side that is right, or of both where both are (a row that both sides changed stands on each side under the same id: keep one of the two), and delete the marker rows 5, 7 and 9. `npm run format` leaves the file alone until then. In git, then `git add` the file and commit to finish the merge.',
  },
  'blank-row': {
    message: 'Row is blank.',
    hint: 'Delete the empty row, or run `npm run format`, which removes blank rows (a second empty line at the end of the file is one too).',
  },
  'too-many-cells': {
    message: `Row has ${ALLEGIANCE_COLUMNS + 1} cells but the header has ${ALLEGIANCE_COLUMNS}; \`stray\` is outside every column.`,
    hint: 'A comma inside a cell splits it in two unless the cell is in double quotes: find the cell of this row with a comma and quote it (a spreadsheet does when it saves), or remove the comma.',
  },
  'too-few-cells': {
    message: `Row has 4 cells but the header has ${ALLEGIANCE_COLUMNS}; ${columnNames('allegiances').slice(4).join(', ')} are read as empty.`,
    hint: 'Spreadsheets leave off empty cells at the end of a row; `npm run format` writes them back. If a value moved into the wrong column, move it back.',
  },
  'wrong-delimiter': {
    message: 'Cells are separated by semicolons, not commas.',
    hint: 'Run `npm run format` to rewrite the file with commas. In Excel, "CSV UTF-8 (Comma delimited)" uses commas whatever the system list separator; in LibreOffice choose Field delimiter `,`.',
  },
  'spreadsheet-date': {
    message: '`42036` looks like a date rewritten by a spreadsheet; it was probably `2015-02` (or `2015-02-01`) (spreadsheet day number 42036 is 2015-02-01).',
    hint: 'Write the EDTF value back, at the precision the source gives. When you open the file, import every column as Text (LibreOffice: Text Import › column type Text; Excel: Data › From Text/CSV › Transform; Google Sheets: File › Import with "Convert text to numbers, dates and formulas" unticked; Gnumeric: File › Open with File type "Text import (configurable)", every column formatted as Text).',
  },
  'spreadsheet-number': {
    message: '`1.23457E+15` is a number in scientific notation: a spreadsheet turned a long value into a number and dropped digits.',
    hint: 'Restore the value from git (`git diff` shows it). When you open the file, import every column as Text (LibreOffice: Text Import › column type Text; Excel: Data › From Text/CSV › Transform; Google Sheets: File › Import with "Convert text to numbers, dates and formulas" unticked; Gnumeric: File › Open with File type "Text import (configurable)", every column formatted as Text).',
  },
  'spreadsheet-error-value': {
    message: "`#NAME?` is an error value that a spreadsheet wrote in place of the cell's text.",
    hint: 'The cell was read as a formula (it started with =, +, - or @), and the formula failed. Restore the text from git (`git diff` shows it). When you open the file, import every column as Text (LibreOffice: Text Import › column type Text; Excel: Data › From Text/CSV › Transform; Google Sheets: File › Import with "Convert text to numbers, dates and formulas" unticked; Gnumeric: File › Open with File type "Text import (configurable)", every column formatted as Text).',
  },
  'replaced-characters': {
    message: '`Ali Abu Mu?ammad` has `?` where letters probably were: a save in a legacy encoding replaced characters it could not write.',
    hint: 'Retype the name from the source (see the row\'s other names), and save as "CSV UTF-8" next time.',
  },
  'not-a-csv': {
    message: 'data/groups.csv is a PNG image, not a CSV file.',
    hint: 'If you saved a workbook over the table, export it again as "CSV UTF-8 (Comma delimited)" (Excel) or Text CSV with UTF-8 (LibreOffice).',
  },
  'utf16-encoding': {
    message: 'data/allegiances.csv is encoded as UTF-16LE, not UTF-8.',
    hint: 'Run `npm run format` to rewrite it as UTF-8, or save it again as "CSV UTF-8 (Comma delimited)".',
  },
  'empty-table': {
    message: 'data/allegiances.csv has a header but no rows.',
    hint: 'If the rows were lost in an edit, restore them with `git checkout -- <file>`.',
  },
  'mixed-line-endings': { message: 'Lines end in several styles: 4 LF, 1 CRLF.', hint: 'Run `npm run format` to use LF throughout.' },
  'stray-quote': {
    message: `${cellOf('allegiances', 'notes', 5)} (notes) has a double quote but is not itself in double quotes.`,
    hint: 'Write the cell in double quotes and double each quote inside it, e.g. "He said ""no""". `npm run format` cannot do this safely for you.',
  },
  'garbled-text': {
    message: '`Ã©mir` is garbled: its UTF-8 was read as Windows-1252 and saved again. It was probably `émir`.',
    hint: 'Run `npm run format -- --fix` to restore it, and open the file as "Unicode (UTF-8)" next time.',
  },
  'hidden-characters': {
    message: '`am�ir` has U+202E (a bidirectional control, which reorders how text is displayed) at character 3.',
    hint: 'Retype the value without it; it cannot be seen in a spreadsheet.',
  },
  'containment-cycle': {
    message: 'These rows make a circle: `emirate` → `jjq` → `emirate` (emirate-in-jjq: part_of; jjq-affiliate: affiliate_of).',
    hint: 'A group cannot be inside a group that is inside it; check the direction of these rows.',
  },
  'missing-value': {
    message: 'kind is required but the cell is empty.',
    hint: `${column('allegiances', 'kind').description} One of: ${column('allegiances', 'kind').enumValues!.join(', ')}.`,
  },
  'invalid-value': { message: '`2015-13` is not a valid EDTF date.', hint: `${capitalised(column('allegiances', 'started').hint!)}.` },
  'value-not-allowed': { message: '`leader` is not an allowed kind.', hint: `Allowed: ${column('allegiances', 'kind').enumValues!.join(', ')}.` },
  'too-long': {
    message: '`xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…` is 5001 characters long; notes allows at most 5000.',
    hint: 'Shorten it to 5000 characters or fewer.',
  },
  'duplicate-item': { message: '`src-a` is listed twice in source_ids.', hint: 'Keep one `src-a`.' },
  'cell-whitespace': { message: '`amir ` ends with a space.', hint: 'Delete the blank characters at the start and end of the cell.' },
  'formula-injection': {
    message: '`=HYPERLINK("http://x")` starts with `=`, so spreadsheets would run it as a formula.',
    hint: 'Reword the cell so it does not start with =, +, -, @, a tab or a line break.',
  },
  'duplicate-id': {
    message: '`kebekov-leads-emirate` is already the id of row 3.',
    hint: 'Ids must be unique: merge the two rows if they are the same entity, or give this one a different id.',
  },
  'id-conflict': { message: '`kebekov` is already the id of row 3 of actors.csv.', hint: 'actors and groups share one set of ids; rename one of them.' },
  'reference-not-found': { message: '`kebekovv` in subject_id is not the id of any row in actors.csv or groups.csv.', hint: 'Did you mean `kebekov`?' },
  'endpoint-type': {
    message: 'leader_of needs subject_id to be a row of actors.csv, but `jjq` is in groups.csv (row 3).',
    hint: 'For leader_of: subject_id in actors.csv, target_id in groups.csv. Check the kind, or whether subject and target are swapped.',
  },
  'self-relation': {
    message: 'target_id `kebekov` is the same as subject_id; a row cannot relate `kebekov` to itself.',
    hint: 'Correct target_id or subject_id.',
  },
  'date-order': { message: 'ended `2014-12` is before started `2015-01`.', hint: 'Correct one of the two dates; ended cannot be earlier than started.' },
  'date-in-future': { message: '`2026-02` is in the future (today is 2026-01-01).', hint: 'Check the year.' },
  'date-after-source': {
    message: '`2015-03` is after `src-a` was published (2015-02-10 at the latest).',
    hint: 'A source cannot report a later event: check the date, and count relative dates back from the publication date.',
  },
  'too-few-publishers': {
    message: '`confirmed` needs sources from at least 2 different named publishers; the sources in source_ids have 1 (`Publisher A`).',
    hint: 'Cite a source from another publisher that states it, or change `confirmed` to what the sources support (see the codebook).',
  },
  'archive-missing': {
    message: 'There is no archived text for sources `src-b`: data/archive/src-b.txt is missing or unreadable.',
    hint: 'Save the full text of the source as data/archive/src-b.txt (UTF-8 plain text).',
  },
  'quote-not-found': {
    message: 'The quote is not in data/archive/src-a.txt.',
    hint: 'The quote matches the source up to `Kebekov leads the `, then the quote has `Caliphate.` where the source has `Emirate.↵↵Umar Shishani left t…`: check the text there, or mark an omission with [...].',
  },
  'archive-misnamed': {
    message: 'data/archive/src-c.TXT is not read as the archived text of the sources row `src-c`: that must be named exactly data/archive/src-c.txt.',
    hint: 'Rename it to src-c.txt (the ending is `.txt`, in lowercase: GitHub and the pull request’s check tell capitals apart, even where your computer does not). In a clone, rename it with `git mv data/archive/src-c.TXT data/archive/src-c.txt`: on a disk that does not tell capitals apart (Windows, macOS), git does not see a rename in Explorer or Finder that changes only capitals.',
  },
  'archive-encoding': {
    message: 'data/archive/src-b.txt is encoded as UTF-16LE (Notepad’s “Unicode”), not UTF-8.',
    hint: 'Run `npm run format -- --fix` to convert it to UTF-8, or save it again as UTF-8 — Notepad: File › Save As, Encoding "UTF-8"; TextEdit: Format › Make Plain Text, then Save with Plain Text Encoding "Unicode (UTF-8)"; Word: Save As › Plain Text, Text encoding "Unicode (UTF-8)".',
  },
  'archive-empty': {
    message: 'data/archive/src-a.txt is empty: it holds no text (0 bytes), so no quote is checked against it.',
    hint: 'Paste the article’s text into it (copied from the source’s page) and save it as UTF-8 — Notepad: File › Save As, Encoding "UTF-8"; TextEdit: Format › Make Plain Text, then Save with Plain Text Encoding "Unicode (UTF-8)".',
  },
  'archive-bom': {
    message: 'data/archive/src-a.txt starts with a byte order mark (Notepad’s “UTF-8 with BOM”).',
    hint: 'Run `npm run format -- --fix` to remove it, or save the file again with Encoding "UTF-8" rather than "UTF-8 with BOM".',
  },
  'unreferenced-row': {
    message: `\`src-c\` is not referenced anywhere: no ${referencesTo('sources').join(' or ')} names it.`,
    hint: 'Add the row that refers to it, or delete it if it is not needed.',
  },
  'possible-duplicate': {
    message: '`UMAR SHISHANI` of `umar` matches `Umar Shishani` of `shishani` (actors.csv row 4).',
    hint: 'If both rows are the same entity, merge them and keep each spelling in aliases; otherwise make the names distinguishable.',
  },
};

describe('rule catalogue', () => {
  it('has a fixture for every rule, and every code is unique', () => {
    const codes = RULES.map((r) => r.meta.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(Object.keys(CASES).sort()).toEqual([...codes].sort());
    expect(Object.keys(WORDING).sort()).toEqual([...codes].sort());
  });

  it('finds nothing in the base fixture', async () => {
    const report = await validateDir(datasetWith());
    expect(report.findings).toEqual([]);
  });
});

describe.each(Object.entries(CASES))('%s', (code, { files, expected }) => {
  it('reports the exact location, and is the only error for that cell or its file as a whole', async () => {
    const all = await findingsFor(files);
    const findings = all.filter((f) => f.code === code);
    expect(findings.map(where)).toEqual([{ code, ...expected }]);
    expect(otherErrors(all, code, expected)).toEqual([]);
    const [finding] = findings;
    const rule = RULES.find((r) => r.meta.code === code)!;
    expect(finding!.severity).toBe(rule.meta.severity);
    expect({ message: finding!.message, hint: finding!.hint }).toEqual(WORDING[code]);
  });
});

describe.each(Object.entries(ACCIDENTS))('accident: %s', (_name, { files, findings }) => {
  it('gets exactly these findings, each with its place, message and hint', async () => {
    const all = await findingsFor(files);
    expect(all.map(({ code, file, row, line, cell, value, message, hint }) => ({ code, file, row, line, cell, value, message, hint }))).toEqual(findings);
  });
});

describe('nameKey', () => {
  /** The Unicode-aware folding, which the ASCII shortcut must agree with. */
  const unicodeFold = (name: string): string =>
    name
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]/gu, '');

  it('folds plain ASCII names exactly as the Unicode-aware path does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii' }), (name) => {
        expect(nameKey(name)).toBe(unicodeFold(name));
      }),
    );
  });

  it('folds accents, case and punctuation across scripts', () => {
    expect(nameKey('Al-Shishani')).toBe(nameKey('al Shishani'));
    expect(nameKey('Şişani')).toBe('sisani');
    expect(nameKey('Кавказ')).toBe('кавказ');
  });
});

describe('the catalogue', () => {
  const context = async () => {
    const { KeyIndex } = await import('../scripts/lib/check/key-index.ts');
    return {
      model: MODEL,
      validators: new Map(),
      keys: new KeyIndex(MODEL),
      archive: { pathOf: () => '', read: () => undefined, nearMisses: () => [] },
      today: 0,
      report: () => {},
    };
  };

  it("derives each rule's stages from the hooks it returns", async () => {
    const hooksOf = async (rule: Rule) => Object.keys(rule.create(await context()));
    const stageOfHook: Record<string, string> = { file: 'file', fileEnd: 'file', rawRow: 'raw row', row: 'row', cell: 'cell', end: 'dataset' };
    for (const rule of RULES) {
      expect(new Set(rule.stages), rule.meta.code).toEqual(new Set((await hooksOf(rule)).map((hook) => stageOfHook[hook])));
    }
    // The rules the issue named: they judge one row at a time, whatever stage they once claimed.
    const stagesOf = (code: string) => RULES.find((rule) => rule.meta.code === code)!.stages;
    expect(stagesOf('invalid-value')).toEqual(['row']);
    expect(stagesOf('replaced-characters')).toEqual(['row']);
    expect(stagesOf('date-order')).toEqual(['row']);
    expect(stagesOf('not-utf8')).toEqual(['file', 'raw row']);
    expect(stagesOf('containment-cycle')).toEqual(['row', 'dataset']);
    // A rule with a cell hook reports one cell.
    const cellStage = RULES.filter((rule) => rule.stages.includes('cell')).map((rule) => rule.meta.code);
    expect(cellStage).not.toEqual([]);
    expect(cellStage.filter((code) => CASES[code]!.expected.cell === undefined)).toEqual([]);
  });

  it('gives every message and hint of each rule, with its placeholders, in generated/RULES.md', () => {
    const catalogue = rulesCatalogue(MODEL, RULES);
    for (const { meta } of RULES) {
      const entry = catalogue.slice(catalogue.indexOf(`## ${meta.code}\n`)).split(/\n## /)[0]!;
      expect(Object.keys(meta.messages).length, meta.code).toBeGreaterThan(0);
      for (const [id, template] of Object.entries({ ...meta.messages, ...meta.hints })) expect(entry, meta.code).toContain(`- \`${id}\`: ${template}`);
    }
    expect(catalogue).toContain('- `duplicate`: {id} is already the id of row {first}.');
  });

  it('fills every placeholder of the message and hint a rule reports, from message ids its meta declares', async () => {
    const reported: { code: string; finding: ReportedFinding }[] = [];
    const recording = RULES.map((rule): Rule => ({
      ...rule,
      create: (ctx) =>
        rule.create({
          ...ctx,
          report: (finding) => {
            const made = typeof finding === 'function' ? finding() : finding;
            reported.push({ code: rule.meta.code, finding: made });
            ctx.report(made);
          },
        }),
    }));
    const messages: string[] = [];
    for (const { files } of Object.values(CASES)) {
      const report = await validateDir(datasetWith(files), { rules: recording });
      messages.push(...report.findings.flatMap((f) => [f.message, f.hint ?? '']));
    }
    // Every rule was seen reporting, so the checks below cover all of them.
    expect(new Set(reported.map((r) => r.code))).toEqual(new Set(RULES.map((r) => r.meta.code)));
    for (const { code, finding } of reported) {
      const { meta } = RULES.find((rule) => rule.meta.code === code)!;
      const message = meta.messages[finding.messageId];
      expect(message, `${code} ${finding.messageId}`).toBeDefined();
      const hint = meta.hints?.[finding.hintId ?? finding.messageId];
      if (finding.hintId !== undefined) expect(hint, `${code} hint ${finding.hintId}`).toBeDefined();
      const needed = [...placeholders(message!), ...(hint === undefined ? [] : placeholders(hint))];
      expect(
        needed.filter((name) => !Object.hasOwn(finding.data ?? {}, name)),
        `${code} ${finding.messageId}`,
      ).toEqual([]);
    }
    expect(messages.filter((text) => /\{\w+\}/.test(text))).toEqual([]);
  });

  it('refuses a rule whose hooks are not of the stages its meta declares', async () => {
    const misdeclared = defineRule(
      { code: 'misdeclared', severity: 'warning', stages: ['row'], title: 't', description: 'd', fix: 'f', messages: { m: 'm' } },
      () => ({ cell: () => {} }),
    );
    await expect(validateDir(datasetWith(), { rules: [misdeclared] })).rejects.toThrow(
      'rule misdeclared declares the stages row but its create() returned hooks of cell',
    );
  });

  it('refuses, in the tests, a cell hook that reports differently when a cell is checked again', async () => {
    let seen = 0;
    const impure = defineRule(
      { code: 'impure', severity: 'warning', stages: ['cell'], title: 't', description: 'd', fix: 'f', messages: { m: '{n}' } },
      (context) => ({ cell: (cell) => void (++seen % 2 === 0 && context.report({ ...cell.at(), messageId: 'm', data: { n: seen } })) }),
    );
    await expect(validateDir(datasetWith(), { rules: [impure] })).rejects.toThrow(
      /the cell hook of impure is not pure: checking "[^"]*" in \w+ twice reported/,
    );
    // Every rule of the catalogue passes the same check on its fixture (validateDir checks it on every run).
    for (const { files } of Object.values(CASES)) await validateDir(datasetWith(files));
  });

  it('fills a template in one pass, leaving unknown placeholders visible', () => {
    expect(fillTemplate('{a} and {b}', { a: '{b}', b: 2 })).toBe('{b} and 2');
    expect(fillTemplate('{missing}.', {})).toBe('{missing}.');
    expect(placeholders('{value} is before {start}.')).toEqual(['value', 'start']);
  });
});

describe('containment-cycle', () => {
  it('reports each circle once, at its last row, naming its groups and rows in order', async () => {
    const findings = await findingsFor(
      {
        'groups.csv': groups(rowOf('groups', { id: 'third', name: 'Third group', kind: 'organization', source_ids: 'src-a' })),
        'allegiances.csv': allegiances(
          row({ id: 'emirate-in-third', subject_id: 'emirate', kind: 'part_of', target_id: 'third' }),
          row({ id: 'third-in-jjq', subject_id: 'third', kind: 'affiliate_of', target_id: 'jjq' }),
          row({ id: 'jjq-in-emirate-2', subject_id: 'jjq', kind: 'merged_into', target_id: 'emirate' }),
          row({ id: 'third-in-emirate', subject_id: 'third', kind: 'part_of', target_id: 'emirate' }),
        ),
      },
      'containment-cycle',
    );
    expect(findings.map((f) => [f.cell, f.line, f.message])).toEqual([
      [
        cellOf('allegiances', 'target_id', 6),
        6,
        'These rows make a circle: `emirate` → `third` → `jjq` → `emirate` (emirate-in-third: part_of; third-in-jjq: affiliate_of; jjq-affiliate: affiliate_of).',
      ],
      [
        cellOf('allegiances', 'target_id', 7),
        7,
        'These rows make a circle: `emirate` → `third` → `jjq` → `emirate` (emirate-in-third: part_of; third-in-jjq: affiliate_of; jjq-in-emirate-2: merged_into).',
      ],
      [
        cellOf('allegiances', 'target_id', 8),
        8,
        'These rows make a circle: `emirate` → `third` → `emirate` (emirate-in-third: part_of; third-in-emirate: part_of).',
      ],
    ]);
  });
});

describe('reference-not-found suggestions', () => {
  it('suggests for the first distinct misspellings, the same for a repeated one, and only asks to check the rest', async () => {
    // kebekovv repeats; then more distinct misspellings than get a search.
    const misspelt = [
      'kebekovv',
      'kebekovv',
      ...Array.from({ length: MAX_SUGGESTED + 5 }, (_, i) => `kebekov${String.fromCharCode(97 + (i % 26))}${Math.floor(i / 26)}`),
    ];
    const rows = misspelt.map((subject, i) => row({ id: `misspelt-${i}`, subject_id: subject }));
    const found = await findingsFor({ 'allegiances.csv': allegiances(...rows) }, 'reference-not-found');
    expect(found).toHaveLength(misspelt.length);
    const hints = found.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)).map((finding) => finding.hint);
    expect(hints.slice(0, 2)).toEqual(['Did you mean `kebekov`?', 'Did you mean `kebekov`?']);
    // kebekovv and MAX_SUGGESTED - 1 others were searched, and each is two edits from kebekov; the other 6 would be too, but get no search.
    expect(hints.slice(2, MAX_SUGGESTED + 1).every((hint) => hint === 'Did you mean `kebekov`?')).toBe(true);
    expect(hints.slice(MAX_SUGGESTED + 1)).toHaveLength(6);
    expect(hints.slice(MAX_SUGGESTED + 1).every((hint) => hint!.startsWith('Check the spelling'))).toBe(true);
  });
});
