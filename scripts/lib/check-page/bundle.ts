import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const ENTRY = fileURLToPath(new URL('./page.ts', import.meta.url));

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

/** The check page's script: the engine of `npm run validate` and `npm run format`, bundled for browsers as one ES module. */
export async function checkPageScript(): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
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
  return result.outputFiles[0]!.text;
}
