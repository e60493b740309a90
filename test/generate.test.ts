import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCommand } from '../scripts/lib/cli/generate-command.ts';
import type { CommandIO } from '../scripts/lib/cli/io.ts';
import { dataDictionary } from '../scripts/lib/generate/data-dictionary.ts';
import { generatedFiles } from '../scripts/lib/generate/outputs.ts';
import { validateDataset } from '../scripts/lib/check/validate-dataset.ts';
import { compileColumnValidators } from '../scripts/lib/model/compile-validators.ts';
import { loadModel } from '../scripts/lib/model/load-model.ts';
import { BASE_FIXTURE, cellOf, MODEL, REPO, TODAY } from './helpers/fixtures.ts';

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
    const references = MODEL.tables.flatMap((t) => t.columns.filter((c) => c.references).map((c) => `\`${t.name}.${c.name}\``));
    expect(files.get('generated/RULES.md')).toContain(`Set by: \`x-references\`, on ${references.join(', ')}.`);
  });

  it('fills each {keyword} of a description from its own schema, and refuses one it does not set', async () => {
    const dir = scratch();
    const defsPath = join(dir, 'schemas', 'defs.schema.json');
    const defs = JSON.parse(readFileSync(defsPath, 'utf8'));
    expect(defs.$defs.Quote.description).toContain('at most {maxLength} characters');
    defs.$defs.Quote.maxLength = 400;
    writeFileSync(defsPath, JSON.stringify(defs));
    const dictionary = dataDictionary(loadModel(join(dir, 'schemas')));
    expect(dictionary).toContain('A verbatim excerpt of at most 400 characters');
    expect(dictionary).not.toContain('{maxLength}');
    defs.$defs.Quote.description = 'At most {maxLenght} characters.';
    writeFileSync(defsPath, JSON.stringify(defs));
    expect(() => loadModel(join(dir, 'schemas'))).toThrow(/defs\.schema\.json#\/\$defs\/Quote\/description: \{maxLenght\} names a keyword/);
  });

  it('states each limit once: no description of the schemas repeats the number a keyword beside it sets', () => {
    const repeated: string[] = [];
    const walk = (node: unknown, where: string): void => {
      if (node === null || typeof node !== 'object') return;
      const object = node as Record<string, unknown>;
      const limit = object.maxLength ?? (object.items as Record<string, unknown> | undefined)?.maxLength;
      if (typeof object.description === 'string' && typeof limit === 'number' && object.description.includes(String(limit))) repeated.push(where);
      for (const [key, value] of Object.entries(object)) walk(value, `${where}/${key}`);
    };
    for (const file of readdirSync(join(REPO, 'schemas')).filter((f) => f.endsWith('.json')))
      walk(JSON.parse(readFileSync(join(REPO, 'schemas', file), 'utf8')), file);
    expect(repeated).toEqual([]);
  });

  it('gives a key or reference column its own examples or none, never the examples of ids in general', () => {
    const dir = scratch();
    const schemaPath = join(dir, 'schemas', 'allegiances.schema.json');
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
    schema.properties.witness_id = { $ref: 'defs.schema.json#/$defs/Id', description: 'A person who saw it.', 'x-references': ['actors'] };
    schema.properties.witness_ids = { $ref: 'defs.schema.json#/$defs/IdList', description: 'People who saw it.', 'x-references': ['actors'] };
    writeFileSync(schemaPath, JSON.stringify(schema));
    const model = loadModel(join(dir, 'schemas'));
    const columns = model.tables.find((t) => t.name === 'allegiances')!.columns;
    expect(columns.find((c) => c.name === 'witness_id')!.examples).toEqual([]);
    expect(columns.find((c) => c.name === 'witness_ids')!.examples).toEqual([]);
    // A column of plain text keeps what its definition gives; a key its own.
    expect(columns.find((c) => c.name === 'role')!.examples).toEqual(schema.properties.role.examples);
    expect(columns.find((c) => c.name === 'id')!.examples).toEqual(schema.properties.id.examples);
    const dictionary = dataDictionary(model);
    expect(dictionary).toMatch(/\| `witness_id` \| id \| {2}\| A person who saw it\. \|/);
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

  it('precompiled column validators give exactly the errors ajv gives when compiling the schemas, and need no eval', async () => {
    const generated = await import('../generated/column-validators.ts');
    const compiled = compileColumnValidators(MODEL);
    expect([...generated.VALIDATORS.keys()]).toEqual([...compiled.keys()]);
    const samples = ['', 'kebekov', 'Kebekov', '2015-02-29', '2015-01~', 'x'.repeat(5000), '=1+1', 'reported', 'Q42', 'https://example.org/a'];
    for (const [key, validate] of compiled) {
      const precompiled = generated.VALIDATORS.get(key) as typeof validate & { errors?: unknown };
      for (const value of [...samples, samples, ['a', 'a'], 7]) {
        expect(precompiled(value), `${key} ${JSON.stringify(value).slice(0, 40)}`).toBe(validate(value));
        expect(precompiled.errors ?? null).toEqual((validate as typeof precompiled).errors ?? null);
      }
    }
    const code = readFileSync(join(REPO, 'generated', 'column-validators.ts'), 'utf8');
    expect(code).not.toMatch(/\beval\(|new Function\(|\brequire\(/);
  });

  it('validates with schemas other than the generated code was made from by compiling them', async () => {
    const dir = scratch();
    const schemaPath = join(dir, 'schemas', 'actors.schema.json');
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
    schema.properties.origin = { ...schema.properties.origin, type: 'string', maxLength: 3 };
    writeFileSync(schemaPath, JSON.stringify(schema));
    const report = await validateDataset({ model: loadModel(join(dir, 'schemas')), dataDir: BASE_FIXTURE, displayDir: 'data', today: TODAY });
    expect(report.findings.filter((f) => f.code === 'too-long').map((f) => f.cell)).toEqual([cellOf('actors', 'origin', 3), cellOf('actors', 'origin', 4)]);
  });
});
