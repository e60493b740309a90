import { defineRule } from '../define-rule.ts';

export default defineRule(
  {
    code: 'mixed-line-endings',
    severity: 'error',
    stages: ['file'],
    title: 'Line endings of several styles',
    description:
      'A file whose lines end in a mix of LF, CRLF and CR usually comes from pasting between programs. The validator reads every style as a line break, but other tools split such files into rows differently, so the same file means different data to different readers.',
    fix: 'Run `npm run format`, which writes LF throughout.',
    messages: { mixed: 'Lines end in several styles: {styles}.' },
    hints: { mixed: 'Run `npm run format` to use LF throughout.' },
    fixedByFormat: true,
  },
  (context) => ({
    fileEnd(file, facts) {
      const styles = Object.entries(facts.lineEndings).filter(([, count]) => count > 0);
      if (styles.length < 2) return;
      context.report({
        file: file.path,
        messageId: 'mixed',
        data: { styles: styles.map(([style, count]) => `${count} ${style.toUpperCase()}`).join(', ') },
      });
    },
  }),
);
