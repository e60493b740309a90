import { archiveFolder } from '../archive.ts';
import { defineRule } from '../define-rule.ts';
import { eachArchivedText } from '../archive-rows.ts';

export default defineRule(
  {
    code: 'archive-misnamed',
    severity: 'error',
    stages: ['row'],
    title: 'Archived text saved under another name',
    description:
      "An archived text is read only under exactly the name its schema gives it (x-archive: data/archive/<id>.txt, the source's id and `.txt`, in lowercase). A file beside it whose name is a near miss is not read, on any system: the ending in capitals (`.TXT`) or twice (`.txt.txt`: Windows hides the `.txt` a file already has, so one typed in the name is added again), a second download's or a copy's ` (1)` or ` - Copy`, capitals, `_` or spaces in the id. The validator, the pull request's check and the check page take the same names.",
    fix: 'Rename the file to the name the message gives.',
    messages: {
      misnamed: '{file} is not read as the archived text of the {table} row `{id}`: that must be named exactly {expected}.',
      copy: '{file} is not read: the archived text of the {table} row `{id}` is {expected}, and this one is named like a copy of it.',
    },
    hints: {
      misnamed: 'Rename it to {name}{why}.',
      caseOnly:
        'Rename it to {name}{why}. In a clone, rename it with `git mv {file} {expected}`: on a disk that does not tell capitals apart (Windows, macOS), git does not see a rename in Explorer or Finder that changes only capitals.',
      copy: 'If it is the newer text, rename it to {name} in place of the old one; otherwise delete it.',
    },
    appliesTo: [{ keyword: 'x-archive' }],
  },
  (context) =>
    eachArchivedText(context, (archived, { table, id, template, file: expected }) => {
      const { prefix, suffix } = archiveFolder(template);
      const name = `${prefix}${id}${suffix}`;
      for (const file of context.archive.nearMisses(template, id)) {
        const found = file.slice(file.lastIndexOf('/') + 1);
        const data = { file, table, id, expected, name, why: why(found, name) };
        // A copy only beside the text it copies; any other near miss is told the same whether or not that text is there (the check page always has it).
        if (archived !== undefined && COPY.test(found)) context.report({ file, messageId: 'copy', data });
        else context.report({ file, messageId: 'misnamed', hintId: found.toLowerCase() === name.toLowerCase() ? 'caseOnly' : 'misnamed', data });
      }
    }),
);

/** What a second download (` (1)`) or a copy (` - Copy`, ` copy`) adds to a name. */
const COPY = /\(\d+\)|copy/i;

/** Why a name went wrong, as the person can tell from it. */
function why(found: string, wanted: string): string {
  const ending = wanted.slice(wanted.lastIndexOf('.'));
  if (found.toLowerCase().endsWith(`${ending}${ending}`.toLowerCase()))
    return ` (Windows hides the \`${ending}\` a file already has: type the name without it)`;
  if (COPY.test(found)) return ' (a second download or a copy of a file gets ` (1)` or ` - Copy` added to its name)';
  if (found.toLowerCase() !== wanted) return '';
  const told = ': GitHub and the pull request’s check tell capitals apart, even where your computer does not';
  return found.endsWith(ending) ? ` (ids are written in lowercase${told})` : ` (the ending is \`${ending}\`, in lowercase${told})`;
}
