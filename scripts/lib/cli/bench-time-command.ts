import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runTimeBench, timeBenchTable } from '../bench/time-page-bench.ts';
import { loadModel } from '../model/load-model.ts';
import { parseCommandArgs } from './args.ts';
import { EXIT_OK, EXIT_USAGE_OR_IO, type CommandIO } from './io.ts';

export const BENCH_TIME_USAGE = `Usage: npm run bench:time -- [--relationships N] [--entities M] [--out FILE]

Measures the site's "over time" page (time.html) in Chromium on a deterministic synthetic dataset
from the bench's generator (default 20 000 relationships between 2 000 actors and groups): builds
the page as \`npm run site\` does, loads it, then changes the date as the slider does, a month at a
time over the whole span, between the span's two ends and to random days, timing each change from
its event to the end of the frame that shows it. Prints a table and writes the results as JSON to
FILE (default bench-time-results.json). Needs /usr/bin/chromium.
`;

export async function benchTimeCommand(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommandArgs(argv, io, BENCH_TIME_USAGE, {
    relationships: { type: 'string', default: '20000' },
    entities: { type: 'string', default: '2000' },
    out: { type: 'string', default: 'bench-time-results.json' },
  });
  if (typeof parsed === 'number') return parsed;
  const relationships = Number(parsed.values.relationships);
  const entities = Number(parsed.values.entities);
  if (!Number.isInteger(relationships) || relationships < 10 || !Number.isInteger(entities) || entities < 10) {
    io.stderr(`--relationships and --entities must be whole numbers of at least 10\n\n${BENCH_TIME_USAGE}`);
    return EXIT_USAGE_OR_IO;
  }
  const result = await runTimeBench(loadModel(resolve(io.cwd, 'schemas')), { relationships, entities, log: (line) => io.stderr(`${line}\n`) });
  writeFileSync(resolve(io.cwd, parsed.values.out), `${JSON.stringify(result, null, 2)}\n`);
  io.stdout(`${timeBenchTable(result)}\n\nResults written to ${parsed.values.out}\n`);
  return EXIT_OK;
}
