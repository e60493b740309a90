// Starts a TypeScript command from a cached bundle of its modules, for a fast start.
//
// `node --import tsx` resolves and loads each of a command's ~90 modules through tsx's loader thread,
// which costs more than the command itself on a small dataset. This bundles the command with esbuild
// (which tsx already uses), keeps the bundle in node_modules/.cache/, and reuses it for as long as
// nothing that went into it changed: the contents of its input files, this launcher, esbuild's and
// Node's versions and tsconfig.json are hashed at every start, so an edit is never run stale.
// Packages from node_modules stay imports. When the bundle cannot be built, written or loaded, the
// command runs through tsx as before.
//
// Usage: node scripts/lib/cli/start-bundled.mjs scripts/validate.ts [args...]
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [entryArg, ...args] = process.argv.slice(2);
const entry = resolve(entryArg);
const launcher = fileURLToPath(import.meta.url);
const root = resolve(dirname(launcher), '..', '..', '..');
const cacheDir = join(root, 'node_modules', '.cache', 'caucasus-allegiances');
// Named after the checkout as well as the command: node_modules may be shared by several checkouts.
const name = `${relative(root, entry).replace(/[^\w.-]+/g, '_')}-${createHash('sha256').update(root).digest('hex').slice(0, 12)}`;
const recordPath = join(cacheDir, `${name}.json`);
/** Bundles no start has used for this long are removed when a new one is built. */
const STALE_MS = 24 * 60 * 60 * 1000;

/** A hash of everything a bundle was made from, as it is now; undefined when an input is gone. */
function hashOf(inputs) {
  const esbuildVersion = createRequire(launcher)('esbuild/package.json').version;
  const hash = createHash('sha256').update(`${process.version}\0${esbuildVersion}\0`);
  try {
    // The launcher and tsconfig.json shape the bundle too (a checkout may have no tsconfig.json).
    for (const file of [relative(root, launcher), 'tsconfig.json']) hash.update(existsSync(join(root, file)) ? readFileSync(join(root, file)) : '').update('\0');
    for (const input of inputs) hash.update(input).update('\0').update(readFileSync(join(root, input))).update('\0');
  } catch {
    return undefined;
  }
  return hash.digest('hex');
}

function cachedBundle() {
  try {
    const record = JSON.parse(readFileSync(recordPath, 'utf8'));
    return record.hash === hashOf(record.inputs) && existsSync(join(cacheDir, record.entry)) ? join(cacheDir, record.entry) : undefined;
  } catch {
    return undefined;
  }
}

async function buildBundle() {
  const { build } = await import('esbuild');
  mkdirSync(cacheDir, { recursive: true });
  const probe = await build({ ...options(), write: false });
  const inputs = Object.keys(probe.metafile.inputs).sort();
  const hash = hashOf(inputs);
  if (!hash) return undefined;
  // Built in a folder of this process's own and renamed into place whole; a folder already there
  // (another start built the same inputs) is used as it is. The record, written last, points to it.
  const folder = `${name}-${hash.slice(0, 16)}`;
  if (!existsSync(join(cacheDir, folder))) {
    const temporary = join(cacheDir, `.${folder}.${process.pid}.tmp`);
    await build({ ...options(), outdir: temporary });
    try {
      renameSync(temporary, join(cacheDir, folder));
    } catch {
      rmSync(temporary, { recursive: true, force: true });
    }
  }
  const entryFile = join(folder, basename(entry).replace(/\.[cm]?ts$/, '.mjs'));
  writeFileSync(`${recordPath}.${process.pid}.tmp`, JSON.stringify({ inputs, hash, entry: entryFile }));
  renameSync(`${recordPath}.${process.pid}.tmp`, recordPath);
  pruneOld(folder);
  return join(cacheDir, entryFile);
}

/** Removes this command's bundles that no start has used for a day (a running one may still need its chunks). */
function pruneOld(current) {
  for (const folder of readdirSync(cacheDir)) {
    if (folder === current || !folder.startsWith(`${name}-`)) continue;
    try {
      if (Date.now() - statSync(join(cacheDir, folder)).atimeMs > STALE_MS) rmSync(join(cacheDir, folder), { recursive: true, force: true });
    } catch {
      // Another start removed it first.
    }
  }
}

/** How the command is bundled: ES modules, a chunk per dynamic import, so what a run never imports it never loads. */
function options() {
  return {
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    splitting: true,
    outdir: cacheDir,
    outExtension: { '.js': '.mjs' },
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    metafile: true,
    logLevel: 'silent',
    plugins: [keepModuleLocations],
  };
}

/** Modules that find files beside themselves (import.meta.url) keep their own location inside the bundle. */
const keepModuleLocations = {
  name: 'keep-module-locations',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) => {
      if (args.path.includes('node_modules')) return undefined;
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta')) return undefined;
      return {
        contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)).replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path))),
        loader: /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js',
      };
    });
  },
};

let bundle;
try {
  bundle = cachedBundle() ?? (await buildBundle());
} catch {
  bundle = undefined;
}
process.argv = [process.argv[0], entry, ...args];
let started = false;
if (bundle) {
  try {
    await import(pathToFileURL(bundle).href);
    started = true;
  } catch (error) {
    // Only a bundle that could not be loaded at all falls back; the command's own errors are its own.
    if (!['ERR_MODULE_NOT_FOUND', 'ERR_REQUIRE_CYCLE_MODULE'].includes(error?.code) && !(error instanceof SyntaxError)) throw error;
  }
}
if (!started) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(entry).href);
}
