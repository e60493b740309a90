import { execFileSync } from 'node:child_process';

/** Git plumbing the diff and release commands need; every call is read-only. */
export interface Git {
  /** The bytes of `path` at `ref`, or undefined when the file or the ref does not exist. */
  show(ref: string, path: string): Uint8Array | undefined;
  /** The full commit id `ref` names, or undefined. */
  resolve(ref: string): string | undefined;
  /** The files below `folder` at `ref`, as paths relative to the repository; none when it does not exist. */
  list(ref: string, folder: string): string[];
  /** Whether `paths` differ from HEAD in the working tree (untracked files count). */
  dirty(paths: readonly string[]): boolean;
  /** Commit date of HEAD as YYYY-MM-DD, or undefined outside a repository. */
  headDate(): string | undefined;
  /** Stages `paths` and commits them; false when git refuses (no identity, nothing to commit…). */
  commit(paths: readonly string[], message: string): boolean;
}

export function gitIn(cwd: string): Git {
  const run = (args: string[]): Buffer | undefined => {
    try {
      return execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 30 });
    } catch {
      return undefined;
    }
  };
  return {
    show: (ref, path) => run(['show', `${ref}:${path}`]),
    list: (ref, folder) => (run(['ls-tree', '-r', '--name-only', ref, '--', `${folder}/`])?.toString() ?? '').split('\n').filter((line) => line !== ''),
    resolve: (ref) =>
      run(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])
        ?.toString()
        .trim() || undefined,
    dirty: (paths) =>
      (run(['status', '--porcelain', '--', ...paths])
        ?.toString()
        .trim() ?? '') !== '',
    headDate: () => run(['log', '-1', '--format=%cs'])?.toString().trim() || undefined,
    commit: (paths, message) => run(['add', '--', ...paths]) !== undefined && run(['commit', '-q', '-m', message, '--', ...paths]) !== undefined,
  };
}
