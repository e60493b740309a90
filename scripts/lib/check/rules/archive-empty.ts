import { isBlankText } from '../archive.ts';
import { defineRule } from '../define-rule.ts';
import { eachArchivedText } from '../archive-rows.ts';

export default defineRule(
  {
    code: 'archive-empty',
    severity: 'error',
    stages: ['row'],
    title: 'Archived text is empty',
    description:
      'An archived text (x-archive) holds the article the rows quote. A file of no bytes, or of nothing but a byte order mark or blank lines (a new file created and saved before the text was pasted in), holds none: it is reported once, and no quote is checked against it, since every quote would be missing from it.',
    fix: "Paste the article's text into the file and save it as UTF-8.",
    messages: { empty: '{file} is empty: it holds no text{what}, so no quote is checked against it.' },
    hints: {
      empty:
        'Paste the article’s text into it (copied from the source’s page) and save it as UTF-8 — Notepad: File › Save As, Encoding "UTF-8"; TextEdit: Format › Make Plain Text, then Save with Plain Text Encoding "Unicode (UTF-8)".',
    },
    appliesTo: [{ keyword: 'x-archive' }],
  },
  (context) =>
    eachArchivedText(context, (archived, { file }) => {
      if (!archived || !isBlankText(archived)) return;
      const what = archived.text === '' ? (archived.bom || archived.problem ? ' (only a byte order mark)' : ' (0 bytes)') : ' (only blank lines)';
      context.report({ file, messageId: 'empty', data: { file, what } });
    }),
);
