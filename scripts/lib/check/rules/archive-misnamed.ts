import { archiveFolder } from '../archive.ts';
import { defineRule } from '../define-rule.ts';
import { eachArchivedText } from '../archive-rows.ts';

export default defineRule(
  {
    code: 'archive-misnamed',
    severity: 'error',
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
      copy: 'If it is the newer text, rename it to {name} in place of the old one; otherwise delete it.',
    },
    appliesTo: [{ keyword: 'x-archive' }],
  },
  (context) =>
    eachArchivedText(context, (archived, { table, id, template, file: expected }) => {
      const { prefix, suffix } = archiveFolder(template);
      const name = `${prefix}${id}${suffix}`;
      for (const file of context.archive.nearMisses(template, id)) {
        context.report({
          file,
          messageId: archived !== undefined ? 'copy' : 'misnamed',
          data: { file, table, id, expected, name, why: why(file.slice(file.lastIndexOf('/') + 1), name) },
        });
      }
    }),
);

/** Why a name went wrong, as the person can tell from it. */
function why(found: string, wanted: string): string {
  const ending = wanted.slice(wanted.lastIndexOf('.'));
  if (found.toLowerCase().endsWith(`${ending}${ending}`.toLowerCase()))
    return ` (Windows hides the \`${ending}\` a file already has: type the name without it)`;
  if (/\(\d+\)|copy/i.test(found)) return ' (a second download or a copy of a file gets ` (1)` or ` - Copy` added to its name)';
  if (found.toLowerCase() !== wanted) return '';
  const told = ': GitHub and the pull request’s check tell capitals apart, even where your computer does not';
  return found.endsWith(ending) ? ` (ids are written in lowercase${told})` : ` (the ending is \`${ending}\`, in lowercase${told})`;
}
