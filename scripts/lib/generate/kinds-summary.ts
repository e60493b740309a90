import { relationshipTable } from '../model/relationships.ts';
import type { DatasetModel } from '../model/types.ts';
import { mdCell } from './data-dictionary.ts';

/**
 * The README's list of relationship kinds, from the schema's kind column: each value, what its ends may
 * be, whether it runs both ways, and its meaning. The prose never lists kinds by hand.
 */
export function kindsSummary(model: DatasetModel): string {
  const relationships = relationshipTable(model);
  if (!relationships) return '';
  const { kind } = relationships;
  const ends = (value: string): string =>
    Object.values(kind.endpoints?.[value] ?? {})
      .map((tables) => tables.join(' or '))
      .join(' → ');
  const rows = (kind.enumValues ?? []).map((value) => {
    const twoWay = kind.symmetric?.includes(value) ? ' Two-way.' : '';
    const through = kind.throughLeader?.[value] ? ` Aimed at a person, it also reaches what that person is \`${kind.throughLeader[value]}\`.` : '';
    return `| \`${value}\` | ${mdCell(ends(value))} | ${mdCell(`${kind.enumDescriptions?.[value] ?? ''}${twoWay}${through}`)} |`;
  });
  return [
    `The ${rows.length} kinds of relationship in \`${relationships.table.name}.${kind.name}\` (from \`schemas/${relationships.table.schemaId}\`):`,
    '',
    '| Kind | Subject → target | Meaning |',
    '|---|---|---|',
    ...rows,
  ].join('\n');
}
