import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { CommandIO } from '../scripts/lib/cli/io.ts';
import { renderCommand } from '../scripts/lib/cli/render-command.ts';
import { readAllRecords } from '../scripts/lib/read/read-dataset.ts';
import { networkDot } from '../scripts/lib/render/network-dot.ts';
import { renderedFiles } from '../scripts/lib/render/render.ts';
import { MODEL, REPO } from './helpers/fixtures.ts';

const io = (cwd: string, err: string[] = []): CommandIO => ({
  cwd,
  env: {},
  stdout: () => {},
  stderr: (t) => void err.push(t),
  stdoutIsTTY: false,
  appendFile: () => {},
});

describe('npm run render', () => {
  it('the committed pictures match the data, and drawing twice gives the same bytes', async () => {
    const records = await readAllRecords(MODEL, join(REPO, 'data'));
    const first = await renderedFiles(MODEL, records);
    const second = await renderedFiles(MODEL, records);
    for (const [path, svg] of first) {
      expect(second.get(path)).toBe(svg);
      expect(readFileSync(join(REPO, path), 'utf8'), path).toBe(svg);
    }
  });

  it('--check exits 1 when the data changed and the pictures were not redrawn', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'render-'));
    for (const folder of ['data', 'schemas', 'generated']) cpSync(join(REPO, folder), join(dir, folder), { recursive: true });
    const actors = join(dir, 'data', 'actors.csv');
    writeFileSync(actors, readFileSync(actors, 'utf8').replace('Aliaskhab Kebekov,', 'Aliaskhab Kebekov Jr,'));
    const err: string[] = [];
    expect(await renderCommand(['--check'], io(dir, err))).toBe(1);
    expect(err.join('')).toContain('generated/network.svg');
    expect(await renderCommand([], io(dir))).toBe(0);
    expect(readFileSync(join(dir, 'generated', 'network.svg'), 'utf8')).toContain('Aliaskhab Kebekov Jr');
  });

  it('draws every actor and group, every allegiance, and a legend of the kinds shown', async () => {
    const records = await readAllRecords(MODEL, join(REPO, 'data'));
    const dot = networkDot(MODEL, records);
    expect(dot.match(/->/g)).toHaveLength(records.get('allegiances')!.length);
    const svg = new XMLParser({ ignoreAttributes: false }).parse((await renderedFiles(MODEL, records)).get('generated/network.svg')!);
    const groups = [svg.svg.g.g].flat() as { '@_class': string }[];
    expect(groups.filter((g) => g['@_class'] === 'node')).toHaveLength(records.get('actors')!.length + records.get('groups')!.length + 1);
    expect(groups.filter((g) => g['@_class'] === 'edge')).toHaveLength(records.get('allegiances')!.length);
    for (const label of ['pledged allegiance to', 'withdrew allegiance from', 'leads', 'rival of', 'person', 'group: province']) expect(dot).toContain(label);
  });

  it('the timeline draws uncertain dates dashed and approximate ones faded, as ranges', async () => {
    const svg = (await renderedFiles(MODEL, await readAllRecords(MODEL, join(REPO, 'data')))).get('generated/timeline.svg')!;
    expect(svg).toContain('stroke-dasharray="3 2"');
    expect(svg).toContain('fill-opacity="0.35"');
    expect(svg).toMatch(/<title>Sultan Zaynalabilov withdrew allegiance from Caucasus Emirate: 2015-01%<\/title>/);
  });
});
