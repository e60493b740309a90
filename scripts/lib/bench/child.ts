// Runs one measurement in its own process and prints it as JSON (see run-bench.ts).
import { measure, type MeasureKind } from './measure.ts';

const [kind, dir] = process.argv.slice(2) as [MeasureKind, string];
process.stdout.write(`${JSON.stringify(await measure(kind, dir))}\n`);
