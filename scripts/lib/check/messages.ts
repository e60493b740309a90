import { visible } from '../escape/visible.ts';
import type { Finding } from './finding.ts';
import type { MessageData, ReportedFinding, RuleMeta } from './rule.ts';

const PLACEHOLDER = /\{(\w+)\}/g;

/** The names of a template's placeholders, in order: `{value} is before {start}` → value, start. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1]!);
}

/**
 * A template with each `{name}` replaced by `data.name`, in one pass (a value that holds braces is left
 * as it is); an unknown name stays visible. Every value is put in its visible form (`↵` for a line
 * break), whatever the rule passed, so no message holds a line break or a control character.
 */
export function fillTemplate(template: string, data: MessageData = {}): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => (Object.hasOwn(data, name) ? visible(String(data[name])) : whole));
}

/** The finding's text from the rule's templates: the message of `messageId`, and the hint of `hintId` (or of `messageId`, when the rule has one). */
export function writeFinding(meta: RuleMeta, reported: ReportedFinding): Omit<Finding, 'code' | 'severity'> {
  const { messageId, hintId, data, ...location } = reported;
  const message = meta.messages[messageId];
  if (message === undefined) throw new Error(`rule ${meta.code} has no message ${messageId}`);
  const hint = meta.hints?.[hintId ?? messageId];
  if (hintId !== undefined && hint === undefined) throw new Error(`rule ${meta.code} has no hint ${hintId}`);
  // A hint that comes out empty (a column with nothing to suggest) is no hint.
  const hintText = hint === undefined ? '' : fillTemplate(hint, data);
  return { ...location, message: fillTemplate(message, data), ...(hintText !== '' ? { hint: hintText } : {}) };
}
