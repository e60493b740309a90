import { spawnSync } from 'node:child_process';
import { cpus, totalmem, tmpdir } from 'node:os';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, openSync, readSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatasetModel } from '../model/types.ts';
import { VALIDATE_NODE_FLAGS } from '../cli/node-flags.ts';
import { relationshipTable } from '../model/relationships.ts';
import { QUOTE_FREE_DIR, SLICE_FILE, type Measurement, type MeasureKind } from './measure.ts';
import { benchSizes, sizesText, writeSyntheticDataset, type BenchSizes } from './synthetic-dataset.ts';

export interface BenchOptions {
  readonly rows: number;
  readonly runs: number;
  readonly slice: number;
  readonly dir?: string;
  readonly tableschema: boolean;
  /** The repository whose `npm run validate` start-up is measured; none: not measured. */
  readonly startupOf?: string;
  readonly log: (line: string) => void;
}

export interface BenchResult {
  readonly measuredAt: string;
  readonly machine: { readonly cpus: number; readonly cpuModel: string; readonly memoryGb: number; readonly node: string };
  readonly sizes: BenchSizes;
  readonly runs: number;
  /** Median of the runs, per measurement. */
  readonly results: Partial<
    Record<MeasureKind, Measurement & { readonly rowsPerSecond: number; readonly mbPerSecond: number; readonly allSeconds: readonly number[] }>
  >;
  readonly ratios: { readonly validateOverFloor?: number; readonly tableschemaOverOursPerRow?: number };
  /** `npm run validate` on the repository's own data against an `npm run` of a script that does nothing. */
  readonly startup?: StartupResult;
}

export interface StartupResult {
  readonly validateSeconds: number;
  readonly emptyScriptSeconds: number;
  readonly ratio: number;
  readonly allValidateSeconds: readonly number[];
  readonly allEmptyScriptSeconds: readonly number[];
}

const SEED = 20150202;
const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** Generates the dataset once per size and seed; later runs reuse it. */
function ensureDataset(model: DatasetModel, dir: string, sizes: BenchSizes, slice: number, log: (line: string) => void): void {
  const stamp = join(dir, '.complete');
  const wanted = JSON.stringify({ sizes, seed: SEED, slice, sliceFile: SLICE_FILE, quoteFree: QUOTE_FREE_DIR });
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return;
  rmSync(dir, { recursive: true, force: true });
  log(`Generating ${sizesText(sizes)} in ${dir} …`);
  writeSyntheticDataset(model, dir, sizes, { seed: SEED });
  writeFileSync(join(dir, SLICE_FILE), headLines(join(dir, relationshipTable(model)!.table.file), slice));
  writeSyntheticDataset(model, join(dir, QUOTE_FREE_DIR), sizes, { seed: SEED, quoteFree: true });
  writeFileSync(stamp, wanted);
}

/** The header and the first `rows` records of a CSV (records may span lines inside quotes). */
function headLines(path: string, rows: number): string {
  const fd = openSync(path, 'r');
  const buffer = Buffer.alloc(1 << 20);
  let text = '';
  let records = -1;
  let quoted = false;
  let end = -1;
  try {
    for (let read = readSync(fd, buffer); read > 0 && end < 0; read = readSync(fd, buffer)) {
      const chunk = buffer.toString('utf8', 0, read);
      for (let i = 0; i < chunk.length; i++) {
        if (chunk[i] === '"') quoted = !quoted;
        else if (chunk[i] === '\n' && !quoted && ++records === rows) {
          end = text.length + i + 1;
          break;
        }
      }
      text += chunk;
    }
  } finally {
    closeSync(fd);
  }
  return end < 0 ? text : text.slice(0, end);
}

/**
 * Every measurement with the flags `npm run validate` uses, so the floor gets the same runtime, except
 * `format --check`, which runs as `npm run format` does.
 */
const NODE_FLAGS: Record<MeasureKind, readonly string[]> = {
  floor: VALIDATE_NODE_FLAGS,
  validate: VALIDATE_NODE_FLAGS,
  'format-check': [],
  tableschema: VALIDATE_NODE_FLAGS,
};

function runChild(kind: MeasureKind, dir: string): Measurement {
  const result = spawnSync(process.execPath, [...NODE_FLAGS[kind], '--import', import.meta.resolve('tsx'), CHILD, kind, dir], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (result.status !== 0) throw new Error(`${kind} measurement failed: ${result.stderr.slice(-2000)}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Measurement;
}

/** Wall time of a whole process, from spawn to exit. */
function timedProcess(command: string, args: readonly string[], cwd: string): number {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, stdio: 'ignore' });
  if (result.error) throw result.error;
  return (performance.now() - started) / 1000;
}

/**
 * Start-up as a contributor meets it: `npm run validate` on the repository's own data, against
 * `npm run` of a script that does nothing (in a scratch package), in turn, `runs` times each.
 */
export function measureStartup(repoDir: string, runs: number, log: (line: string) => void): StartupResult {
  const empty = mkdtempSync(join(tmpdir(), 'bench-empty-script-'));
  try {
    writeFileSync(join(empty, 'package.json'), JSON.stringify({ name: 'empty', private: true, scripts: { nothing: 'node -e 0' } }));
    // Once each first: the validator's bundle is built and cached on its first run.
    timedProcess('npm', ['run', '-s', 'validate'], repoDir);
    timedProcess('npm', ['run', '-s', 'nothing'], empty);
    const validate: number[] = [];
    const nothing: number[] = [];
    for (let run = 1; run <= runs; run++) {
      log(`  start-up: run ${run} of ${runs} …`);
      validate.push(timedProcess('npm', ['run', '-s', 'validate'], repoDir));
      nothing.push(timedProcess('npm', ['run', '-s', 'nothing'], empty));
    }
    const validateSeconds = median(validate);
    const emptyScriptSeconds = median(nothing);
    return { validateSeconds, emptyScriptSeconds, ratio: validateSeconds / emptyScriptSeconds, allValidateSeconds: validate, allEmptyScriptSeconds: nothing };
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
}

export function runBench(model: DatasetModel, options: BenchOptions): BenchResult {
  const sizes = benchSizes(model, options.rows);
  const dir = options.dir ?? join(tmpdir(), `caucasus-allegiances-bench-${options.rows}`);
  ensureDataset(model, dir, sizes, Math.min(options.slice, options.rows), options.log);
  const kinds: MeasureKind[] = ['floor', 'validate', 'format-check', ...(options.tableschema ? (['tableschema'] as const) : [])];
  // Round by round, each kind once per round: this machine's speed drifts over minutes, and a drift
  // must not land on one kind's runs only.
  const runsOf = new Map<MeasureKind, Measurement[]>(kinds.map((kind) => [kind, []]));
  for (let run = 1; run <= options.runs; run++) {
    for (const kind of kinds) {
      options.log(`  ${kind}: run ${run} of ${options.runs} …`);
      runsOf.get(kind)!.push(runChild(kind, dir));
    }
  }
  const results: BenchResult['results'] = {};
  for (const [kind, runs] of runsOf) {
    const seconds = median(runs.map((r) => r.seconds));
    const { rows, bytes } = runs[0]!;
    results[kind] = {
      seconds,
      peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
      rows,
      bytes,
      rowsPerSecond: rows / seconds,
      mbPerSecond: bytes / 1e6 / seconds,
      allSeconds: runs.map((r) => r.seconds),
    };
  }
  const { floor, validate, tableschema } = results;
  const startup = options.startupOf ? measureStartup(options.startupOf, Math.max(options.runs, 5), options.log) : undefined;
  return {
    measuredAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
    sizes,
    runs: options.runs,
    results,
    ratios: {
      ...(floor && validate ? { validateOverFloor: validate.seconds / floor.seconds } : {}),
      ...(tableschema && validate ? { tableschemaOverOursPerRow: validate.rowsPerSecond / tableschema.rowsPerSecond } : {}),
    },
    ...(startup ? { startup } : {}),
  };
}

/** The table printed at the end of a run. */
export function benchTable(result: BenchResult): string {
  const line = (name: string, m: BenchResult['results']['floor']): string =>
    m
      ? `| ${name} | ${m.rows.toLocaleString('en')} | ${m.seconds.toFixed(2)} s | ${Math.round(m.rowsPerSecond).toLocaleString('en')} | ${m.mbPerSecond.toFixed(1)} | ${Math.round(m.peakRssMb)} MB |`
      : '';
  const { floor, validate, tableschema } = result.results;
  const formatCheck = result.results['format-check'];
  return [
    `${sizesText(result.sizes)}; median of ${result.runs} runs; ${result.machine.cpus} × ${result.machine.cpuModel}, Node ${result.machine.node}`,
    '',
    '| Measurement | Rows | Wall time | Rows/s | MB/s | Peak RSS |',
    '|---|---|---|---|---|---|',
    line('papaparse only (parse floor)', floor),
    line('npm run validate (every rule)', validate),
    line('npm run format -- --check (a copy without quoted cells)', formatCheck),
    tableschema ? line('tableschema (Frictionless JS), allegiances slice', tableschema) : '',
    '',
    result.ratios.validateOverFloor !== undefined ? `validate / parse floor: ${result.ratios.validateOverFloor.toFixed(2)}×` : '',
    result.ratios.tableschemaOverOursPerRow !== undefined ? `ours vs tableschema, per row: ${result.ratios.tableschemaOverOursPerRow.toFixed(1)}× faster` : '',
    result.startup
      ? `start-up: npm run validate on data/ ${result.startup.validateSeconds.toFixed(2)} s, an empty npm run ${result.startup.emptyScriptSeconds.toFixed(2)} s: ${result.startup.ratio.toFixed(2)}× (median of ${result.startup.allValidateSeconds.length} each, in turn)`
      : '',
  ]
    .filter((l, i, all) => l !== '' || all[i - 1] !== '')
    .join('\n');
}
