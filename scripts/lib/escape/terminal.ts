import { visible } from './visible.ts';

/**
 * The terminal channel: what the commands print for a person at a terminal, or into a CI log that
 * interprets terminal escapes. A value from the data or a file name goes in through `text`, so no escape
 * sequence, carriage return or line break of its own reaches the screen; the report's own colours
 * are added around it afterwards.
 */

/** A value as one line of terminal text: every control character in its visible form (`↵`, `␛`…). */
export const text = (value: string): string => visible(value);

/**
 * The last check before bytes reach stdout or stderr, for whatever a command prints: every control
 * character becomes visible except a line feed, the colours `node:util`'s styleText writes (SGR,
 * `ESC [ … m`) and the progress line's "return and clear the line" (`CR ESC [2K`). Values are
 * escaped where they are put into the output (`text`); this catches one that was not, such as a
 * path inside an error message from Node.
 */
export function guard(output: string): string {
  return UNSAFE.test(output) ? output.replace(OURS_OR_UNSAFE, (match, ours: string | undefined) => ours ?? visible(match)) : output;
}

const CONTROLS_BUT_LF = '\\u0000-\\u0009\\u000B-\\u001F\\u007F-\\u009F\\u061C\\u200E\\u200F\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069';
const UNSAFE = new RegExp(`[${CONTROLS_BUT_LF}]`);
const OURS_OR_UNSAFE = new RegExp(`(\\u001B\\[[0-9;]*m|\\r?\\u001B\\[2K)|[${CONTROLS_BUT_LF}]`, 'g');
