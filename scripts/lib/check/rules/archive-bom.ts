import { isBlankText } from '../archive.ts';
import { defineRule } from '../define-rule.ts';
import { eachArchivedText } from '../archive-rows.ts';

export default defineRule(
  {
    code: 'archive-bom',
    severity: 'warning',
    stages: ['row'],
    title: 'Archived text starts with a byte order mark',
    description:
      'Notepad\'s "UTF-8 with BOM" (its default before 2019) starts the file with the invisible character U+FEFF. The text is read the same without it, and quotes are checked, but some tools show it or take it for part of the first word.',
    fix: 'Run `npm run format -- --fix`, which removes it.',
    messages: { bom: '{file} starts with a byte order mark (Notepad’s “UTF-8 with BOM”).' },
    hints: { bom: 'Run `npm run format -- --fix` to remove it, or save the file again with Encoding "UTF-8" rather than "UTF-8 with BOM".' },
    appliesTo: [{ keyword: 'x-archive' }],
  },
  (context) =>
    eachArchivedText(context, (archived, { file }) => {
      if (archived?.bom && !isBlankText(archived)) context.report({ file, messageId: 'bom', data: { file } });
    }),
);
