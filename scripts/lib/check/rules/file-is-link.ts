import { defineRule } from '../define-rule.ts';

export default defineRule(
  {
    code: 'file-is-link',
    severity: 'error',
    stages: ['file'],
    title: 'Table file is a symbolic link',
    description:
      'A table must be a plain file in the data directory. A symbolic link can lead anywhere (a file outside the repository, a secret, a device), so it is never followed: the table is not read, and `npm run format` leaves it alone.',
    fix: 'Replace the link with the file itself.',
    messages: { link: '{path} is a symbolic link; a table is read only from a plain file, never through a link, so the {table} table was not read.' },
    hints: { link: 'Replace the link with a copy of the table (in git: commit the file, not a link to it).' },
  },
  (context) => ({
    file(file) {
      if (!file.link) return;
      context.report({ file: file.path, messageId: 'link', data: { path: file.path, table: file.table.name } });
    },
  }),
);
