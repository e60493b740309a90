import type { Location } from '../finding.ts';
import { show } from '../finding.ts';
import { detach } from '../../text/detach.ts';
import { defineRule } from './define.ts';
import { fileOf, valueOf, valuesOf } from './model-helpers.ts';

const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;

/** Folds case, accents, spacing and punctuation, so `Al-Shishani` and `al Shishani` compare equal. */
export function nameKey(name: string): string {
  // Plain ASCII has no accents to fold and needs no Unicode-aware pass.
  if (PRINTABLE_ASCII.test(name)) return name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

export default defineRule(
  {
    code: 'possible-duplicate',
    severity: 'warning',
    stage: 'dataset',
    title: 'Two entities share a name or alias',
    description:
      'Names and aliases (x-nameKey) of different rows that are equal once case, accents, spaces and punctuation are ignored probably describe one entity entered twice.',
    fix: 'If they are the same, merge them into one row and keep every spelling as an alias; if not, tell them apart in the name.',
    appliesTo: 'x-nameKey',
  },
  (context) => {
    const owners = new Map<string, { id: string; file: string; row: number; name: string }>();
    return {
      row(row) {
        const { table } = row.file;
        const id = valueOf(row.record, table.primaryKey);
        if (id === undefined) return;
        for (const column of table.columns) {
          if (!column.nameKey) continue;
          for (const name of valuesOf(row.record, column.name)) {
            const folded = nameKey(name);
            if (folded === '') continue;
            const key = `${table.idNamespace}\u0000${folded}`;
            const owner = owners.get(key);
            if (!owner) {
              owners.set(key, { id: detach(id), file: fileOf(context.model, table.name), row: row.raw.row, name: detach(name) });
              continue;
            }
            if (owner.id === id) continue;
            const location: Location = row.at(column.name, name);
            context.report({
              ...location,
              message: `${show(name)} of \`${id}\` matches ${show(owner.name)} of \`${owner.id}\` (${owner.file} row ${owner.row}).`,
              hint: 'If both rows are the same entity, merge them and keep each spelling in aliases; otherwise make the names distinguishable.',
            });
          }
        }
      },
    };
  },
);
