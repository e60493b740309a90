import { defineRule } from '../define-rule.ts';
import { valueOf } from '../model-helpers.ts';

export default defineRule(
  {
    code: 'archive-missing',
    severity: 'error',
    stages: ['row'],
    title: 'Source has no archived text',
    description:
      'The text of every source is kept in the data directory (x-archive, e.g. data/archive/<id>.txt) so that quotes can be checked and the source survives if its web page goes away. A text saved under a near miss of that name (`src-b.TXT`, `src-b.txt.txt`, `src-b (1).txt`) is `archive-misnamed` instead.',
    fix: "Save the article's text as UTF-8 plain text at the path the message names.",
    messages: { noArchive: 'There is no archived text for {table} `{id}`: {path} is missing or unreadable.' },
    hints: { noArchive: 'Save the full text of the source as {path} (UTF-8 plain text).' },
    appliesTo: [{ keyword: 'x-archive' }],
  },
  (context) => ({
    row(row) {
      const { table } = row.file;
      const id = valueOf(row.record, table.primaryKey);
      if (!table.archive || id === undefined || context.archive.read(table.archive, id) !== undefined) return;
      // Saved under another name: archive-misnamed names the file and the rename.
      if (context.archive.nearMisses(table.archive, id).length > 0) return;
      const path = context.archive.pathOf(table.archive, id);
      context.report({
        ...row.at(table.primaryKey),
        messageId: 'noArchive',
        data: { table: table.name, id, path },
      });
    },
  }),
);
