// Functions that tests call in a worker with a time limit (callWithin in regex-time-limit.ts): what
// they return survives structured cloning.
import { isSafePattern } from 'redos-detector';
import { validateCommand } from '../../scripts/lib/cli/validate-command.ts';
import { compileColumnValidators } from '../../scripts/lib/model/compile-validators.ts';
import { loadModel, SchemaError } from '../../scripts/lib/model/load-model.ts';
import { backtrackingProblem } from '../../scripts/lib/model/pattern-safety.ts';

/** The reason each pattern is refused (undefined for a pattern found safe), and how long each check took. */
export function backtrackingProblems(patterns: readonly string[]): { problem: string | undefined; ms: number }[] {
  return patterns.map((pattern) => {
    const start = performance.now();
    const problem = backtrackingProblem(pattern, isSafePattern);
    return { problem, ms: performance.now() - start };
  });
}

/** What loading the schemas in `dir` and compiling their validators says: the SchemaError's message and place, or `loaded`. */
export function schemaErrorOf(dir: string): { message: string; file?: string; pointer?: string } | 'loaded' {
  try {
    compileColumnValidators(loadModel(dir));
    return 'loaded';
  } catch (error) {
    if (!(error instanceof SchemaError)) throw error;
    return { message: error.message, ...(error.file ? { file: error.file } : {}), ...(error.pointer !== undefined ? { pointer: error.pointer } : {}) };
  }
}

/** `npm run validate -- --schemas DIR --data DIR`, output captured. */
export async function validateWith(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await validateCommand(args, {
    cwd,
    env: {},
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    stdoutIsTTY: false,
    appendFile: () => {},
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}
