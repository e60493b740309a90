import { show } from '../finding.ts';
import { closest } from '../../text/suggest.ts';
import { diagnoseValue } from '../spreadsheet-damage.ts';
import { defineRule, perTable } from './define.ts';
import { filesOf, valuesOf } from './model-helpers.ts';

export default defineRule(
  {
    code: 'reference-not-found',
    severity: 'error',
    usesKeys: true,
    stage: 'dataset',
    title: 'Reference to an id that does not exist',
    description: 'Every subject_id, target_id and source_ids item must be the id of a row in the table it points into (x-references).',
    fix: 'Correct the id, or add the missing row to the referenced table.',
    appliesTo: 'x-references',
  },
  (context) => {
    const plan = perTable((table) => table.columns.filter((c) => c.references).map((column) => ({ column, targets: column.references! })));
    return {
      row(row) {
        for (const { column, targets } of plan(row.file.table)) {
          const found = row.resolved(column.name);
          if (!found.includes(undefined)) continue;
          valuesOf(row.record, column.name).forEach((id, index) => {
            // Empty items and spreadsheet-mangled values already have their own, clearer finding.
            if (found[index] !== undefined || id === '' || diagnoseValue(column, id)) return;
            context.report(() => {
              const guess = closest(
                id,
                targets.flatMap((t) => [...context.keys.keys(t)]),
              );
              return {
                ...row.at(column.name, id),
                message: `${show(id)} in ${column.name} is not the id of any row in ${filesOf(context.model, targets)}.`,
                hint: guess ? `Did you mean ${show(guess)}?` : `Check the spelling, or add a row with this id to ${filesOf(context.model, targets)}.`,
              };
            });
          });
        }
      },
    };
  },
);
