import { show } from '../finding.ts';
import { defineRule } from '../define-rule.ts';

/**
 * Characters that cannot be seen or that reorder what is seen: C0 controls other than tab and line
 * feed, DEL, C1 controls, zero-width characters, and the bidirectional overrides and isolates used in
 * "Trojan Source" attacks to make text read differently from what it is.
 */
export const HIDDEN = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/u;

export function describeCharacter(char: string): string {
  const code = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  if (char === '\u0000') return `${code} (NUL)`;
  if (/[\u202A-\u202E\u2066-\u2069]/.test(char)) return `${code} (a bidirectional control, which reorders how text is displayed)`;
  if (/[\u200B-\u200D\u2060\uFEFF]/.test(char)) return `${code} (a zero-width character)`;
  if (/[\u200E\u200F]/.test(char)) return `${code} (a direction mark)`;
  return `${code} (a control character)`;
}

export default defineRule(
  {
    code: 'hidden-characters',
    severity: 'error',
    stages: ['cell'],
    title: 'Invisible or control characters in a cell',
    description:
      'Control characters (NUL and others), zero-width characters and bidirectional overrides cannot be seen in a spreadsheet but change what a value is or how it is displayed: two ids that look the same differ, or a name reads differently from its bytes.',
    fix: 'Retype the value; delete the character the message names.',
    messages: { hidden: '{value} has {character} at character {position}.' },
    hints: { hidden: 'Retype the value without it; it cannot be seen in a spreadsheet.' },
  },
  (context) => ({
    cell(underCheck) {
      const { text: cell } = underCheck;
      const match = cell.match(HIDDEN);
      if (!match) return;
      const position = [...cell.slice(0, match.index)].length + 1;
      context.report({
        ...underCheck.at(cell),
        messageId: 'hidden',
        data: { value: show(cell.replace(new RegExp(HIDDEN.source, 'gu'), '�')), character: describeCharacter(match[0]), position },
      });
    },
  }),
);
