import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as terminal from '../escape/terminal.ts';
import { generatedFiles, latestReleaseIdentity } from '../generate/outputs.ts';
import { recordedReleases } from '../release/plan-release.ts';
import { loadModel, SchemaError } from '../model/load-model.ts';
import { parseCommandArgs } from './args.ts';
import { EXIT_USAGE_OR_IO, type CommandIO } from './io.ts';
import { syncFiles } from './sync-files.ts';

export const GENERATE_USAGE = `Usage: npm run generate [-- --check]

Writes generated/ (row types, data dictionary, rule catalogue) and the README's rule and kind tables
from schemas/, and CITATION.cff from the latest release recorded in releases/.
  --check   write nothing; exit 1 and name the files that are out of date
`;

export async function generateCommand(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommandArgs(argv, io, GENERATE_USAGE, { check: { type: 'boolean', default: false } });
  if (typeof parsed === 'number') return parsed;
  const { check } = parsed.values;
  let files: Map<string, string>;
  try {
    files = await generatedFilesIn(io.cwd);
  } catch (error) {
    if (!(error instanceof SchemaError)) throw error;
    io.stderr(`${terminal.text(error.message)}\n`);
    return EXIT_USAGE_OR_IO;
  }
  return syncFiles(io, files, check, 'generate');
}

/** Every file `generate` writes, by path, for the repository at `cwd` (throws SchemaError). */
export async function generatedFilesIn(cwd: string): Promise<Map<string, string>> {
  const readme = resolve(cwd, 'README.md');
  return generatedFiles(
    loadModel(resolve(cwd, 'schemas')),
    existsSync(readme) ? readFileSync(readme, 'utf8') : undefined,
    latestReleaseIdentity(recordedReleases(cwd)[0]),
  );
}
