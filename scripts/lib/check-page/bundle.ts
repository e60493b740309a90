import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const ENTRIES = {
  check: fileURLToPath(new URL('./page.ts', import.meta.url)),
  'check-worker': fileURLToPath(new URL('./worker.ts', import.meta.url)),
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
 * which holds the engine of `npm run validate` and `npm run format`, each bundled for browsers as one ES module.
 */
export async function checkPageScripts(): Promise<Map<string, string>> {
  const result = await build({
    entryPoints: ENTRIES,
    outdir: 'out',
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
    plugins: [withoutSchemaCompiler],
  });
  return new Map(result.outputFiles.map((file) => [file.path.replace(/^.*[\\/]/, ''), file.text]));
}
