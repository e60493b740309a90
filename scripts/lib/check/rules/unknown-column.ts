import { columnLetters, show } from '../finding.ts';
import { closest } from '../../text/suggest.ts';
import { defineRule, headerCell } from '../define-rule.ts';

export default defineRule(
  {
    code: 'unknown-column',
    severity: 'error',
    stage: 'file',
    title: 'Header names a column the schema does not have',
    description:
      "Every column must be declared in the table's schema, so that its meaning and type are documented. A misspelt header also leaves the intended column missing.",
    fix: 'Correct the spelling, or propose the new column in schemas/ first.',
  },
  (context) => ({
    file(file) {
      const names = file.table.columns.map((c) => c.name);
      file.header.forEach((name, index) => {
        if (names.includes(name)) return;
        const guess = name.trim() === '' ? undefined : (names.find((n) => n === name.trim()) ?? closest(name.trim(), names));
        context.report({
          ...headerCell(file.path, name, index),
          message: name.trim() === '' ? `Column ${columnLetters(index)} has no name.` : `${show(name)} is not a column of ${file.table.name}.`,
          hint: guess
            ? `Did you mean ${show(guess)}? Columns of ${file.table.file}: ${names.join(', ')}.`
            : `Columns of ${file.table.file}: ${names.join(', ')}. Delete this column or name it.`,
        });
      });
    },
  }),
);
