import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCommand } from '../scripts/lib/cli/generate-command.ts';
import type { CommandIO } from '../scripts/lib/cli/io.ts';
import { generatedFiles } from '../scripts/lib/generate/outputs.ts';
import { MODEL, REPO } from './helpers/fixtures.ts';

function io(cwd: string): CommandIO & { err: string[] } {
  const err: string[] = [];
  return { cwd, env: {}, stdout: () => {}, stderr: (t) => void err.push(t), stdoutIsTTY: false, appendFile: () => {}, err };
}

/** A scratch copy of the repository's schemas/ and generated/. */
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'generate-'));
  cpSync(join(REPO, 'schemas'), join(dir, 'schemas'), { recursive: true });
  cpSync(join(REPO, 'generated'), join(dir, 'generated'), { recursive: true });
  return dir;
}

describe('npm run generate', () => {
  it('committed generated/ files match the schemas', async () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    for (const [path, content] of await generatedFiles(MODEL, readme)) expect(readFileSync(join(REPO, path), 'utf8'), path).toBe(content);
  });

  it('--check exits 1 naming a stale file, and a run brings it up to date', async () => {
    const dir = scratch();
    const schemaPath = join(dir, 'schemas', 'actors.schema.json');
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
    schema.properties.origin.description = 'Where the person comes from.';
    writeFileSync(schemaPath, JSON.stringify(schema, null, 2));

    const check = io(dir);
    expect(await generateCommand(['--check'], check)).toBe(1);
    expect(check.err.join('')).toContain('generated/types.ts, generated/DATA-DICTIONARY.md');
    expect(await generateCommand([], io(dir))).toBe(0);
    expect(await generateCommand(['--check'], io(dir))).toBe(0);
    expect(readFileSync(join(dir, 'generated', 'DATA-DICTIONARY.md'), 'utf8')).toContain('Where the person comes from.');
  });

  it('documents every column and every rule', async () => {
    const files = await generatedFiles(MODEL);
    const dictionary = files.get('generated/DATA-DICTIONARY.md')!;
    for (const table of MODEL.tables) for (const column of table.columns) expect(dictionary).toContain(`| \`${column.name}\` |`);
    const types = files.get('generated/types.ts')!;
    for (const table of MODEL.tables) expect(types).toContain(`export interface ${table.title} {`);
    expect(files.get('generated/RULES.md')).toContain('Set by: `x-references`, on `actors.source_ids`, `groups.source_ids`, `allegiances.subject_id`');
  });

  it('rejects a schema with an unknown x- keyword (exit 2)', async () => {
    const dir = scratch();
    const schemaPath = join(dir, 'schemas', 'groups.schema.json');
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
    schema.properties.name['x-nameKy'] = true;
    writeFileSync(schemaPath, JSON.stringify(schema));
    const output = io(dir);
    expect(await generateCommand(['--check'], output)).toBe(2);
    expect(output.err.join('')).toContain('unknown keyword x-nameKy');
  });

  it('rejects a table schema that ties columns together, since cells are checked one column at a time (exit 2)', async () => {
    const dir = scratch();
    const schemaPath = join(dir, 'schemas', 'groups.schema.json');
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
    schema.if = { required: ['dissolved'] };
    schema.then = { required: ['founded'] };
    writeFileSync(schemaPath, JSON.stringify(schema));
    const output = io(dir);
    expect(await generateCommand(['--check'], output)).toBe(2);
    expect(output.err.join('')).toContain('groups.schema.json: if, then not allowed at table level');
  });
});
