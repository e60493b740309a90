import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
};

/**
 * A plain static file server on localhost for a folder, as GitHub Pages would serve it; `extra` adds pages outside the folder,
 * and `under` serves the folder below a sub-path (`/project`), as Pages serves a project's site. `base` includes `under`.
 */
export async function serveFolder(folder: string, extra: Record<string, string> = {}, under = ''): Promise<{ base: string; server: Server }> {
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    if (extra[pathname] !== undefined) return void response.writeHead(200, { 'content-type': TYPES['.html'] }).end(extra[pathname]);
    if (!pathname.startsWith(`${under}/`)) return void response.writeHead(404).end('not found');
    const path = normalize(join(folder, pathname.slice(under.length)));
    const file = path.endsWith('/') ? join(path, 'index.html') : path;
    if (!file.startsWith(folder) || !existsSync(file) || !statSync(file).isFile()) return void response.writeHead(404).end('not found');
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}${under}`, server };
}

/** Debian's Chromium, headless, with nothing of its own going to the network. */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
