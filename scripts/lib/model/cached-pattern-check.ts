import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as RedosDetector from 'redos-detector';
import { backtrackingProblem, DETECTOR_OPTIONS, type PatternCheck } from './pattern-safety.ts';

/**
 * The backtracking check for the command line, remembering the patterns it found safe.
 *
 * Checking the schemas' patterns takes a tenth of a second or more, and loading the checker as much
 * again, at every start of every command, for patterns that seldom change. A pattern found safe is
 * recorded as an empty file named by the hash of the checker's version, its options and the pattern,
 * in node_modules/.cache/ (where the start-up bundles are); the checker is loaded only for a pattern
 * not recorded. Refusals are never recorded. Without a writable cache, every start checks.
 */
export function cachedPatternCheck(): PatternCheck {
  const require = createRequire(import.meta.url);
  let detect: typeof RedosDetector.isSafePattern | undefined;
  let cache: { folder: string; version: string } | undefined;
  try {
    const manifest = require.resolve('redos-detector/package.json');
    const version = String((JSON.parse(readFileSync(manifest, 'utf8')) as { version: unknown }).version);
    // node_modules/redos-detector/package.json → node_modules/.cache/…
    cache = { folder: join(dirname(dirname(manifest)), '.cache', 'caucasus-allegiances', 'safe-patterns'), version };
  } catch {
    cache = undefined;
  }
  return (pattern) => {
    const record =
      cache &&
      join(
        cache.folder,
        createHash('sha256')
          .update(`${cache.version}\0${JSON.stringify(DETECTOR_OPTIONS)}\0${pattern}`)
          .digest('hex'),
      );
    if (record && existsSync(record)) return undefined;
    detect ??= (require('redos-detector') as typeof RedosDetector).isSafePattern;
    const problem = backtrackingProblem(pattern, detect);
    if (!problem && record) {
      try {
        mkdirSync(cache!.folder, { recursive: true });
        writeFileSync(record, '');
      } catch {
        // Read-only node_modules: check again next time.
      }
    }
    return problem;
  };
}
