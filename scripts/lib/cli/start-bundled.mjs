// Starts a TypeScript command from one cached bundle of its modules, for a fast start.
//
// `node --import tsx` resolves and loads each of a command's ~90 modules through tsx's loader thread,
// which costs more than the command itself on a small dataset. This bundles the command with esbuild
// (which tsx already uses) once, keeps the bundle in node_modules/.cache/, and reuses it for as long
// as none of the files that went into it changed (their contents are hashed at every start, so an
// edit is never run stale). Packages from node_modules stay imports. When the bundle cannot be built
// or written, the command runs through tsx as before.
//
// Usage: node scripts/lib/cli/start-bundled.mjs scripts/validate.ts [args...]
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [entryArg, ...args] = process.argv.slice(2);
const entry = resolve(entryArg);
const root = resolve(dirname(new URL(import.meta.url).pathname), '..', '..', '..');
const cacheDir = join(root, 'node_modules', '.cache', 'caucasus-allegiances');
// Named after the checkout as well as the command: node_modules may be shared by several checkouts.
const name = `${relative(root, entry).replace(/[^\w.-]+/g, '_')}-${createHash('sha256').update(root).digest('hex').slice(0, 12)}`;
const recordPath = join(cacheDir, `${name}.json`);

/** A hash of the files that went into a bundle, as they are now; undefined when one is gone. */
function hashOf(inputs) {
  const hash = createHash('sha256').update(process.version);
  try {
    for (const input of inputs) hash.update(input).update('\0').update(readFileSync(join(root, input))).update('\0');
  } catch {
    return undefined;
  }
  return hash.digest('hex');
}

function cachedBundle() {
  try {
    const record = JSON.parse(readFileSync(recordPath, 'utf8'));
    return record.hash === hashOf(record.inputs) ? join(cacheDir, record.entry) : undefined;
  } catch {
    return undefined;
  }
}

async function buildBundle() {
  const { build } = await import('esbuild');
  mkdirSync(cacheDir, { recursive: true });
  // Each build in a folder of its own, named after its inputs' hash, and the record that points to it
  // written last: a command started meanwhile reads either the old bundle or the new one, whole.
  const probe = await build({ ...options(), write: false });
  const inputs = Object.keys(probe.metafile.inputs).sort();
  const hash = hashOf(inputs);
  const folder = `${name}-${hash.slice(0, 16)}`;
  await build({ ...options(), outdir: join(cacheDir, folder) });
  const entryFile = join(folder, basename(entry).replace(/\.[cm]?ts$/, '.js'));
  writeFileSync(`${recordPath}.${process.pid}.tmp`, JSON.stringify({ inputs, hash, entry: entryFile }));
  renameSync(`${recordPath}.${process.pid}.tmp`, recordPath);
  for (const old of readdirSync(cacheDir)) if (old.startsWith(`${name}-`) && old !== folder) rmSync(join(cacheDir, old), { recursive: true, force: true });
  return join(cacheDir, entryFile);
}

/** How the command is bundled: one ES module and a chunk per dynamic import, so what a run never imports it never loads. */
function options() {
  return {
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    splitting: true,
    outdir: cacheDir,
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
      const url = pathToFileURL(args.path).href;
      return {
        contents: source.replaceAll('import.meta.url', JSON.stringify(url)).replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path))),
        loader: args.path.endsWith('s') && !args.path.endsWith('.js') && !args.path.endsWith('.mjs') ? 'ts' : 'js',
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
if (bundle) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(entry).href);
}
