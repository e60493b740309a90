import type { ArchiveProblem } from '../../text/archive-text.ts';
import { isBlankText } from '../archive.ts';
import { showDifference } from '../finding.ts';
import { defineRule } from '../define-rule.ts';
import { eachArchivedText } from '../archive-rows.ts';
import type { MessageData } from '../rule.ts';
import { describeMisreadings } from '../../text/mojibake.ts';

/** How to save a plain text as UTF-8 in the programs people write archived texts with. */
const SAVE_AS_UTF8 =
  'Notepad: File › Save As, Encoding "UTF-8"; TextEdit: Format › Make Plain Text, then Save with Plain Text Encoding "Unicode (UTF-8)"; Word: Save As › Plain Text, Text encoding "Unicode (UTF-8)"';

export default defineRule(
  {
    code: 'archive-encoding',
    severity: 'error',
    stages: ['row'],
    title: 'Archived text is not UTF-8',
    description:
      'Archived texts (x-archive) are plain text in UTF-8, like the tables. Notepad\'s "Unicode" is UTF-16, its "ANSI" (and Word\'s default plain text) Windows-1252, TextEdit\'s "Western" Mac Roman; a text opened in the wrong character set and saved again is garbled (`â€™` for `’`). Each is told from the bytes of the file. Where it is certain how the text was meant, its quotes are checked against that, and `npm run format -- --fix` converts the file; where it is not, no quote is checked against the text, since what it says cannot be read.',
    fix: 'Run `npm run format -- --fix`, which converts the text where the encoding is certain; otherwise save it again as UTF-8.',
    messages: {
      utf16: '{file} is encoded as {encoding}{withBom}, not UTF-8.',
      utf16Damaged: '{file} is encoded as {encoding}{withBom} and damaged: {damage}, so no quote is checked against it and `--fix` does not convert it.',
      legacy: '{file} is not UTF-8: {bytes} on {lines} (first on line {firstLine}) {are} not; {theyRead} as {encoding}: {readAs}.',
      ambiguous:
        '{file} is not UTF-8: {bytes} on {lines} (first on line {firstLine}) {are} not; {theyRead} as Windows-1252 {windows1252} or as Mac Roman {macRoman}, so no quote is checked against it.',
      stray: '{file} is UTF-8 but for {bytes} that {are} not ({shown}), so no quote is checked against it.',
      garbled: '{file} is garbled: its UTF-8 was {misreadings} and saved again ({lines}, first on line {firstLine}: {garbled} was probably {original}).',
      garbledUncertain:
        '{file} is garbled: its UTF-8 was {misreadings} and saved again ({lines}, first on line {firstLine}: {garbled} was probably {original}), so no quote is checked against it.',
      binary: '{file} is {what}, not a text, so no quote is checked against it.',
    },
    hints: {
      utf16: `Run \`npm run format -- --fix\` to convert it to UTF-8, or save it again as UTF-8 — ${SAVE_AS_UTF8}.`,
      utf16Damaged: `Part of the text may be lost: copy the article's text from its source again and save it as UTF-8 — ${SAVE_AS_UTF8}.`,
      legacy: `Run \`npm run format -- --fix\` to convert it to UTF-8 (it lists the change), or save it again as UTF-8 — ${SAVE_AS_UTF8}.`,
      ambiguous: `Which of the two it is cannot be told from the bytes, so \`--fix\` leaves it: save it again as UTF-8 from the program that wrote it — ${SAVE_AS_UTF8}.`,
      stray: 'The rest is UTF-8, so the text was pasted or typed in another encoding there: retype those characters, and save the file as UTF-8.',
      garbled: 'Run `npm run format -- --fix` to restore it, and open the file as "Unicode (UTF-8)" next time.',
      garbledUncertain: 'The original is not certain, so `npm run format -- --fix` leaves it: copy the text from its source again and save it as UTF-8.',
      binary: `Save the article's text as plain text under this name — ${SAVE_AS_UTF8}.`,
    },
    appliesTo: [{ keyword: 'x-archive' }],
  },
  (context) =>
    eachArchivedText(context, (archived, { file }) => {
      if (!archived?.problem || isBlankText(archived)) return;
      const { messageId, data, line } = described(archived.problem);
      context.report({ file, ...(line !== undefined ? { line } : {}), messageId, data: { file, ...data } });
    }),
);

type Described = {
  messageId: 'utf16' | 'utf16Damaged' | 'legacy' | 'ambiguous' | 'stray' | 'garbled' | 'garbledUncertain' | 'binary';
  data: MessageData;
  line?: number;
};

const count = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

function described(problem: ArchiveProblem): Described {
  switch (problem.kind) {
    case 'utf16':
      return { messageId: 'utf16', data: { encoding: problem.encoding, withBom: problem.bom ? ' (Notepad’s “Unicode”)' : ' without a byte order mark' } };
    case 'utf16-damaged':
      return {
        messageId: 'utf16Damaged',
        line: problem.line,
        data: {
          encoding: problem.encoding,
          withBom: problem.bom ? ' (Notepad’s “Unicode”)' : ' without a byte order mark',
          damage: problem.cutShort
            ? `it ends in the middle of a character (an odd number of bytes: the file was cut short), on line ${problem.line}`
            : `line ${problem.line} has half of a character that takes two UTF-16 units, without the other half`,
        },
      };
    case 'legacy':
    case 'legacy-ambiguous': {
      const where = {
        bytes: count(problem.bytes, 'byte'),
        lines: count(problem.lines, 'line'),
        firstLine: problem.firstLine,
        are: problem.bytes === 1 ? 'is' : 'are',
        theyRead: problem.bytes === 1 ? 'it reads' : 'they read',
      };
      return problem.kind === 'legacy'
        ? { messageId: 'legacy', line: problem.firstLine, data: { ...where, encoding: problem.encoding, readAs: problem.readAs } }
        : { messageId: 'ambiguous', line: problem.firstLine, data: { ...where, windows1252: problem.windows1252, macRoman: problem.macRoman } };
    }
    case 'stray-bytes':
      return {
        messageId: 'stray',
        line: problem.firstLine,
        data: { bytes: count(problem.bytes, 'byte'), are: problem.bytes === 1 ? 'is' : 'are', shown: problem.shown },
      };
    case 'garbled': {
      const [garbled, original] = showDifference(problem.garbled, problem.found.original);
      return {
        messageId: problem.certain ? 'garbled' : 'garbledUncertain',
        line: problem.firstLine,
        data: { misreadings: describeMisreadings(problem.found), lines: count(problem.lines, 'line'), firstLine: problem.firstLine, garbled, original },
      };
    }
    case 'binary':
      return { messageId: 'binary', data: { what: problem.what } };
  }
}
