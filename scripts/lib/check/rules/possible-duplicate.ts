import type { Location } from '../finding.ts';
import { show } from '../finding.ts';
import { StringList } from '../../text/string-list.ts';
import { CompactTextMap } from '../../text/compact-text-map.ts';
import { defineRule, perTable } from '../define-rule.ts';
import { fileOf, valueOf, valuesOf } from '../model-helpers.ts';

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
    stages: ['row'],
    title: 'Two entities share a name or alias',
    description:
      'Names and aliases (x-nameKey) of different rows that are equal once case, accents, spaces and punctuation are ignored probably describe one entity entered twice.',
    fix: 'If they are the same, merge them into one row and keep every spelling as an alias; if not, tell them apart in the name.',
    messages: { sameName: '{name} of `{id}` matches {first} of `{firstId}` ({file} row {row}).' },
    hints: { sameName: 'If both rows are the same entity, merge them and keep each spelling in aliases; otherwise make the names distinguishable.' },
    appliesTo: [{ keyword: 'x-nameKey' }],
  },
  (context) => {
    /** Per id namespace, each folded name to its first spelling; spellings and entities in parallel arrays, kept small as there may be millions. */
    const owners = new Map<string, CompactTextMap>();
    const spellings = { names: new StringList(), entities: [] as number[] };
    const entities = { ids: new StringList(), files: [] as string[], rows: [] as number[] };
    const nameColumns = perTable((table) => table.columns.filter((column) => column.nameKey));
    return {
      row(row) {
        const { table } = row.file;
        const columns = nameColumns(table);
        const id = columns.length > 0 ? valueOf(row.record, table.primaryKey) : undefined;
        if (id === undefined) return;
        let namespace = owners.get(table.idNamespace);
        if (!namespace) owners.set(table.idNamespace, (namespace = new CompactTextMap()));
        let entity: number | undefined;
        for (const column of columns) {
          for (const name of valuesOf(row.record, column.name)) {
            const folded = nameKey(name);
            if (folded === '') continue;
            const owner = namespace.get(folded);
            if (owner === undefined) {
              if (entity === undefined) {
                entity = entities.ids.push(id);
                entities.files.push(fileOf(context.model, table.name));
                entities.rows.push(row.raw.row);
              }
              namespace.add(folded, spellings.names.push(name));
              spellings.entities.push(entity);
              continue;
            }
            const first = spellings.entities[owner]!;
            if (entities.ids.at(first) === id) continue;
            const location: Location = row.at(column.name, name);
            context.report({
              ...location,
              messageId: 'sameName',
              data: {
                name: show(name),
                id,
                first: show(spellings.names.at(owner)),
                firstId: entities.ids.at(first),
                file: entities.files[first]!,
                row: entities.rows[first]!,
              },
            });
          }
        }
      },
    };
  },
);
