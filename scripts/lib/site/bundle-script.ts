import { build } from 'esbuild';

/**
 * One page script for browsers, bundled with its imports into a single classic script (no module
 * loading, so the page also works opened from disk) and minified.
 */
export async function bundleForBrowser(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}
