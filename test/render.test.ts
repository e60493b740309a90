import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { CommandIO } from '../scripts/lib/cli/io.ts';
import { renderCommand } from '../scripts/lib/cli/render-command.ts';
import { readAllRecords } from '../scripts/lib/read/read-dataset.ts';
import { networkDot } from '../scripts/lib/render/network-dot.ts';
import { readmeWithDataSummary } from '../scripts/lib/render/data-summary.ts';
import { renderedFiles } from '../scripts/lib/render/render.ts';
import { allegianceRow, allegiances, canonicalDataCopy, datasetWith, MODEL, REPO } from './helpers/fixtures.ts';

/** The base fixture with an uncertain-and-approximate withdrawal and an uncertain rivalry, so every style is drawn. */
const styledFixture = (): string =>
  datasetWith({
    'allegiances.csv': allegiances(
      allegianceRow({ id: 'kebekov-withdrew', kind: 'withdrew_allegiance', started: '2015-01%', quote: 'Kebekov leads the Emirate.' }),
      allegianceRow({
        id: 'jjq-rival',
        subject_id: 'jjq',
        kind: 'rival_of',
        target_id: 'emirate',
        started: '2014?',
        source_ids: 'src-b',
        quote: 'The group said',
      }),
    ),
  });

const io = (cwd: string, err: string[] = []): CommandIO => ({
  cwd,
  env: {},
  stdout: () => {},
  stderr: (t) => void err.push(t),
  stdoutIsTTY: false,
  appendFile: () => {},
});

describe('npm run render', () => {
  it('draws the same bytes twice from the same data', async () => {
    const records = await readAllRecords(MODEL, styledFixture());
    const first = await renderedFiles(MODEL, records);
    expect(await renderedFiles(MODEL, records)).toEqual(first);
    expect([...first.keys()]).toEqual(['generated/network.svg', 'generated/timeline.svg']);
  });

  it('--check exits 1 when the data changed and the pictures were not redrawn', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'render-'));
    for (const folder of ['schemas', 'generated']) cpSync(join(REPO, folder), join(dir, folder), { recursive: true });
    cpSync(await canonicalDataCopy(), join(dir, 'data'), { recursive: true });
    expect(await renderCommand([], io(dir))).toBe(0);
    expect(await renderCommand(['--check'], io(dir))).toBe(0);
    const actors = join(dir, 'data', 'actors.csv');
    const [header, first, ...rest] = readFileSync(actors, 'utf8').split('\n');
    const name = first!.split(',')[1]!;
    writeFileSync(actors, [header, first!.replace(`,${name},`, `,${name} Qzx,`), ...rest].join('\n'));
    const err: string[] = [];
    expect(await renderCommand(['--check'], io(dir, err))).toBe(1);
    expect(err.join('')).toContain('generated/network.svg');
    expect(await renderCommand([], io(dir))).toBe(0);
    expect(readFileSync(join(dir, 'generated', 'network.svg'), 'utf8')).toContain(`Qzx`);
  });

  it('draws every actor and group, every allegiance, and a legend of the kinds shown', async () => {
    const records = await readAllRecords(MODEL, styledFixture());
    const dot = networkDot(MODEL, records);
    expect(dot.match(/->/g)).toHaveLength(records.get('allegiances')!.length);
    const svg = new XMLParser({ ignoreAttributes: false }).parse((await renderedFiles(MODEL, records)).get('generated/network.svg')!);
    const groups = [svg.svg.g.g].flat() as { '@_class': string }[];
    expect(groups.filter((g) => g['@_class'] === 'node')).toHaveLength(records.get('actors')!.length + records.get('groups')!.length + 1);
    expect(groups.filter((g) => g['@_class'] === 'edge')).toHaveLength(records.get('allegiances')!.length);
    for (const label of ['pledged allegiance to', 'withdrew allegiance from', 'leads', 'rival of', 'person', 'group: organization'])
      expect(dot).toContain(label);
  });

  it('the timeline draws uncertain dates dashed and approximate ones faded, as ranges', async () => {
    const svg = (await renderedFiles(MODEL, await readAllRecords(MODEL, styledFixture()))).get('generated/timeline.svg')!;
    expect(svg).toMatch(/<title>Aliaskhab Kebekov withdrew allegiance from Caucasus Emirate: 2015-01%<\/title>/);
    expect(svg).toMatch(/<title>Jamaat Jund al-Qawqaz rival of Caucasus Emirate: 2014\?<\/title>/);
    expect(svg).toContain('stroke-dasharray="3 2"');
    expect(svg).toContain('fill-opacity="0.35"');
  });

  it("brings the README's table of what the data holds up to date, and leaves the rest of the README alone", async () => {
    const dir = styledFixture();
    const records = await readAllRecords(MODEL, dir);
    const readme = 'Intro\n<!-- generated:data -->\nstale\n<!-- /generated:data -->\nOutro\n';
    const written = readmeWithDataSummary(readme, MODEL, records);
    expect(written.startsWith('Intro\n<!-- generated:data -->\n| Table | Rows |')).toBe(true);
    expect(written.endsWith('\n<!-- /generated:data -->\nOutro\n')).toBe(true);
    for (const table of MODEL.tables) expect(written).toContain(`| [\`data/${table.file}\`](data/${table.file}) | ${records.get(table.name)!.length} |`);
    // The allegiances' dates run from the 2013-12 pledge to the 2015-01% withdrawal, as written.
    expect(written).toContain('| [`data/allegiances.csv`](data/allegiances.csv) | 5 | 2013-12 – 2015-01% |');
    expect(readmeWithDataSummary('no markers\n', MODEL, records)).toBe('no markers\n');
  });
});
