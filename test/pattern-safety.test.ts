import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachedPatternCheck } from '../scripts/lib/model/cached-pattern-check.ts';
import { subschemas } from '../scripts/lib/model/schema-walk.ts';
import type { JsonSchema } from '../scripts/lib/model/types.ts';
import { REPO } from './helpers/fixtures.ts';
import { callWithin, inputStillRunning } from './helpers/regex-time-limit.ts';

const SCHEMA_CALLS = new URL('./helpers/schema-calls.ts', import.meta.url);
const exponential = (unit: string, tail = '!'): string => `${unit.repeat(40)}${tail}`;
const polynomial = (unit: string, tail = '!'): string => `${unit.repeat(30_000)}${tail}`;

/** Patterns that V8 takes hours (or minutes) on, each with an input that shows it. */
const CATASTROPHIC: readonly (readonly [pattern: string, attack: string])[] = [
  ['^([a-z]+)+$', exponential('a')],
  ['^(a+)+$', exponential('a')],
  ['(a*)*$', exponential('a')],
  ['([a-zA-Z]+)*$', exponential('a')],
  ['(a|a)*$', exponential('a')],
  ['^(a|a)*$', exponential('a')],
  ['^(\\w|\\d)+$', exponential('1')],
  ['^(ab|ab)*$', exponential('ab')],
  ['^(a|b|ab)*c$', exponential('ab')],
  ['(a|aa)+$', exponential('a')],
  ['(\\w+\\s?)+$', exponential('a')],
  ['^(\\w+\\s?)*$', exponential('a')],
  ['^([\\w.-]+)*@', exponential('a')],
  ['^[a-z0-9]+(-?[a-z0-9]+)*$', exponential('a')],
  ['^(\\d+|\\d+\\.\\d+)*$', exponential('1')],
  ['(x+x+)+y', exponential('x')],
  ['^(a+|b)*a+$', exponential('a')],
  ['(.*a){12}$', exponential('a')],
  ['^(([a-z])+.)+[A-Z]([a-z])+$', exponential('a')],
  // Quadratic or worse: minutes on a cell of tens of thousands of characters.
  ['^a*a*$', polynomial('a')],
  ['\\s*\\s*$', polynomial(' ')],
  ['^.*.*=.*$', polynomial('a')],
  ['a+a+a+b', polynomial('a')],
  ['^[a-z]+[a-z0-9]*$x', polynomial('a')],
  ['^(ab|a)*(ab)*c$', polynomial('ab')],
  ['^https?://[^\\s/?#]+[^\\s]*$', `http://${polynomial('a', ' x')}`],
];

/** Patterns a schema may well use, with repetitions that cannot overlap: they must pass. */
const LINEAR = ['^[A-Z]{2}$', '^\\d+$', '^(ab)*$', '^[a-z]+(,[a-z]+)*$', '^[a-z]+( [a-z]+)*$', '^(\\s|\\S)*x$', '^\\d+(\\.\\d+)?$', '^[^,]*(,[^,]*)*$'];

/** Every pattern anywhere in the repository's schemas (not only the ones the model reads). */
function schemaPatterns(): string[] {
  const found: string[] = [];
  const visit = (node: JsonSchema): void => {
    if (typeof node.pattern === 'string') found.push(node.pattern);
    for (const child of subschemas(node, '')) visit(child.node);
  };
  for (const file of readdirSync(join(REPO, 'schemas')).filter((f) => f.endsWith('.json')))
    visit(JSON.parse(readFileSync(join(REPO, 'schemas', file), 'utf8')));
  return found;
}

type Checked = { problem: string | undefined; ms: number }[];

async function check(patterns: readonly string[]): Promise<Checked> {
  // In a worker with a time limit, in case the checker itself ever hangs on a pattern.
  const outcome = await callWithin<Checked>(SCHEMA_CALLS, 'backtrackingProblems', [patterns], 120_000);
  expect(outcome).toHaveProperty('value');
  return (outcome as { value: Checked }).value;
}

describe('catastrophic patterns', () => {
  it('are really catastrophic in V8: none finishes its input within half a second', async () => {
    for (const [pattern, attack] of CATASTROPHIC) expect(await inputStillRunning(new RegExp(pattern, 'u'), [attack], 500), pattern).toBe(attack);
  }, 120_000);

  it('are each refused, with a reason', async () => {
    const results = await check(CATASTROPHIC.map(([pattern]) => pattern));
    results.forEach(({ problem }, i) => expect(problem, CATASTROPHIC[i]![0]).toMatch(/catastrophic backtracking/));
    // Overlapping parts are named where the checker shows them.
    expect(results[CATASTROPHIC.findIndex(([p]) => p.startsWith('^https'))]!.problem).toContain('`[^\\s/?#]` and `[^\\s]` can match the same characters');
    expect(results[0]!.problem).toContain('`([a-z]+)+` can divide the same text among its repetitions in many ways');
  }, 130_000);
});

describe('patterns that are safe', () => {
  it('every pattern in the repository’s schemas passes', async () => {
    const patterns = schemaPatterns();
    expect(patterns.length).toBeGreaterThan(0);
    expect(await check(patterns)).toEqual(patterns.map(() => expect.objectContaining({ problem: undefined })));
  }, 130_000);

  it('linear patterns with repetitions pass', async () => {
    expect(await check(LINEAR)).toEqual(LINEAR.map(() => expect.objectContaining({ problem: undefined })));
  }, 130_000);

  it('a pattern too long to check is refused unread', async () => {
    const [result] = await check([`^${'a'.repeat(1001)}$`]);
    expect(result!.problem).toBe('is longer than 1000 characters, too long to check that it cannot backtrack without end');
  }, 130_000);
});

describe('the command line’s cached check', () => {
  it('gives the same verdicts the second time, and never remembers a refusal', () => {
    const [safe, catastrophic] = ['^[a-z][a-z0-9]*(-[a-z0-9]+)*$', '^([a-z]+)+$'];
    for (let round = 0; round < 2; round++) {
      const check = cachedPatternCheck();
      expect(check(safe!)).toBeUndefined();
      expect(check(catastrophic!)).toMatch(/catastrophic backtracking/);
    }
  });
});
