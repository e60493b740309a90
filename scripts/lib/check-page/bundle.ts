import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const ENTRIES = {
  check: fileURLToPath(new URL('./page.ts', import.meta.url)),
  'check-worker': fileURLToPath(new URL('./worker.ts', import.meta.url)),
  'check-workbook': fileURLToPath(new URL('./workbook-worker.ts', import.meta.url)),
};

/**
 * In the browser the schemas' validators are the code `npm run generate` wrote, never compiled at run
 * time (which needs eval, refused by the page's Content-Security-Policy): the compiler is left out.
 */
const withoutSchemaCompiler: Plugin = {
  name: 'without-schema-compiler',
  setup(plugin) {
    plugin.onResolve({ filter: /[\\/]compile-validators\.ts$/ }, () => ({ path: 'compile-validators', namespace: 'refused' }));
    plugin.onLoad({ filter: /.*/, namespace: 'refused' }, () => ({
      contents: `export function compileColumnValidators() { throw new Error('the schemas differ from generated/column-validators.ts: run npm run generate and build the site again'); }`,
      loader: 'js',
    }));
  },
};

/**
 * The check page's scripts by file name: the page's (check.js) and its worker's (check-worker.js),
 * which holds the engine of `npm run validate` and `npm run format`, and the workbook worker's
 * (check-workbook.js), which holds that of `npm run import` and is fetched only when a workbook is
 * chosen, each bundled for browsers as one file. The page's is a classic script, which a browser runs even from a page opened from disk (a
 * module it refuses there), so that the page can say it must be served; the worker's is a module.
 */
export async function checkPageScripts(): Promise<Map<string, string>> {
  const scripts = new Map<string, string>();
  for (const [name, format] of [
    ['check', 'iife'],
    ['check-worker', 'esm'],
    ['check-workbook', 'esm'],
  ] as const) {
    const result = await build({
      entryPoints: { [name]: ENTRIES[name] },
      outdir: 'out',
      bundle: true,
      platform: 'browser',
      format,
      target: 'es2022',
      minify: true,
      write: false,
      legalComments: 'none',
      logLevel: 'silent',
      plugins: [withoutSchemaCompiler],
    });
    for (const file of result.outputFiles) scripts.set(file.path.replace(/^.*[\\/]/, ''), file.text);
  }
  return scripts;
}
