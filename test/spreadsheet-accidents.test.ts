import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../scripts/lib/check/finding.ts';
import { RULES } from '../scripts/lib/check/rules/index.ts';
import { rulesCatalogue } from '../scripts/lib/generate/rules-catalogue.ts';
import { visible } from '../scripts/lib/escape/visible.ts';
import { garble } from '../scripts/lib/text/mojibake.ts';
import {
  allegianceRow as row,
  BASE_FIXTURE,
  allegiances,
  cellAfterLast,
  cellOf,
  columnsOf,
  datasetWith,
  findingsFor,
  formatData as format,
  MODEL,
} from './helpers/fixtures.ts';

const ACTOR_COLUMNS = columnsOf('actors').length;
const ALLEGIANCE_COLUMNS = columnsOf('allegiances').length;

/** What each case asserts of every finding: code, place, message and hint. */
const said = ({ code, file, row, cell, message, hint }: Finding) => ({ code, file, row, cell, message, hint });

/** The base fixture's actors. */
const ACTORS = readFileSync(join(BASE_FIXTURE, 'actors.csv'), 'utf8');

describe('garbled text: one finding at the cell, with the original', () => {
  it.each([
    [
      'once, as Windows-1252',
      'Islamic Stateâ€™s fighters',
      '`Islamic Stateâ€™s fighters` is garbled: its UTF-8 was read as Windows-1252 and saved again. It was probably `Islamic State’s fighters`.',
    ],
    [
      'twice',
      garble('Islamic State’s fighters', ['Windows-1252', 'Windows-1252']),
      '`Islamic StateÃ¢â‚¬â„¢s fighters` is garbled: its UTF-8 was read as Windows-1252 twice and saved again. It was probably `Islamic State’s fighters`.',
    ],
    ['as Mac Roman', 'caf√© owner', '`caf√© owner` is garbled: its UTF-8 was read as Mac Roman and saved again. It was probably `café owner`.'],
    [
      'a Cyrillic name, with a byte Windows-1252 leaves undefined (no hidden-characters finding for it)',
      garble('Алиасхаб', ['Windows-1252']),
      // (the byte that Windows-1252 leaves undefined reads as a C1 control, shown in its visible form)
      `\`${visible(garble('Алиасхаб', ['Windows-1252']))}\` is garbled: its UTF-8 was read as Windows-1252 and saved again. It was probably \`Алиасхаб\`.`,
    ],
  ])('%s', async (_name, notes, message) => {
    const findings = await findingsFor({ 'allegiances.csv': allegiances(row({ notes })) });
    expect(findings.map(said)).toEqual([
      {
        code: 'garbled-text',
        file: 'data/allegiances.csv',
        row: 5,
        cell: cellOf('allegiances', 'notes', 5),
        message,
        hint: 'Run `npm run format -- --fix` to restore it, and open the file as "Unicode (UTF-8)" next time.',
      },
    ]);
  });

  it('text whose original is not certain: the finding says so, and --fix leaves it', async () => {
    // Garbled twice by LibreOffice, whose private-use characters for undefined bytes the inner layer kept.
    const notes = garble(
      garble('Алиасхаб', ['Windows-1252'])
        .replace(/\u0090/g, '\uF190')
        .replace(/\u0081/g, '\uF181'),
      ['Windows-1252'],
    );
    const files = { 'allegiances.csv': allegiances(row({ notes })) };
    const findings = await findingsFor(files);
    expect(findings.map((f) => [f.code, f.cell, f.hint])).toEqual([
      [
        'garbled-text',
        cellOf('allegiances', 'notes', 5),
        'The original is not certain, so `npm run format -- --fix` leaves it: retype the text from the source.',
      ],
    ]);
    expect(findings[0]!.message).toMatch(/ is garbled: its UTF-8 was read as Windows-1252 twice and saved again\. It was probably `Алиасхаб`\.$/);
    const dir = datasetWith(files);
    const { output } = await format(dir, '--fix');
    expect(output).not.toContain('repair');
    expect(readFileSync(join(dir, 'allegiances.csv'), 'utf8')).toContain(notes);
  });

  it('a garbled quote gets no quote-not-found as well', async () => {
    const quote = garble('The group said it is “affiliated” with the Emirate.', ['Windows-1252']);
    const findings = await findingsFor({ 'allegiances.csv': allegiances(row({ source_ids: 'src-b', quote })) });
    expect(findings.map((f) => [f.code, f.cell])).toEqual([['garbled-text', cellOf('allegiances', 'quote', 5)]]);
    expect(findings[0]!.message).toBe(
      `\`…he group said it is â€œaffiliatedâ€⟨U+009D⟩ with the Emir…\` is garbled: its UTF-8 was read as Windows-1252 and saved again. It was probably \`…he group said it is “affiliated” with the Emirate.\`.`,
    );
  });

  it('names in a dozen scripts, typographic punctuation and emoji: no finding', async () => {
    const names =
      'Алиасхаб Кебеков|ალიასხაბ|أبو بكر البغدادي|Əliəsgər Ağdamlı|Şişani Ömer|Élodie Lefèvre|Jürgen Groß|“Umar” – ‘Abu’ — Omar…|🙂 Émile|Ελένη|עומר|Nguyễn Văn';
    const findings = await findingsFor({ 'actors.csv': ACTORS.replace('Ali Abu Muhammad', names) });
    expect(findings).toEqual([]);
  });
});

describe('a comma that shifts a row', () => {
  const shifted = ACTORS.replace('kebekov,Aliaskhab Kebekov,Ali Abu Muhammad,RU,Dagestan,', 'kebekov,Aliaskhab Kebekov,Ali Abu Muhammad,RU,Dagestan, Russia,');

  it('is one error at the cell that held the comma, though the extra cell is empty', async () => {
    const findings = await findingsFor({ 'actors.csv': shifted });
    expect(findings.map(said)).toEqual([
      {
        code: 'too-many-cells',
        file: 'data/actors.csv',
        row: 3,
        cell: cellOf('actors', 'origin', 3),
        message: `Row has ${ACTOR_COLUMNS + 1} cells but the header has ${ACTOR_COLUMNS}: the comma in \`Dagestan, Russia\` probably split ${cellOf('actors', 'origin', 3)} (origin) in two, and moved every cell after it one column right.`,
        hint: 'Put that cell in double quotes, `"Dagestan, Russia"` (a spreadsheet does when it saves), or remove the comma; `npm run format` leaves the file alone until then.',
      },
    ]);
  });

  it('format leaves the file untouched and shows why, with or without --fix', async () => {
    const dir = datasetWith({ 'actors.csv': shifted });
    for (const args of [[], ['--fix']]) {
      const { code, output } = await format(dir, ...args);
      expect(code).toBe(1);
      expect(output).toContain('actors.csv: NOT rewritten: structural errors (below)');
      expect(output).toContain(`${cellOf('actors', 'origin', 3)}  error   Row has ${ACTOR_COLUMNS + 1} cells but the header has ${ACTOR_COLUMNS}`);
      expect(readFileSync(join(dir, 'actors.csv'), 'utf8')).toBe(shifted);
    }
  });

  it('where no single cell explains it, says what is outside every column', async () => {
    const findings = await findingsFor({ 'allegiances.csv': allegiances(`${row({})},,`) });
    expect(findings.map(said)).toEqual([
      {
        code: 'too-many-cells',
        file: 'data/allegiances.csv',
        row: 5,
        cell: cellAfterLast('allegiances', 5),
        message: `Row has ${ALLEGIANCE_COLUMNS + 2} cells but the header has ${ALLEGIANCE_COLUMNS}; the cells past the last column are empty, but a comma in a cell may have moved the cells after it one column right.`,
        hint: 'A comma inside a cell splits it in two unless the cell is in double quotes: find the cell of this row with a comma and quote it (a spreadsheet does when it saves), or remove the comma.',
      },
    ]);
  });
});

describe('messages a person can act on', () => {
  it.each([
    ['`, `', 'src-a, src-b', '`src-a, src-b` in source_ids is 2 items separated by `,`: items of a list are separated by `|`.'],
    ['`;`', 'src-a;src-b', '`src-a;src-b` in source_ids is 2 items separated by `;`: items of a list are separated by `|`.'],
    ['spaces', 'src-a src-b', '`src-a src-b` in source_ids is 2 items separated by spaces: items of a list are separated by `|`.'],
  ])('a list typed with %s is one finding that says items are separated by |', async (_name, sourceIds, message) => {
    const findings = await findingsFor({ 'allegiances.csv': allegiances(row({ source_ids: sourceIds })) });
    expect(findings.map(said)).toEqual([
      {
        code: 'invalid-value',
        file: 'data/allegiances.csv',
        row: 5,
        cell: cellOf('allegiances', 'source_ids', 5),
        message,
        hint: 'Write `src-a|src-b`; `npm run format -- --fix` does when every item is a known id.',
      },
    ]);
  });

  it('the missing-value hint shows a list example as it is typed, with |', async () => {
    const findings = await findingsFor({ 'allegiances.csv': allegiances(row({ source_ids: '' })) });
    expect(findings.map(said)).toEqual([
      {
        code: 'missing-value',
        file: 'data/allegiances.csv',
        row: 5,
        cell: cellOf('allegiances', 'source_ids', 5),
        message: 'source_ids is required but the cell is empty.',
        hint: expect.stringMatching(/ For example `[a-z0-9-]+\|[a-z0-9-]+`\.$/),
      },
    ]);
  });

  it('stray-quote names the cell', async () => {
    const findings = await findingsFor({ 'allegiances.csv': allegiances(row({ notes: 'NOTES' }).replace('NOTES', '5" tall')) });
    expect(findings.map(said)).toEqual([
      {
        code: 'stray-quote',
        file: 'data/allegiances.csv',
        row: 5,
        cell: cellOf('allegiances', 'notes', 5),
        message: `${cellOf('allegiances', 'notes', 5)} (notes) has a double quote but is not itself in double quotes.`,
        hint: 'Write the cell in double quotes and double each quote inside it, e.g. "He said ""no""". `npm run format` cannot do this safely for you.',
      },
    ]);
  });

  it('a quote from the second cited source says which, and that the first must be the one quoted', async () => {
    const findings = await findingsFor({
      'allegiances.csv': allegiances(row({ source_ids: 'src-a|src-b', quote: 'The group said it is “affiliated” with the Emirate.' })),
    });
    expect(findings.map(said)).toEqual([
      {
        code: 'quote-not-found',
        file: 'data/allegiances.csv',
        row: 5,
        cell: cellOf('allegiances', 'quote', 5),
        message: 'The quote is not in data/archive/src-a.txt, the first source cited, but in data/archive/src-b.txt, the 2nd one.',
        hint: 'The first source in source_ids must be the one quoted: put `src-b` first.',
      },
    ]);
  });

  it('a date in words is called one', async () => {
    const findings = await findingsFor({ 'allegiances.csv': allegiances(row({ started: 'December 2013' })) });
    expect(findings.map(said)).toEqual([
      {
        code: 'spreadsheet-date',
        file: 'data/allegiances.csv',
        row: 5,
        cell: cellOf('allegiances', 'started', 5),
        message: '`December 2013` is a date in words; as EDTF it is `2013-12`.',
        hint: 'Dates are written as EDTF: year, month and day as far as the source gives them, e.g. `2013-12` or `2013-12-05`. `npm run format -- --fix` rewrites a month in words.',
      },
    ]);
  });

  it('a spreadsheet date that --fix repairs says so; one that could be two dates does not', async () => {
    const findings = await findingsFor({
      'allegiances.csv': allegiances(row({ id: 'a-month', started: 'Dec-13' }), row({ id: 'b-ambiguous', started: '2/1/2015' })),
    });
    expect(findings.map((f) => [f.code, f.cell, f.message, f.hint!.split('.')[0]])).toEqual([
      [
        'spreadsheet-date',
        cellOf('allegiances', 'started', 5),
        '`Dec-13` looks like a date rewritten by a spreadsheet; it was probably `2013-12`.',
        '`npm run format -- --fix` writes it back as `2013-12`',
      ],
      [
        'spreadsheet-date',
        cellOf('allegiances', 'started', 6),
        '`2/1/2015` looks like a date rewritten by a spreadsheet; it was probably `2015-02` (or `2015-02-01`) if it is month/day, or `2015-01-02` if it is day/month.',
        'Write the EDTF value back, at the precision the source gives',
      ],
    ]);
  });

  it("a capitalised id is one finding, in a reference or as a row's own id that others refer to", async () => {
    const reference = await findingsFor({ 'allegiances.csv': allegiances(row({ subject_id: 'Kebekov' })) });
    expect(reference.map(said)).toEqual([
      {
        code: 'invalid-value',
        file: 'data/allegiances.csv',
        row: 5,
        cell: cellOf('allegiances', 'subject_id', 5),
        message: '`Kebekov` is not a valid id.',
        hint: expect.any(String),
      },
    ]);
    const own = await findingsFor({ 'actors.csv': ACTORS.replace('\nkebekov,', '\nKebekov,') });
    expect(own.map(said)).toEqual([
      {
        code: 'invalid-value',
        file: 'data/actors.csv',
        row: 3,
        cell: cellOf('actors', 'id', 3),
        message: '`Kebekov` is not a valid id.',
        hint: expect.any(String),
      },
    ]);
  });
});

describe('the rule catalogue', () => {
  it('names the columns each rule is really declared on: archive-missing only on the tables with x-archive', () => {
    const catalogue = rulesCatalogue(MODEL, RULES);
    const archived = MODEL.tables.filter((t) => t.archive).map((t) => `\`${t.name}.${t.primaryKey}\``);
    expect(archived.length).toBeGreaterThan(0);
    expect(catalogue).toContain(`Set by: \`x-archive\`, on ${archived.join(', ')}.\n`);
  });
});

describe('format --fix', () => {
  const damaged = allegiances(
    row({ id: 'garbled', notes: 'Islamic Stateâ€™s fighters' }),
    row({ id: 'commas', source_ids: 'src-a, src-b', quote: 'Kebekov leads the Emirate.' }),
    row({ id: 'day-number', started: '42037' }),
    row({ id: 'month', started: 'Dec-13' }),
    row({ id: 'with-time', started: '2015-02-02 00:00:00' }),
    row({ id: 'first-of-month', started: '42036' }),
    row({ id: 'day-or-month', started: '2/1/2015' }),
    row({ id: 'unknown-id', source_ids: 'src-a, src-x' }),
  );

  it('lists each repair with file, cell, before and after; --check writes nothing', async () => {
    const dir = datasetWith({ 'allegiances.csv': damaged });
    const { code, output } = await format(dir, '--fix', '--check');
    expect(code).toBe(1);
    const file = join(dir, 'allegiances.csv');
    expect(output).toContain(
      [
        '5 repairs to make (nothing written):',
        `  ${file} ${cellOf('allegiances', 'notes', 5)} (notes): \`Islamic Stateâ€™s fighters\` → \`Islamic State’s fighters\``,
        `  ${file} ${cellOf('allegiances', 'source_ids', 6)} (source_ids): \`src-a, src-b\` → \`src-a|src-b\``,
        `  ${file} ${cellOf('allegiances', 'started', 7)} (started): \`42037\` → \`2015-02-02\``,
        `  ${file} ${cellOf('allegiances', 'started', 8)} (started): \`Dec-13\` → \`2013-12\``,
        `  ${file} ${cellOf('allegiances', 'started', 9)} (started): \`2015-02-02 00:00:00\` → \`2015-02-02\``,
        '',
      ].join('\n'),
    );
    expect(output).toContain(`${file}: has repairs to make\n`);
    expect(output).toContain('Run `npm run format -- --fix` to rewrite them.');
    expect(readFileSync(file, 'utf8')).toBe(damaged);
  });

  it('repairs them, and leaves what has more than one cause a finding', async () => {
    const dir = datasetWith({ 'allegiances.csv': damaged });
    const { code, output } = await format(dir, '--fix');
    expect(code).toBe(0);
    expect(output).toContain(`${join(dir, 'allegiances.csv')}: repaired and rewritten in canonical form\n`);
    const text = readFileSync(join(dir, 'allegiances.csv'), 'utf8');
    expect(text).toContain(`${row({ id: 'garbled', notes: 'Islamic State’s fighters' })}\n`);
    expect(text).toContain(`${row({ id: 'commas', source_ids: 'src-a|src-b' })}\n`);
    expect(text).toContain(`${row({ id: 'day-number', started: '2015-02-02' })}\n`);
    expect(text).toContain(`${row({ id: 'month', started: '2013-12' })}\n`);
    const left = await findingsFor({ 'allegiances.csv': text });
    expect(left.filter((f) => f.severity === 'error').map((f) => [f.code, f.value])).toEqual([
      ['spreadsheet-date', '2/1/2015'],
      ['spreadsheet-date', '42036'],
      ['invalid-value', 'src-a, src-x'],
    ]);
  });
});
