import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { generatedFiles } from '../generate/outputs.ts';
import { loadModel, SchemaError } from '../model/load-model.ts';
import { FileWriteError, writeFileAtomic, writing } from '../write/atomic-write.ts';
import { parseCommandArgs } from './args.ts';
import { EXIT_DATA_ERRORS, EXIT_OK, EXIT_USAGE_OR_IO, type CommandIO } from './io.ts';

export const GENERATE_USAGE = `Usage: npm run generate [-- --check]

Writes generated/ (row types, data dictionary, rule catalogue) from schemas/.
  --check   write nothing; exit 1 and name the files that are out of date
`;

export async function generateCommand(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommandArgs(argv, io, GENERATE_USAGE, { check: { type: 'boolean', default: false } });
  if (typeof parsed === 'number') return parsed;
  const { check } = parsed.values;
  let files: Map<string, string>;
  try {
    const readme = resolve(io.cwd, 'README.md');
    files = await generatedFiles(loadModel(resolve(io.cwd, 'schemas')), existsSync(readme) ? readFileSync(readme, 'utf8') : undefined);
  } catch (error) {
    if (!(error instanceof SchemaError)) throw error;
    io.stderr(`${error.message}\n`);
    return EXIT_USAGE_OR_IO;
  }
  const stale = [...files].filter(([path, content]) => readOrEmpty(resolve(io.cwd, path)) !== content).map(([path]) => path);
  if (check) {
    if (stale.length === 0) return EXIT_OK;
    io.stderr(`Out of date: ${stale.join(', ')}\nRun \`npm run generate\` and commit the result.\n`);
    return EXIT_DATA_ERRORS;
  }
  try {
    for (const path of stale) {
      const target = resolve(io.cwd, path);
      writing(target, () => mkdirSync(dirname(target), { recursive: true }));
      writeFileAtomic(target, files.get(path)!);
    }
  } catch (error) {
    if (!(error instanceof FileWriteError)) throw error;
    io.stderr(`${error.message}\n`);
    return EXIT_USAGE_OR_IO;
  }
  io.stdout(stale.length ? `Wrote ${stale.join(', ')}\n` : 'generated/ is up to date\n');
  return EXIT_OK;
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
