import { defineRule } from './define.ts';

export default defineRule(
  {
    code: 'mixed-line-endings',
    severity: 'warning',
    stage: 'file',
    title: 'Line endings of several styles',
    description: 'A file whose lines end in a mix of LF, CRLF and CR usually comes from pasting between programs. Every style is read as a line break, so nothing is misread here, but other tools may split the rows differently.',
    fix: 'Run `npm run format`, which writes LF throughout.',
    fixedByFormat: true,
  },
  (context) => ({
    fileEnd(file, facts) {
      const styles = Object.entries(facts.lineEndings).filter(([, count]) => count > 0);
      if (styles.length < 2) return;
      context.report({
        file: file.path,
        message: `Lines end in several styles: ${styles.map(([style, count]) => `${count} ${style.toUpperCase()}`).join(', ')}.`,
        hint: 'Run `npm run format` to use LF throughout.',
      });
    },
  }),
);
