import { showDifference } from '../finding.ts';
import { describeMisreadings, restoresExactly, ungarble } from '../../text/mojibake.ts';
import { defineRule } from '../define-rule.ts';

export default defineRule(
  {
    code: 'garbled-text',
    severity: 'error',
    stages: ['cell'],
    title: 'Text garbled by a wrong character set',
    description:
      'A UTF-8 file opened as Windows-1252, Latin-1 or Mac Roman (Excel when the file is double-clicked, LibreOffice with the import dialog left at its default) and saved again turns `’` into `â€™`, `é` into `Ã©` and a Cyrillic name into `Ð...`. The text is found from the characters themselves: re-encoded in the character set it was misread in, it is valid UTF-8 that reads more plausibly. The message shows what it probably was.',
    fix: '`npm run format -- --fix` restores the text where that is certain; open the file with the character set "Unicode (UTF-8)" next time.',
    messages: { garbled: '{garbled} is garbled: its UTF-8 was {misreadings} and saved again. It was probably {original}.' },
    hints: {
      uncertain: 'The original is not certain, so `npm run format -- --fix` leaves it: retype the text from the source.',
      restorable: 'Run `npm run format -- --fix` to restore it, and open the file as "Unicode (UTF-8)" next time.',
    },
  },
  (context) => ({
    cell(underCheck) {
      const { text: cell } = underCheck;
      const found = ungarble(cell);
      if (!found) return;
      const [garbled, original] = showDifference(cell, found.original);
      context.report({
        ...underCheck.at(cell),
        messageId: 'garbled',
        hintId: restoresExactly(cell, found) ? 'restorable' : 'uncertain',
        data: { garbled, misreadings: describeMisreadings(found), original },
      });
    },
  }),
);
