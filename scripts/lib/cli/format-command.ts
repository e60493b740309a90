import { resolve } from 'node:path';
import { loadModel, SchemaError } from '../model/load-model.ts';
import { CsvReadError } from '../read/read-csv.ts';
import { FileWriteError } from '../write/atomic-write.ts';
import { formatDataset } from '../write/format-dataset.ts';
import { textReport } from '../report/text.ts';
import { parseCommandArgs } from './args.ts';
import { EXIT_DATA_ERRORS, EXIT_OK, EXIT_USAGE_OR_IO, type CommandIO } from './io.ts';
import { displayPath, isDirectory, wantsColor } from './paths.ts';

export const FORMAT_USAGE = `Usage: npm run format -- [--check] [--data DIR]

Rewrites each table in DIR (default: data) into canonical form: UTF-8 without BOM, LF line endings,
a final newline, columns in schema order, rows sorted by id, cells trimmed and NFC-normalised,
quotes only where needed. Files with structural errors are left alone and the errors reported.
  --check     write nothing; exit 1 and name the files that are not canonical
  --data DIR  directory with the CSV tables (default: data)
`;

export async function formatCommand(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommandArgs(argv, io, FORMAT_USAGE, { check: { type: 'boolean', default: false }, data: { type: 'string', default: 'data' } });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const dataDir = resolve(io.cwd, values.data);
  if (!isDirectory(dataDir)) {
    io.stderr(`Data directory ${values.data} does not exist or is not a directory.\n`);
    return EXIT_USAGE_OR_IO;
  }
  try {
    const model = loadModel(resolve(io.cwd, 'schemas'));
    const { results, blocking } = await formatDataset({ model, dataDir, displayDir: displayPath(io.cwd, dataDir), check: values.check });
    const lines = results.map(({ file, status }) => `${file}: ${DESCRIBE[status]}`);
    io.stdout(`${lines.join('\n')}\n`);
    if (blocking.length) {
      const counts = { error: blocking.length, warning: 0, info: 0 };
      io.stderr(`\nThese files were not rewritten because of structural errors; fix them first:\n\n`);
      io.stderr(textReport({ findings: blocking, omitted: [], counts, tables: [] }, { color: wantsColor(io), summary: false }));
    }
    const failed = results.some((r) => r.status === 'not-canonical' || r.status === 'refused' || r.status === 'missing');
    if (values.check && results.some((r) => r.status === 'not-canonical')) io.stderr('\nRun `npm run format` to rewrite them.\n');
    return failed ? EXIT_DATA_ERRORS : EXIT_OK;
  } catch (error) {
    if (error instanceof FileWriteError || error instanceof CsvReadError || error instanceof SchemaError || (error as NodeJS.ErrnoException).code) {
      io.stderr(`${(error as Error).message}\n`);
      return EXIT_USAGE_OR_IO;
    }
    throw error;
  }
}

const DESCRIBE = {
  canonical: 'already canonical',
  rewritten: 'rewritten in canonical form',
  'not-canonical': 'not in canonical form',
  refused: 'NOT rewritten: structural errors (below)',
  missing: 'missing',
} as const;
