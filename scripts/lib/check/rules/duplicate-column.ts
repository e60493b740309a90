import { columnLetters, show } from '../finding.ts';
import { defineRule, headerCell } from '../define-rule.ts';

export default defineRule(
  {
    code: 'duplicate-column',
    severity: 'error',
    stages: ['file'],
    title: 'Column named twice in the header',
    description:
      'Each column may appear once. With two columns of the same name it is unclear which one holds the data; the validator reads the first and ignores the other.',
    fix: 'Merge the two columns into one and delete the other.',
    messages: { again: 'Column {name} appears again; it is already column {first}.' },
    hints: { again: 'Keep one {name} column; the validator ignores this one.' },
  },
  (context) => ({
    file(file) {
      const seen = new Map<string, number>();
      file.header.forEach((name, index) => {
        const first = seen.get(name);
        if (first === undefined) return void seen.set(name, index);
        context.report({
          ...headerCell(file.path, name, index),
          messageId: 'again',
          data: { name: show(name), first: columnLetters(first) },
        });
      });
    },
  }),
);
