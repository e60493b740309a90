import type { isSafePattern, RedosDetectorTrail } from 'redos-detector';

/**
 * Why a schema pattern cannot be used, or undefined when it can. Patterns are matched by a
 * backtracking engine (V8's, in ajv and the rules); one that can match the same text in many ways
 * takes hours on a long cell that almost matches, so it is refused before any cell is read.
 */
export type PatternCheck = (pattern: string) => string | undefined;

/**
 * For schemas that a command of this project already built a model from, with the full check: the
 * site's published schemas, which the check page receives from the site itself. Spares the page the
 * checker's code and time; syntax is still checked.
 */
export const ALREADY_CHECKED: PatternCheck = () => undefined;

/** Longer patterns are refused unread: a column's pattern is a short rule, and checking costs grow with length. */
export const MAX_PATTERN_LENGTH = 1000;

/**
 * How hard redos-detector looks. A pattern it cannot prove safe within these limits is refused: a
 * pattern that simple would pass is seldom that complex, and a refused one can be rewritten, while
 * one that hangs stops every check of every pull request. The step limit decides in all but
 * pathological cases; the time limit only bounds those (and keeps a refusal under a second).
 */
export const DETECTOR_OPTIONS = { unicode: true, maxSteps: 1000, timeout: 500 } as const;

/** Whether the pattern compiles as ajv compiles it (Unicode mode); the engine's message when not. */
export function syntaxProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'u');
    return undefined;
  } catch (error) {
    return `is not a valid regular expression (${(error as Error).message.replace(/^Invalid regular expression: /, '')})`;
  }
}

/** The catastrophic-backtracking check, with redos-detector's `isSafePattern` (passed in so that it is loaded only when needed). */
export function backtrackingProblem(pattern: string, detect: typeof isSafePattern): string | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) return `is longer than ${MAX_PATTERN_LENGTH} characters, too long to check that it cannot backtrack without end`;
  let result: ReturnType<typeof isSafePattern>;
  try {
    result = detect(pattern, DETECTOR_OPTIONS);
  } catch (error) {
    return `cannot be checked for catastrophic backtracking (${(error as Error).message.split('\n')[0]}); write it without that construct`;
  }
  if (result.safe) return undefined;
  if (result.trails.length === 0)
    return 'is too complex to be shown safe from catastrophic backtracking (the check gave up); simplify it, e.g. fewer nested or alternative repetitions';
  const cause = ambiguity(result.trails);
  return `can take hours on a long cell that almost matches (catastrophic backtracking: ${cause}); rewrite it so that each character can be matched in only one way`;
}

/** Where a pattern can match the same text two ways, from the first pair of paths redos-detector found. */
function ambiguity(trails: readonly RedosDetectorTrail[]): string {
  const steps = trails[0]?.trail ?? [];
  const split = steps.find((step) => step.a.node.start.offset !== step.b.node.start.offset);
  if (split) return `\`${split.a.node.source}\` and \`${split.b.node.source}\` can match the same characters`;
  // Same parts on both paths, in different repetitions: name the outermost repetition that differs.
  for (const step of steps) {
    const repetition = step.a.quantifierIterations.find((q, i) => q.iteration !== step.b.quantifierIterations[i]?.iteration);
    if (repetition) return `\`${repetition.node.source}\` can divide the same text among its repetitions in many ways`;
  }
  return 'parts of it can match the same text in more than one way';
}
