import { columnLetters, show } from '../finding.ts';
import { closest } from '../../text/suggest.ts';
import { defineRule, headerCell } from '../define-rule.ts';

export default defineRule(
  {
    code: 'unknown-column',
    severity: 'error',
    stages: ['file'],
    title: 'Header names a column the schema does not have',
    description:
      "Every column must be declared in the table's schema, so that its meaning and type are documented. A misspelt header also leaves the intended column missing.",
    fix: 'Correct the spelling, or propose the new column in schemas/ first.',
    messages: { unnamed: 'Column {letter} has no name.', unknown: '{name} is not a column of {table}.' },
    hints: {
      didYouMean: 'Did you mean {guess}? Columns of {file}: {columns}.',
      deleteOrName: 'Columns of {file}: {columns}. Delete this column or name it.',
    },
  },
  (context) => ({
    file(file) {
      const names = file.table.columns.map((c) => c.name);
      file.header.forEach((name, index) => {
        if (names.includes(name)) return;
        const guess = name.trim() === '' ? undefined : (names.find((n) => n === name.trim()) ?? closest(name.trim(), names));
        context.report({
          ...headerCell(file.path, name, index),
          messageId: name.trim() === '' ? 'unnamed' : 'unknown',
          hintId: guess ? 'didYouMean' : 'deleteOrName',
          data: {
            letter: columnLetters(index),
            name: show(name),
            table: file.table.name,
            guess: guess ? show(guess) : '',
            file: file.table.file,
            columns: names.join(', '),
          },
        });
      });
    },
  }),
);
