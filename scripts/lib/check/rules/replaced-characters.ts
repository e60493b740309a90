import { show } from '../finding.ts';
import { defineRule, perTable } from '../define-rule.ts';

/** `?` or `_` inside a word, or a run of them: what a legacy-encoding save leaves for characters it cannot write. */
export const REPLACED = /\p{L}[?_]+\p{L}|\p{L}[?_]{2,}|[?_]{2,}\p{L}|^[?_]{2,}$|(?:^|\s)[?_]\p{L}/u;
const NON_ASCII_LETTER = /[^\p{ASCII}]/u;

export default defineRule(
  {
    code: 'replaced-characters',
    severity: 'warning',
    stages: ['row'],
    title: 'Characters probably replaced by ? or _',
    description:
      'Saving as plain "CSV" in Excel writes Windows-1252 or Mac Roman, and replaces every character those cannot hold (Cyrillic, Arabic, many Latin letters) with `?` or `_`. The warning fires for names with `?` or `_` inside a word when other names of the same row use such characters, or when a run of them stands in for a whole word.',
    fix: 'Retype the name from the source, and save as "CSV UTF-8" next time.',
    messages: { replaced: '{value} has {replaced} where letters probably were: a save in a legacy encoding replaced characters it could not write.' },
    hints: { replaced: 'Retype the name from the source (see the row\'s other names), and save as "CSV UTF-8" next time.' },
    appliesTo: [{ keyword: 'x-nameKey' }],
  },
  (context) => {
    const nameColumnsOf = perTable((table) => table.columns.filter((column) => column.nameKey));
    return {
      row(row) {
        const nameColumns = nameColumnsOf(row.file.table);
        if (nameColumns.length === 0) return;
        // Cheap test first: most rows have no ? or _ in any name.
        let suspect = false;
        for (const column of nameColumns) {
          const cell = row.record[column.name];
          const text = typeof cell === 'string' ? cell : cell?.join('|');
          if (text !== undefined && (text.includes('?') || text.includes('_'))) suspect = true;
        }
        if (!suspect) return;
        const names = row.filled.filter(({ column }) => column.nameKey);
        const items = names.flatMap(({ column, cell }) => (column.list ? cell.split('|') : [cell]).map((value) => ({ column, value })));
        const rowHasNonAscii = items.some(({ value }) => NON_ASCII_LETTER.test(value));
        for (const { column, value } of items) {
          const match = value.match(REPLACED);
          if (!match) continue;
          const run = /[?_]{2,}/.test(value);
          if (!run && !rowHasNonAscii) continue;
          context.report({
            ...row.at(column.name, value),
            messageId: 'replaced',
            data: { value: show(value), replaced: show(match[0].replace(/\p{L}/gu, '').trim()) },
          });
        }
      },
    };
  },
);
