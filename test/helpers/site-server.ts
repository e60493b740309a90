import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandIO } from '../../scripts/lib/cli/io.ts';
import { siteCommand } from '../../scripts/lib/cli/site-command.ts';
import { CHROMIUM } from '../../scripts/lib/bench/static-server.ts';
import { REPO } from './fixtures.ts';

export { launchChromium, serveFolder } from '../../scripts/lib/bench/static-server.ts';
export const hasChromium = existsSync(CHROMIUM);

/** `npm run site` in a clone-like folder holding the repository's schemas and the data of `dataDir`; returns the site folder. */
export async function buildSiteOf(dataDir: string): Promise<string> {
  const repo = mkdtempSync(join(tmpdir(), 'site-'));
  cpSync(join(REPO, 'schemas'), join(repo, 'schemas'), { recursive: true });
  cpSync(dataDir, join(repo, 'data'), { recursive: true });
  const out = join(repo, 'site');
  const errors: string[] = [];
  const io: CommandIO = { cwd: repo, env: {}, stdout: () => {}, stderr: (t) => void errors.push(t), stdoutIsTTY: false, appendFile: () => {} };
  const code = await siteCommand(['--out', out], io);
  if (code !== 0) throw new Error(`npm run site failed (${code}): ${errors.join('')}`);
  return out;
}
