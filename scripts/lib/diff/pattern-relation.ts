import { DFA, getIntersectionWordSets, JS, NFA, transform, Transformers, type CharSet } from 'refa';

/** How the values a new pattern accepts compare with the old one's, with a value that shows it. */
export type PatternRelation =
  | { readonly kind: 'same' }
  | { readonly kind: 'widened'; readonly gained: string }
  | { readonly kind: 'narrowed'; readonly lost: string }
  | { readonly kind: 'both'; readonly gained: string; readonly lost: string }
  /** Not decidable here: lookarounds, backreferences, anchors inside, or too large to compare. */
  | { readonly kind: 'unknown' };

/** States an automaton may have before the comparison gives up (a hostile pattern must not hang the diff). */
const MAX_NODES = 20_000;

/**
 * Compares the languages of two JSON Schema patterns (matched anywhere in the value, as JSON Schema
 * says, so `^…$` anchors the whole cell), with refa: each becomes a minimal DFA, and a word accepted
 * by one and not the other is looked for both ways.
 */
export function patternRelation(before: string, after: string): PatternRelation {
  try {
    const old = dfaOf(before);
    const now = dfaOf(after);
    const gained = example(now, complementOf(old));
    const lost = example(old, complementOf(now));
    if (gained === undefined && lost === undefined) return { kind: 'same' };
    if (lost === undefined) return { kind: 'widened', gained: gained! };
    if (gained === undefined) return { kind: 'narrowed', lost };
    return { kind: 'both', gained, lost };
  } catch {
    return { kind: 'unknown' };
  }
}

function dfaOf(pattern: string): DFA {
  // `[^]*` on both sides gives the language of a search; anchors at the edges then fall away.
  const { expression, maxCharacter } = JS.Parser.fromLiteral({ source: `[^]*(?:${pattern})[^]*`, flags: 'u' }).parse({ backreferences: 'throw' });
  const simplified = transform(Transformers.simplify({ ignoreAmbiguity: true, ignoreOrder: true }), expression);
  const edgeless = transform(Transformers.patternEdgeAssertions({ remove: true }), simplified);
  const nfa = NFA.fromRegex(edgeless, { maxCharacter }, { assertions: 'throw' }, new NFA.LimitedNodeFactory(MAX_NODES));
  const dfa = DFA.fromFA(nfa, new DFA.LimitedNodeFactory(MAX_NODES));
  dfa.minimize();
  return dfa;
}

function complementOf(dfa: DFA): DFA {
  const copy = dfa.copy(new DFA.LimitedNodeFactory(MAX_NODES));
  copy.complement(new DFA.LimitedNodeFactory(MAX_NODES));
  return copy;
}

/** The shortest value in both, spelt with the most readable character each position allows; undefined when there is none. */
function example(left: DFA, right: DFA): string | undefined {
  for (const word of getIntersectionWordSets(left, right, MAX_NODES)) return word.map(readableCharacter).join('');
  return undefined;
}

/** A letter, digit or punctuation mark where the set has one, so that the example reads as a value. */
function readableCharacter(set: CharSet): string {
  for (const preferred of ['a', 'A', '0', '-', ' ', '.', '_', '!']) if (set.has(preferred.codePointAt(0)!)) return preferred;
  for (const { min, max } of set.ranges) {
    if (max >= 0x21 && min <= 0x7e) return String.fromCodePoint(Math.max(min, 0x21));
    if (max >= 0xa1) return String.fromCodePoint(Math.max(min, 0xa1));
  }
  return String.fromCodePoint(set.ranges[0]!.min);
}
