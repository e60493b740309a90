import { resolve } from 'node:path';
import { existsSync, writeFileSync } from 'node:fs';
import { benchCheckPage, CHROMIUM, PAGE_CASES, pageBenchTable, type PageCase } from '../bench/check-page-bench.ts';
import { benchTable, runBench } from '../bench/run-bench.ts';
import { loadModel } from '../model/load-model.ts';
import { parseCommandArgs } from './args.ts';
import { EXIT_OK, EXIT_USAGE_OR_IO, type CommandIO } from './io.ts';

export const BENCH_USAGE = `Usage: npm run bench -- [--rows N] [--runs R] [--out FILE] [--dir DIR] [--no-tableschema] [--no-startup]

Generates a deterministic synthetic dataset (N allegiances, default 1 000 000, with N/10 actors,
N/50 groups and up to 1 000 sources with archived texts) and measures, each in a fresh process,
R times (default 3), reporting medians: papaparse streaming the files with no checks (the floor),
the full validator as \`npm run validate\` runs it, \`npm run format -- --check\` on a copy of the
dataset in which no cell is quoted (the reader's worst case if a search ran past a row's end), and
Frictionless's tableschema on a 100 000-row slice of the allegiances; then start-up: \`npm run validate\` on this repository's data against an
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

export const CHECK_PAGE_BENCH_USAGE = `Usage: npm run bench:check-page -- [--runs R] [--cases LIST] [--timeout SECONDS] [--out FILE]

Builds the site from this repository's data and times its check page in Chromium (/usr/bin/chromium)
on large allegiances tables made from the repository's rows: from choosing the file to the report on
screen, R times each (default 1), next to \`npm run validate -- --format json\` on the same data, and
whether the page's JSON report is the command line's. LIST: case numbers, comma-separated (default
all): ${PAGE_CASES.map((c, i) => `${i + 1} ${c.name}`).join(', ')}. A case gives up after SECONDS
(default 600). Prints a table and writes the results as JSON to FILE (default check-page-bench.json).
`;

export async function checkPageBenchCommand(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommandArgs(argv, io, CHECK_PAGE_BENCH_USAGE, {
    runs: { type: 'string', default: '1' },
    cases: { type: 'string', default: PAGE_CASES.map((_, i) => i + 1).join(',') },
    timeout: { type: 'string', default: '600' },
    out: { type: 'string', default: 'check-page-bench.json' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const runs = Number(values.runs);
  const timeout = Number(values.timeout);
  const cases = values.cases.split(',').map((n) => PAGE_CASES[Number(n) - 1]);
  if (!Number.isInteger(runs) || runs < 1 || !(timeout > 0) || cases.some((c) => c === undefined)) {
    io.stderr(`--runs must be at least 1, --timeout a number of seconds, --cases numbers from 1 to ${PAGE_CASES.length}\n\n${CHECK_PAGE_BENCH_USAGE}`);
    return EXIT_USAGE_OR_IO;
  }
  if (!existsSync(CHROMIUM)) {
    io.stderr(`${CHROMIUM} is missing (apt-get install chromium).\n`);
    return EXIT_USAGE_OR_IO;
  }
  const result = await benchCheckPage({
    repo: io.cwd,
    runs,
    cases: cases as PageCase[],
    timeoutMs: timeout * 1000,
    log: (line) => io.stderr(`${line}\n`),
  });
  writeFileSync(resolve(io.cwd, values.out), `${JSON.stringify({ measuredAt: new Date().toISOString(), ...result }, null, 2)}\n`);
  io.stdout(`${pageBenchTable(result)}\n\nResults written to ${values.out}\n`);
  return EXIT_OK;
}
