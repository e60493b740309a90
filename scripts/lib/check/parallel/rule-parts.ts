import { RULES } from '../rules/index.ts';
import type { Rule } from '../rule.ts';
import type { EngineWork } from '../validate-dataset.ts';

/** `keys`: the rules that read primary keys and references; `rest`: all the others, which need the schema checks. */
export type RulePart = 'keys' | 'rest';

/** The built-in rules of one part, and the engine work they need. Every rule is in exactly one part. */
export function rulePart(part: RulePart): { readonly rules: readonly Rule[]; readonly work: EngineWork } {
  return {
    rules: RULES.filter((rule) => (rule.meta.usesKeys === true) === (part === 'keys')),
    work: part === 'keys' ? { keys: true, schema: false } : { keys: false, schema: true },
  };
}
