import type { ArchivedText } from './archive.ts';
import { valueOf } from './model-helpers.ts';
import type { RuleContext, RuleHooks } from './rule.ts';

/** Where an archived text belongs: the row's table and id, the table's x-archive template, and the path shown to users. */
export interface ArchiveOfRow {
  readonly table: string;
  readonly id: string;
  readonly template: string;
  readonly file: string;
}

/**
 * Hooks that give each archived text of the tables with x-archive to `visit` once (a second row with
 * the same id adds nothing), as the archive reader read it: undefined when there is no such file.
 */
export function eachArchivedText(context: RuleContext, visit: (archived: ArchivedText | undefined, at: ArchiveOfRow) => void): RuleHooks {
  const seen = new Set<string>();
  return {
    row(row) {
      const { table } = row.file;
      const id = valueOf(row.record, table.primaryKey);
      if (!table.archive || id === undefined) return;
      const file = context.archive.pathOf(table.archive, id);
      if (seen.has(file)) return;
      seen.add(file);
      visit(context.archive.read(table.archive, id), { table: table.name, id, template: table.archive, file });
    },
  };
}
