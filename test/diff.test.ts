import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseForQuote } from '../scripts/lib/check/archive.ts';
import { diffCommand } from '../scripts/lib/cli/diff-command.ts';
import { validateCommand } from '../scripts/lib/cli/validate-command.ts';
import { changedPassages } from '../scripts/lib/diff/archive-diff.ts';
import { compareDatasets } from '../scripts/lib/diff/compare.ts';
import { diffReport } from '../scripts/lib/diff/diff-report.ts';
import { compareSchemas } from '../scripts/lib/diff/schema-diff.ts';
import { wordChange } from '../scripts/lib/diff/word-diff.ts';
import { buildModel } from '../scripts/lib/model/build-model.ts';
import { EXTENSION_KEYWORDS } from '../scripts/lib/model/types.ts';
import type { RowRecord } from '../scripts/lib/model/cell-validator.ts';
import { allegianceRow, BASE_FIXTURE, MODEL, REPO } from './helpers/fixtures.ts';
import { runIn, scratchRepo } from './helpers/repo.ts';

/** The base fixture in a scratch repository: a contributor's clone. */
const fixtureRepo = () => scratchRepo(BASE_FIXTURE);

function edit(dir: string, file: string, change: (text: string) => string): void {
  const path = join(dir, 'data', file);
  writeFileSync(path, change(readFileSync(path, 'utf8')));
}

const diff = async (dir: string, format = 'markdown') => {
  const result = await runIn(diffCommand, dir, '--base', 'HEAD', '--format', format);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
};

describe('npm run diff, for a reviewer', () => {
  it('shows an added relationship as subject → kind → target with names, its dates, certainty, sources and quote', async () => {
    const repo = await fixtureRepo();
    edit(
      repo.dir,
      'allegiances.csv',
      (t) =>
        t +
        allegianceRow({
          id: 'shishani-member',
          subject_id: 'shishani',
          kind: 'member_of',
          target_id: 'jjq',
          started: '2014?',
          source_ids: 'src-b|src-a',
          quote: 'The group said',
        }) +
        '\n',
    );
    const markdown = await diff(repo.dir);
    expect(markdown).toContain('| data/allegiances.csv | 1 | 0 | 0 | 0 |');
    expect(markdown).toContain('- **+** added `shishani-member`: **Umar Shishani** (`shishani`) → `member_of` → **Jamaat Jund al-Qawqaz** (`jjq`)');
    expect(markdown).toContain('  - started: `2014?`');
    expect(markdown).toContain('  - certainty: `reported`');
    expect(markdown).toContain('  - source_ids: **Article B** (`src-b`), **Article A** (`src-a`)');
    expect(markdown).toContain('    > The group said');
    const text = await diff(repo.dir, 'text');
    expect(text).toContain('  + added shishani-member: Umar Shishani (shishani) → member_of → Jamaat Jund al-Qawqaz (jjq)');
    expect(text).toContain('    “The group said”');
  });

  it('shows an added entity and source with their names, and the new archived text with the rows quoting it', async () => {
    const repo = await fixtureRepo();
    edit(repo.dir, 'sources.csv', (t) => `${t}src-c,Article C,Publisher C,,2015-03-01,,en,\n`);
    writeFileSync(join(repo.dir, 'data', 'archive', 'src-c.txt'), 'Article C.\n\nThe Emirate named a new amir in March.\n');
    edit(repo.dir, 'groups.csv', (t) => `${t}new-front,New Front,Front Nouveau,organization,,,,,Reported as a new group.,,src-c,\n`);
    edit(
      repo.dir,
      'allegiances.csv',
      (t) =>
        t +
        allegianceRow({ id: 'front-part-of-emirate', subject_id: 'new-front', kind: 'part_of', source_ids: 'src-c', quote: 'The Emirate named a new amir' }) +
        '\n',
    );
    const markdown = await diff(repo.dir);
    expect(markdown).toContain(
      '- **+** added `new-front`: **New Front**\n  - aliases: `Front Nouveau`\n  - kind: `organization`\n  - description: Reported as a new group.\n  - source_ids: **Article C** (`src-c`)',
    );
    expect(markdown).toContain('- **+** added `src-c`: **Article C**\n  - publisher: Publisher C\n  - published: `2015-03-01`');
    expect(markdown).toContain('- **+** added `data/archive/src-c.txt`\n  - rows quoting it:\n    - data/allegiances.csv `front-part-of-emirate` (quote)');
    expect(markdown).toContain(
      '<details><summary>The new text (51 characters)</summary>\n\nArticle C.\n\nThe Emirate named a new amir in March.\n\n</details>',
    );
  });

  it('shows an id rename as a rename, with the references that followed it grouped under it', async () => {
    const repo = await fixtureRepo();
    for (const file of ['actors.csv', 'allegiances.csv']) edit(repo.dir, file, (t) => t.replace(/\bkebekov\b/g, 'aliaskhab-kebekov'));
    edit(repo.dir, 'allegiances.csv', (t) => t.replace('shishani-pledged,', 'shishani-pledged-to-baghdadi,'));
    const markdown = await diff(repo.dir);
    expect(markdown).toContain('| data/actors.csv | 0 | 0 | 1 | 0 |');
    expect(markdown).toContain('| data/allegiances.csv | 0 | 0 | 2 | 0 |');
    expect(markdown).toContain(
      '- **↷** renamed `kebekov` → `aliaskhab-kebekov`: **Aliaskhab Kebekov**\n  - data/allegiances.csv `aliaskhab-kebekov-leads-emirate`: subject_id follows the new id',
    );
    expect(markdown).toContain(
      '- **↷** renamed `kebekov-leads-emirate` → `aliaskhab-kebekov-leads-emirate`: **Aliaskhab Kebekov** (`aliaskhab-kebekov`) → `leader_of`',
    );
    expect(markdown).toContain('- **↷** renamed `shishani-pledged` → `shishani-pledged-to-baghdadi`: **Umar Shishani**');
    expect(markdown).not.toContain('added');
  });

  it('groups a reference that followed a rename under it, and keeps the row’s other changes', async () => {
    const repo = await fixtureRepo();
    edit(repo.dir, 'groups.csv', (t) => t.replace(/^emirate,/m, 'caucasus-emirate,'));
    edit(repo.dir, 'allegiances.csv', (t) => t.replace(/,emirate,/g, ',caucasus-emirate,').replace(',caucasus-emirate,amir,', ',caucasus-emirate,emir,'));
    const text = await diff(repo.dir, 'text');
    expect(text).toContain(
      '  ↷ renamed emirate → caucasus-emirate: Caucasus Emirate\n    data/allegiances.csv jjq-affiliate: target_id follows the new id\n    data/allegiances.csv kebekov-leads-emirate: target_id follows the new id',
    );
    expect(text).toContain(
      '  ~ changed kebekov-leads-emirate: Aliaskhab Kebekov (kebekov) → leader_of → Caucasus Emirate (caucasus-emirate)\n    role: amir → emir\n',
    );
  });

  it('shows a few changed words in a long cell as a word-level change with a little context', async () => {
    const repo = await fixtureRepo();
    const long = 'Reported as a leader of the insurgency in the mountains of Dagestan for several years before the events that the sources describe.';
    edit(repo.dir, 'actors.csv', (t) =>
      t.replace(
        'kebekov,Aliaskhab Kebekov,Ali Abu Muhammad,RU,Dagestan,,,Reported as a leader.',
        `kebekov,Aliaskhab Kebekov,Ali Abu Muhammad,RU,Dagestan,,,${long}`,
      ),
    );
    repo.commitAll('long description');
    edit(repo.dir, 'actors.csv', (t) => t.replace('for several years', 'for many years'));
    const markdown = await diff(repo.dir);
    expect(markdown).toContain('  - description: … in the mountains of Dagestan for <del>several</del><ins>many</ins> years before the events that …');
    expect(markdown).not.toContain(long);
    const text = await diff(repo.dir, 'text');
    expect(text).toContain('    description: … in the mountains of Dagestan for [-several-]{+many+} years before the events that …');
  });

  it('shows a changed archived text by its changed passages, and the rows whose quotes stand in them', async () => {
    const repo = await fixtureRepo();
    const archive = join(repo.dir, 'data', 'archive', 'src-a.txt');
    const original = readFileSync(archive, 'utf8');
    writeFileSync(archive, original.replace('Kebekov leads the Emirate.', 'Kebekov led the Emirate.'));
    const markdown = await diff(repo.dir);
    expect(markdown).toContain('- **~** changed `data/archive/src-a.txt`');
    expect(markdown).toMatch(/Kebekov <del>leads<\/del><ins>led<\/ins> the Emirate\./);
    expect(markdown).toContain(
      '  - rows whose quotes stand in a changed passage:\n    - data/allegiances.csv `kebekov-leads-emirate` (quote): no longer found in the text',
    );
    // A quote from an untouched part of the same text is not listed.
    expect(markdown).not.toContain('`shishani-pledged` (quote)');
  });

  it('ignores re-wrapped text and changed line endings in an archive', async () => {
    const repo = await fixtureRepo();
    const archive = join(repo.dir, 'data', 'archive', 'src-a.txt');
    writeFileSync(archive, readFileSync(archive, 'utf8').replace(/ /g, '\r\n'));
    expect(await diff(repo.dir)).toContain('No rows or archived texts changed.');
  });

  it('runs on data that does not validate, which is when a reviewer needs it most', async () => {
    const repo = await fixtureRepo();
    edit(repo.dir, 'allegiances.csv', (t) => t.replace(',leader_of,', ',leads,') + 'broken,"unterminated\n');
    const text = await diff(repo.dir, 'text');
    expect(text).toContain('  ~ changed kebekov-leads-emirate: Aliaskhab Kebekov (kebekov) → leads → Caucasus Emirate (emirate)\n    kind: leader_of → leads');
    expect(text).toContain('  + added broken');
  });

  it('leaves out a table that is not UTF-8 text, and says so, instead of listing every row as removed', async () => {
    const repo = await fixtureRepo();
    const path = join(repo.dir, 'data', 'groups.csv');
    writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(readFileSync(path, 'utf8'), 'utf16le')]));
    const text = await diff(repo.dir, 'text');
    expect(text).not.toContain('removed');
    expect(text).toContain('data/groups.csv now is UTF-16, not UTF-8: its rows are left out of this diff (`npm run validate` says more).');
  });

  it('shows an archived text no source names, and a source renamed with its text as a move', async () => {
    const repo = await fixtureRepo();
    writeFileSync(join(repo.dir, 'data', 'archive', 'article-c.txt'), 'A text uploaded under the wrong name.\n');
    for (const file of ['sources.csv', 'actors.csv', 'groups.csv', 'allegiances.csv']) edit(repo.dir, file, (t) => t.replace(/\bsrc-b\b/g, 'article-b'));
    repo.git('mv', 'data/archive/src-b.txt', 'data/archive/article-b.txt');
    const markdown = await diff(repo.dir);
    expect(markdown).toContain('- **+** added `data/archive/article-c.txt`\n  - no source has this id, so no quote is checked against this text');
    expect(markdown).toContain('- **↷** moved `data/archive/src-b.txt` → `data/archive/article-b.txt`, its text unchanged');
    expect(markdown).toContain('- **↷** renamed `src-b` → `article-b`: **Article B**');
    expect(markdown).not.toContain('added `data/archive/article-b.txt`');
  });

  it('shows cell text literally: markdown and HTML in a cell are escaped, an empty side reads ∅', async () => {
    const repo = await fixtureRepo();
    edit(repo.dir, 'allegiances.csv', (t) =>
      t
        .replace(',amir,', ',<b>amir</b> & **co**,')
        .replace('shishani-pledged,shishani,pledged_allegiance,baghdadi,,', 'shishani-pledged,shishani,pledged_allegiance,baghdadi,commander,'),
    );
    const markdown = await diff(repo.dir);
    expect(markdown).toContain('  - role: `amir` → `<b>amir</b> & **co**`');
    expect(markdown).toContain('  - role: ∅ → `commander`');
    expect(await diff(repo.dir, 'text')).toContain('    role: ∅ → commander');
  });

  it('refuses an unknown base commit (exit 2)', async () => {
    const repo = await fixtureRepo();
    expect((await runIn(diffCommand, repo.dir, '--base', 'no-such-ref')).code).toBe(2);
  });
});

describe('the Markdown diff fits a GitHub job summary', () => {
  it('stops at the byte budget between whole changes and says how many more there are', () => {
    const table = MODEL.tables.find((t) => t.name === 'groups')!;
    const rows: RowRecord[] = Array.from({ length: 500 }, (_, i) => ({ id: `group-${i}`, name: `Group ${i}`, kind: 'organization', source_ids: ['src-a'] }));
    const records = (list: RowRecord[]) => new Map(MODEL.tables.map((t) => [t.name, t === table ? list : []]));
    const changes = compareDatasets(
      MODEL,
      { records: records([]), file: () => undefined, list: () => [] },
      { records: records(rows), file: () => undefined, list: () => [] },
    );
    const whole = diffReport(MODEL, changes, 'Data changes', { format: 'markdown' });
    expect(whole.match(/\*\*\+\*\* added/g)).toHaveLength(500);
    const cut = diffReport(MODEL, changes, 'Data changes', { format: 'markdown', maxBytes: 10_000 });
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(10_000 + 200);
    const shown = cut.match(/\*\*\+\*\* added/g)!.length;
    expect(shown).toBeGreaterThan(10);
    expect(cut).toContain(`…and ${500 - shown} more changes not shown here: run \`npm run diff\` to see them all.`);
  });

  it('skips a change too large for the budget and still shows the ones after it', () => {
    const groups = MODEL.tables.find((t) => t.name === 'groups')!;
    const rows: RowRecord[] = [
      { id: 'a-huge', name: 'Huge', kind: 'organization', description: 'x '.repeat(20_000), source_ids: ['src-a'] },
      { id: 'b-small', name: 'Small', kind: 'organization', source_ids: ['src-a'] },
    ];
    const records = (list: RowRecord[]) => new Map(MODEL.tables.map((t) => [t.name, t === groups ? list : []]));
    const changes = compareDatasets(
      MODEL,
      { records: records([]), file: () => undefined, list: () => [] },
      { records: records(rows), file: () => undefined, list: () => [] },
    );
    const cut = diffReport(MODEL, changes, 'Data changes', { format: 'markdown', maxBytes: 5_000 });
    expect(cut).toContain('#### data/groups.csv\n\n- **+** added `b-small`: **Small**');
    expect(cut).not.toContain('`a-huge`');
    expect(cut).toContain('…and 1 more change not shown here');
  });
});

describe('word-level changes', () => {
  it('keep every word of both versions when nothing is cut (property)', () => {
    const words = fc.array(fc.constantFrom('the', 'group', 'said', 'Шишани', 'amir,', '2015', ' ', '\n'), { maxLength: 30 }).map((w) => w.join(' '));
    fc.assert(
      fc.property(words, words, (before, after) => {
        const pieces = wordChange(before, after, Infinity);
        expect(
          pieces
            .filter((p) => p.kind !== 'added')
            .map((p) => p.text)
            .join(''),
        ).toBe(before);
        expect(
          pieces
            .filter((p) => p.kind !== 'removed')
            .map((p) => p.text)
            .join(''),
        ).toBe(after);
      }),
      { numRuns: 2000 },
    );
  });

  it('find a changed passage exactly when the texts differ beyond white space (property)', () => {
    const text = fc.array(fc.constantFrom('Kebekov', 'leads', 'the', 'Emirate.', '“quoted”', ' ', '\r\n'), { maxLength: 40 }).map((w) => w.join(' '));
    fc.assert(
      fc.property(text, text, (before, after) => {
        const differs = normaliseForQuote(before) !== normaliseForQuote(after);
        expect(changedPassages(before, after).length > 0).toBe(differs);
      }),
      { numRuns: 2000 },
    );
  });
});

/** Edits a schema file of a scratch repository as JSON. */
function editSchema(dir: string, file: string, change: (schema: Record<string, any>) => void): void {
  const path = join(dir, 'schemas', file);
  const schema = JSON.parse(readFileSync(path, 'utf8'));
  change(schema);
  writeFileSync(path, JSON.stringify(schema, null, 2));
}

describe('npm run diff shows schema changes first, in words', () => {
  it('a pull request that loosens the checks and adds an invented quote: valid, and every loosening at the top', async () => {
    const repo = await fixtureRepo();
    editSchema(repo.dir, 'allegiances.schema.json', (s) => {
      delete s.properties.quote['x-quoteOf'];
      s.required = s.required.filter((c: string) => c !== 'source_ids');
    });
    editSchema(repo.dir, 'defs.schema.json', (s) => void (s.$defs.Id.pattern = '^[a-z][a-z0-9-]*$'));
    edit(repo.dir, 'allegiances.csv', (t) => `${t}${allegianceRow({ id: 'invented', source_ids: '', quote: 'Words no source contains.' })}\n`);
    const validated = await runIn(validateCommand, repo.dir, '--data', join(repo.dir, 'data'), '--schemas', join(repo.dir, 'schemas'));
    expect(validated.code, validated.stdout).toBe(0);
    const markdown = await diff(repo.dir);
    // Markdown prose carries invisible word joiners after colons (no autolinks): read as a person would.
    const schemaSection = markdown.slice(0, markdown.indexOf('| Table |')).replaceAll('\u2060', '');
    expect(schemaSection).toContain('#### Schema changes: 3 (3 loosening or refusing checks)');
    expect(schemaSection).toContain('- **loosened** schemas/allegiances.schema.json: x-quoteOf removed from allegiances.quote: quotes are no longer checked');
    expect(schemaSection).toContain(
      '- **loosened** schemas/allegiances.schema.json: required no longer includes source_ids (allegiances): the cell may be left empty',
    );
    expect(schemaSection).toMatch(/- \*\*loosened\*\* schemas\/defs\.schema\.json: pattern of [^\n]*allegiances\.subject_id[^\n]* widened from /);
    expect(schemaSection).toContain('it accepts every value it did, and more, e.g. "a-"');
    const text = await diff(repo.dir, 'text');
    expect(text.indexOf('Schema changes')).toBeLessThan(text.indexOf('data/allegiances.csv'));
    expect(text).toContain('  loosened: schemas/allegiances.schema.json: x-quoteOf removed from allegiances.quote: quotes are no longer checked');
  });

  it('--format github: a warning annotation per schema change, the markdown in the job summary, the text in the log', async () => {
    const repo = await fixtureRepo();
    editSchema(repo.dir, 'allegiances.schema.json', (s) => void delete s.properties.quote['x-quoteOf']);
    const summary: string[] = [];
    const out: string[] = [];
    const code = await diffCommand(['--base', 'HEAD', '--format', 'github'], {
      cwd: repo.dir,
      env: { GITHUB_STEP_SUMMARY: '/summary.md' },
      stdout: (t) => void out.push(t),
      stderr: () => {},
      stdoutIsTTY: false,
      appendFile: (path, text) => void summary.push(`${path}\n${text}`),
    });
    expect(code).toBe(0);
    expect(out.join('')).toMatch(
      /^::warning file=schemas\/allegiances\.schema\.json,title=Schema change \(loosened\)::x-quoteOf removed from allegiances\.quote: quotes are no longer checked\n/,
    );
    expect(out.join('')).toContain('Data changes since HEAD');
    expect(summary.join('').replaceAll('\u2060', '')).toContain('/summary.md\n### Data changes since HEAD\n\n#### Schema changes: 1');
  });

  it('tightened checks, and a rewritten pattern that accepts the same values', async () => {
    const repo = await fixtureRepo();
    editSchema(repo.dir, 'allegiances.schema.json', (s) => {
      s.properties.certainty.enum = s.properties.certainty.enum.filter((v: string) => v !== 'disputed');
      s.required.push('role');
    });
    editSchema(repo.dir, 'defs.schema.json', (s) => {
      s.$defs.Name.maxLength = 200;
      s.$defs.WikidataId.pattern = '^Q[1-9]\\d{0,11}$';
    });
    const text = await diff(repo.dir, 'text');
    expect(text).toContain('tightened: schemas/allegiances.schema.json: enum of allegiances.certainty no longer allows disputed');
    expect(text).toContain('tightened: schemas/allegiances.schema.json: required now includes role (allegiances): an empty cell is an error (missing-value)');
    expect(text).toMatch(/tightened: schemas\/defs\.schema\.json: maxLength of [^\n]*actors\.name[^\n]* lowered from 300 to 200/);
    expect(text).toMatch(
      /wording: schemas\/\w+\.schema\.json: pattern of [^\n]*wikidata[^\n]* rewritten from \^Q\[1-9\]\[0-9\]\{0,11\}\$ to \^Q\[1-9\]\\d\{0,11\}\$: it accepts exactly the same values/,
    );
  });

  it('follows a table by its schema when its file is renamed with x-file, instead of showing every row added', async () => {
    const repo = await fixtureRepo();
    repo.git('mv', 'data/groups.csv', 'data/organisations.csv');
    editSchema(repo.dir, 'groups.schema.json', (s) => void (s['x-file'] = 'organisations.csv'));
    edit(repo.dir, 'organisations.csv', (t) => t.replace('Caucasus Emirate,', 'Imarat Kavkaz,'));
    const markdown = (await diff(repo.dir)).replaceAll('\u2060', '');
    expect(markdown).toContain(
      '- **changed** schemas/groups.schema.json: x-file of groups changed from groups.csv to organisations.csv: the table’s file is renamed from data/groups.csv to data/organisations.csv',
    );
    expect(markdown).toContain('| data/organisations.csv (renamed from data/groups.csv) | 0 | 0 | 0 | 1 |');
    expect(markdown).toContain('  - name: `Caucasus Emirate` → `Imarat Kavkaz`');
    expect(markdown).not.toContain('added');
  });

  it('follows a column renamed with x-formerly: its cells are not shown as changed', async () => {
    const repo = await fixtureRepo();
    editSchema(repo.dir, 'allegiances.schema.json', (s) => {
      const { role, ...rest } = s.properties;
      s.properties = Object.fromEntries(Object.entries({ ...rest, post: { ...role, 'x-formerly': 'role' } }));
    });
    edit(repo.dir, 'allegiances.csv', (t) => t.replace(/^(id,subject_id,kind,target_id,)role,/, '$1post,'));
    const text = await diff(repo.dir, 'text');
    expect(text).toContain('changed: schemas/allegiances.schema.json: column allegiances.role renamed to post');
    expect(text).toContain('No rows or archived texts changed.');
  });

  it('new schemas that cannot be used are said first, and the rows are compared with the base’s schemas', async () => {
    const repo = await fixtureRepo();
    editSchema(repo.dir, 'defs.schema.json', (s) => void (s.$defs.Name.pattern = '^([a-z]+)+$'));
    edit(repo.dir, 'allegiances.csv', (t) => t.replace(',amir,', ',emir,'));
    const text = await diff(repo.dir, 'text');
    expect(text).toContain(
      'refused: schemas/: the schemas are refused, so nothing can be validated: defs.schema.json#/$defs/Name/pattern: the pattern "^([a-z]+)+$"',
    );
    expect(text).toContain('    role: amir → emir');
  });

  it('describes the removal of every x- keyword the real schemas use, naming it', async () => {
    const before = MODEL;
    const documents = new Map(
      readdirSync(join(REPO, 'schemas'))
        .filter((f) => f.endsWith('.schema.json'))
        .map((f) => [f, JSON.parse(readFileSync(join(REPO, 'schemas', f), 'utf8'))]),
    );
    // Every place an x- keyword stands in a table's or a column's own schema (defs: through the columns using them).
    const places: [file: string, path: string[], keyword: string][] = [];
    for (const [file, schema] of documents) {
      for (const key of Object.keys(schema)) if (key.startsWith('x-')) places.push([file, [], key]);
      for (const [column, node] of Object.entries((schema.properties ?? {}) as Record<string, Record<string, unknown>>))
        for (const key of Object.keys(node)) if (key.startsWith('x-')) places.push([file, ['properties', column], key]);
    }
    const required = new Set(['x-file', 'x-primaryKey']);
    const seen = new Set<string>();
    for (const [file, path, keyword] of places.filter(([, , k]) => !required.has(k))) {
      const edited = new Map([...documents].map(([f, d]) => [f, structuredClone(d)]));
      const node = path.reduce((n, key) => n[key], edited.get(file)!);
      delete node[keyword];
      let after;
      try {
        after = buildModel(edited, 'edited', () => undefined);
      } catch {
        continue; // another keyword names it (x-quoteOf needs its column…): the model refuses the schemas instead
      }
      const changes = compareSchemas({ model: before }, { model: after });
      expect(changes.map((c) => c.text).join('\n'), `${file} ${path.join('.')} ${keyword}`).toContain(keyword);
      seen.add(keyword);
    }
    const used = new Set(places.map(([, , k]) => k));
    for (const keyword of EXTENSION_KEYWORDS) if (used.has(keyword) && !required.has(keyword)) expect(seen, keyword).toContain(keyword);
  });
});
