import { resolve } from 'node:path';
import { writeFileSync } from 'node:fs';
import { benchTable, runBench } from '../bench/run-bench.ts';
import { loadModel } from '../model/load-model.ts';
import { parseCommandArgs } from './args.ts';
import { EXIT_OK, EXIT_USAGE_OR_IO, type CommandIO } from './io.ts';

export const BENCH_USAGE = `Usage: npm run bench -- [--rows N] [--runs R] [--out FILE] [--dir DIR] [--no-tableschema] [--no-startup]

Generates a deterministic synthetic dataset (N allegiances, default 1 000 000, with N/10 actors,
N/50 groups and up to 1 000 sources with archived texts) and measures, each in a fresh process,
R times (default 3), reporting medians: papaparse streaming the files with no checks (the floor),
the full validator as \`npm run validate\` runs it, and Frictionless's tableschema on a 100 000-row
slice of the allegiances; then start-up: \`npm run validate\` on this repository's data against an
\`npm run\` of a script that does nothing, in turn, at least 5 times each. Prints a table and writes
the results as JSON to FILE (default bench-results.json).
`;

export async function benchCommand(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommandArgs(argv, io, BENCH_USAGE, {
    rows: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    out: { type: 'string', default: 'bench-results.json' },
    dir: { type: 'string' },
    'no-tableschema': { type: 'boolean', default: false },
    'no-startup': { type: 'boolean', default: false },
  });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const rows = Number(values.rows);
  const runs = Number(values.runs);
  if (!Number.isInteger(rows) || rows < 100 || !Number.isInteger(runs) || runs < 1) {
    io.stderr(`--rows must be a whole number of at least 100 and --runs at least 1\n\n${BENCH_USAGE}`);
    return EXIT_USAGE_OR_IO;
  }
  const result = runBench(loadModel(resolve(io.cwd, 'schemas')), {
    rows,
    runs,
    slice: 100_000,
    ...(values.dir ? { dir: resolve(io.cwd, values.dir) } : {}),
    tableschema: !values['no-tableschema'],
    ...(values['no-startup'] ? {} : { startupOf: io.cwd }),
    log: (line) => io.stderr(`${line}\n`),
  });
  writeFileSync(resolve(io.cwd, values.out), `${JSON.stringify(result, null, 2)}\n`);
  io.stdout(`${benchTable(result)}\n\nResults written to ${values.out}\n`);
  return EXIT_OK;
}
