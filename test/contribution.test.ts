import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { diffCommand } from '../scripts/lib/cli/diff-command.ts';
import { formatCommand } from '../scripts/lib/cli/format-command.ts';
import { refreshCommand } from '../scripts/lib/cli/refresh-command.ts';
import { releaseCommand } from '../scripts/lib/cli/release-command.ts';
import { siteCommand } from '../scripts/lib/cli/site-command.ts';
import { validateCommand } from '../scripts/lib/cli/validate-command.ts';
import { csvRecords, REPO } from './helpers/fixtures.ts';
import { runIn, scratchRepo } from './helpers/repo.ts';

const rowsOf = csvRecords;

/** Appends a row the way a spreadsheet saves one: at the end, cells in header order, quoted where needed. */
function append(dir: string, file: string, cells: Record<string, string>): void {
  const path = join(dir, 'data', file);
  const header = readFileSync(path, 'utf8').split('\n')[0]!.split(',');
  writeFileSync(path, `${readFileSync(path, 'utf8')}${Papa.unparse([header.map((c) => cells[c] ?? '')])}\n`);
}

describe('a contributor adds a source, an actor, a group and two allegiances to whatever data/ holds', () => {
  it('validates, formats, releases, builds the site and shows in the diff, with no test to touch', async () => {
    const repo = await scratchRepo();
    for (const path of ['generated', 'README.md']) cpSync(join(REPO, path), join(repo.dir, path), { recursive: true });
    const data = join(repo.dir, 'data');
    // Link to whatever the data holds: its first group, as the new group's parent.
    const parent = rowsOf(join(data, 'groups.csv'))[0]!;
    const text = `Test Wire, 1 June 2015.\n\nA group calling itself the Zz Test Jamaat said its leader, Zz Test Person, had pledged allegiance to ${parent.name}. The Zz Test Jamaat also said it is a unit of ${parent.name}.\n`;
    writeFileSync(join(data, 'archive', 'zz-test-wire-2015-06.txt'), text);
    append(repo.dir, 'sources.csv', { id: 'zz-test-wire-2015-06', title: 'A new jamaat', publisher: 'Test Wire', published: '2015-06-01', language: 'en' });
    append(repo.dir, 'actors.csv', {
      id: 'zz-test-person',
      name: 'Zz Test Person',
      description: 'Reported as the leader of the Zz Test Jamaat.',
      source_ids: 'zz-test-wire-2015-06',
    });
    append(repo.dir, 'groups.csv', {
      id: 'zz-test-jamaat',
      name: 'Zz Test Jamaat',
      kind: 'organization',
      description: 'A group reported as newly formed.',
      source_ids: 'zz-test-wire-2015-06',
    });
    const quote = `its leader, Zz Test Person, had pledged allegiance to ${parent.name}`;
    append(repo.dir, 'allegiances.csv', {
      id: 'zz-test-person-pledged',
      subject_id: 'zz-test-person',
      kind: 'pledged_allegiance',
      target_id: parent.id!,
      certainty: 'claimed',
      source_ids: 'zz-test-wire-2015-06',
      quote,
      notes: 'Made up for the test.',
    });
    append(repo.dir, 'allegiances.csv', {
      id: 'zz-test-jamaat-part-of',
      subject_id: 'zz-test-jamaat',
      kind: 'part_of',
      target_id: parent.id!,
      started: '2015-05~',
      certainty: 'claimed',
      source_ids: 'zz-test-wire-2015-06',
      quote: `The Zz Test Jamaat also said it is a unit of ${parent.name}.`,
    });
    append(repo.dir, 'allegiances.csv', {
      id: 'zz-test-person-leads',
      subject_id: 'zz-test-person',
      kind: 'leader_of',
      target_id: 'zz-test-jamaat',
      role: 'leader',
      certainty: 'claimed',
      source_ids: 'zz-test-wire-2015-06',
      quote: 'its leader, Zz Test Person',
    });

    const valid = await runIn(validateCommand, repo.dir);
    expect(valid.stdout).toContain('✔ valid: 0 errors, 0 warnings');
    expect(valid.code).toBe(0);

    // Not yet canonical (rows appended unsorted), the pictures not redrawn: notices, not failures.
    const notices = await runIn(refreshCommand, repo.dir, '--check', '--notice');
    expect(notices.code).toBe(0);
    expect(notices.stdout).toContain('data/allegiances.csv: not in canonical form');
    expect(notices.stdout).toContain('generated/network.svg: it is not what the data makes of it');

    const diff = await runIn(diffCommand, repo.dir, '--base', 'HEAD', '--format', 'markdown');
    expect(diff.stdout).toContain(
      `- **+** added \`zz-test-person-pledged\`: **Zz Test Person** (\`zz-test-person\`) → \`pledged_allegiance\` → **${parent.name}** (\`${parent.id}\`)`,
    );
    expect(diff.stdout).toContain(`    > ${quote}`);
    expect(diff.stdout).toContain('- **+** added `zz-test-jamaat`: **Zz Test Jamaat**');
    expect(diff.stdout).toContain('- **+** added `data/archive/zz-test-wire-2015-06.txt`');
    expect(diff.stdout).toContain('Test Wire, 1 June 2015.');

    expect((await runIn(formatCommand, repo.dir)).code).toBe(0);
    expect((await runIn(refreshCommand, repo.dir)).code).toBe(0);
    expect((await runIn(refreshCommand, repo.dir, '--check')).code).toBe(0);
    expect((await runIn(validateCommand, repo.dir)).code).toBe(0);

    const release = await runIn(releaseCommand, repo.dir, '--version', '0.1.0');
    expect(release.code, release.stderr).toBe(0);
    const released = rowsOf(join(repo.dir, 'dist', 'caucasus-allegiances-0.1.0', 'csv', 'allegiances.csv'));
    expect(released).toHaveLength(rowsOf(join(data, 'allegiances.csv')).length);
    expect(released.map((r) => r.id)).toContain('zz-test-person-pledged');

    expect((await runIn(siteCommand, repo.dir, '--out', 'site')).code).toBe(0);
    expect(readFileSync(join(repo.dir, 'site', 'actors', 'zz-test-person.html'), 'utf8')).toContain(quote);
    expect(existsSync(join(repo.dir, 'site', 'sources', 'zz-test-wire-2015-06.html'))).toBe(true);
  }, 60_000);
});
