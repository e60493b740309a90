import fc from 'fast-check';
import { parseFragment } from 'parse5';
import { describe, expect, it } from 'vitest';
import { show } from '../scripts/lib/check/finding.ts';
import { fillTemplate } from '../scripts/lib/check/messages.ts';
import * as html from '../scripts/lib/escape/html.ts';
import { json } from '../scripts/lib/escape/json.ts';
import * as markdown from '../scripts/lib/escape/markdown.ts';
import * as terminal from '../scripts/lib/escape/terminal.ts';
import { INVISIBLE_CHARACTERS, visible } from '../scripts/lib/escape/visible.ts';
import * as workflow from '../scripts/lib/escape/workflow-commands.ts';
import { withoutLegacyCommands } from '../scripts/lib/escape/workflow-commands.ts';
import { outputGuard } from '../scripts/lib/cli/process-io.ts';
import { elementsNamed, markdownProblems, rendered, textOf } from './helpers/rendered-markdown.ts';
import { HOSTILE_TEXT, hostileText, runnerCommands } from './helpers/hostile-text.ts';

const RUNS = { numRuns: 300 };
/** Every character `visible` must replace: C0, DEL, C1, line and paragraph separators, bidirectional controls and marks. */
const INVISIBLE = new RegExp(`[${INVISIBLE_CHARACTERS}]`);
const ANY_CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;
const withoutJoiners = (text: string): string => text.replace(/\u2060/g, '');

describe('the visible form, shared by every channel a person reads', () => {
  it('shows line breaks, tabs and controls as printable characters', () => {
    expect(visible('a\r\nb\rc\nd\u2028e\u0085f')).toBe('a↵b↵c↵d↵e↵f');
    expect(visible('\t\u001b]0;title\u0007\u001b[2J\u0000\u007f')).toBe('⇥␛]0;title␇␛[2J␀␡');
    expect(visible('\u009b31m \u202eevil\u2069')).toBe('⟨U+009B⟩31m ⟨U+202E⟩evil⟨U+2069⟩');
    expect(visible('Шишани, 2015 ’…’')).toBe('Шишани, 2015 ’…’');
  });

  it('leaves no character it replaces, changes text without them not at all, and is idempotent (property)', () => {
    fc.assert(
      fc.property(hostileText(), (text) => {
        const shown = visible(text);
        expect(shown).not.toMatch(INVISIBLE);
        expect(shown).not.toMatch(ANY_CONTROL);
        expect(visible(shown)).toBe(shown);
        if (!INVISIBLE.test(text)) expect(shown).toBe(text);
      }),
      RUNS,
    );
  });

  it('is what every message value is put in, whatever the rule passed', () => {
    expect(fillTemplate('`{id}` is not referenced', { id: 'zz-ghid\n::error::INJECTED-ID' })).toBe('`zz-ghid↵::error::INJECTED-ID` is not referenced');
    expect(show('a\u001b[2Jb')).toBe('`a␛[2Jb`');
  });
});

describe('the terminal channel', () => {
  it('lets no escape sequence, carriage return or line break from a value through (property)', () => {
    fc.assert(
      fc.property(hostileText(), (text) => {
        const line = terminal.text(text);
        expect(line).not.toMatch(ANY_CONTROL);
        expect(terminal.guard(line)).toBe(line);
      }),
      RUNS,
    );
  });

  it('guards whatever a command prints: only line feeds, colours and the progress line’s clearing stay (property)', () => {
    const ours = '\u001b[31merror\u001b[39m \u001b[1mB5\u001b[22m\n\r\u001b[2K12%  3.0 of 9.0 MB';
    expect(terminal.guard(ours)).toBe(ours);
    fc.assert(
      fc.property(hostileText(), (text) => {
        const guarded = terminal.guard(text);
        const rest = guarded.replace(/\u001b\[[0-9;]*m|\r?\u001b\[2K|\n/g, '');
        expect(rest).not.toMatch(ANY_CONTROL);
        expect(terminal.guard(guarded)).toBe(guarded);
      }),
      RUNS,
    );
  });
});

describe('the workflow-command channel', () => {
  it('writes an annotation the runner reads back whole, and text after it that gives no command (property)', () => {
    fc.assert(
      fc.property(hostileText(), hostileText(), hostileText(), (file, title, message) => {
        // (The runner trims the properties' end, so the last one here is a number.)
        const ours = workflow.command('error', { file, title, col: undefined, line: 3 }, message);
        const log = [ours, workflow.plain(`${file}\n  ${message}\n${title}`), workflow.plain(message)].join('\n');
        const commands = runnerCommands(outputGuard(log));
        const shown = (text: string): string => withoutLegacyCommands(visible(text));
        const properties = Object.fromEntries(Object.entries({ file: shown(file), title: shown(title), line: '3' }).filter(([, value]) => value !== ''));
        expect(commands).toEqual([{ command: 'error', properties, data: shown(message) }]);
        // Every line that starts with `::` (once the runner trims it) is the one we wrote.
        const lines = outputGuard(log).split(/\r\n|\r|\n/);
        expect(lines.filter((l) => /^[\s\u0085]*::/.test(l))).toEqual([ours]);
        expect(outputGuard(log)).not.toContain('##[');
      }),
      RUNS,
    );
  });

  it('takes the id cell of the issue for what it is', () => {
    const id = 'zz-ghid\n::error::INJECTED-ID';
    expect(workflow.plain(`  A23  warning \`${id}\` is not referenced`)).toBe(`  A23  warning \`zz-ghid\n:\u2060:error::INJECTED-ID\` is not referenced`);
    expect(runnerCommands(workflow.plain(`x\n \u2028\u00a0::error::x\r::warning::y\n##[set-output name=a;]b`))).toEqual([]);
    expect(workflow.command('notice', { file: 'a,b:c%', title: 'T' }, '100%\r\nx ##[add-mask]y')).toBe(
      '::notice file=a%2Cb%3Ac%25,title=T::100%25↵x #\u2060#[add-mask]y',
    );
  });
});

describe('the Markdown channel', () => {
  it('renders prose as the value itself, and as nothing else, in a sentence, a heading, a list, a quote and a line of its own (property)', () => {
    fc.assert(
      fc.property(hostileText(), (value) => {
        const prose = markdown.text(value);
        for (const doc of [`Value: ${prose} end`, `### ${prose}`, `- ${prose}`, `  > ${prose}`, prose, ...(value.trim() ? [`**${prose}**`] : [])])
          expect(markdownProblems(doc), doc).toEqual([]);
        for (const { parser, root } of rendered(`Value: ${prose} end`)) {
          const [paragraph, ...others] = elementsNamed(root, 'p');
          expect(others, parser).toEqual([]);
          expect(withoutJoiners(textOf(paragraph!)), parser).toBe(withoutJoiners(`Value: ${visible(value)} end`));
        }
        // On a line of its own, one paragraph at most, never a list, a heading, a rule or code.
        for (const { root } of rendered(prose)) expect(['', 'p']).toContain(root.childNodes.flatMap((n) => ('tagName' in n ? [n.nodeName] : [])).join());
      }),
      RUNS,
    );
  });

  it('writes a code span its content cannot close, showing the value exactly (property)', () => {
    fc.assert(
      fc.property(hostileText(), (value) => {
        const doc = `a ${markdown.code(value)} b`;
        expect(markdownProblems(doc)).toEqual([]);
        for (const { parser, root } of rendered(doc)) {
          const codes = elementsNamed(root, 'code');
          if (value === '') expect(codes).toEqual([]);
          else {
            expect(codes, parser).toHaveLength(1);
            expect(textOf(codes[0]!), parser).toBe(visible(value));
          }
        }
      }),
      RUNS,
    );
  });

  it('keeps a message’s values in their code spans, and nothing of them escapes (property)', () => {
    fc.assert(
      fc.property(hostileText(), hostileText(), (value, other) => {
        const message = `${show(value, Infinity)} is not the id of ${show(other, Infinity)}: ${other}.`;
        const doc = `- ${markdown.message(message)}`;
        expect(markdownProblems(doc)).toEqual([]);
        for (const { parser, root } of rendered(doc)) {
          const codes = elementsNamed(root, 'code').map(textOf);
          // (an empty value is shown as a code span holding a space)
          expect(codes.slice(0, 2), parser).toEqual([visible(value), visible(other)].map((v) => (v === '' ? ' ' : v)));
        }
      }),
      RUNS,
    );
  });

  it('keeps a table row to its cells, whatever they hold (property)', () => {
    fc.assert(
      fc.property(hostileText(), hostileText(), hostileText(), (a, b, c) => {
        const doc = [...markdown.table(['A', 'B', 'C', 'D'], [[markdown.text(a), markdown.code(b), markdown.message(`${show(c, Infinity)} ${c}`), '1']])].join(
          '\n',
        );
        expect(markdownProblems(doc)).toEqual([]);
        for (const { parser, root } of rendered(doc)) {
          const cells = elementsNamed(root, 'td');
          expect(cells, parser).toHaveLength(4);
          expect(withoutJoiners(textOf(cells[0]!)).trim(), parser).toBe(withoutJoiners(visible(a)).trim());
          // (a WORD JOINER keeps a backslash apart from the escape of a `|` after it)
          expect(
            elementsNamed(cells[1]!, 'code').map((code) => withoutJoiners(textOf(code))),
            parser,
          ).toEqual(b === '' ? [] : [withoutJoiners(visible(b))]);
          expect(textOf(cells[3]!), parser).toBe('1');
        }
      }),
      RUNS,
    );
  });

  it('cannot be broken by the reproductions of the issue', () => {
    const archive = markdown.code('data/archive/0\r<!--\r.txt');
    expect(markdownProblems(`- added ${archive}\n- changed ${markdown.text('the quote')}`)).toEqual([]);
    const message = markdown.message(`${show('x`<img src="https://example.org/x.png">')} is not an id.`);
    expect(markdownProblems(`| a |\n|---|\n| ${message} |`)).toEqual([]);
    expect(markdownProblems(markdown.text('@octocat see https://example.org, www.example.org, a@b.org, #12 :shipit: <!-- [x](y) ![i](j)'))).toEqual([]);
  });
});

describe('the HTML channel (site, codebook and check page)', () => {
  it('puts any text into an element or a quoted attribute as text only (property)', () => {
    fc.assert(
      fc.property(hostileText(), (value) => {
        const written = html.text(value);
        // What the HTML parser does to any text before it is text: CR LF and CR to LF; NUL dropped in content, U+FFFD in attributes.
        const lf = value.replace(/\r\n?/g, '\n');
        for (const quote of ['"', "'"]) {
          const fragment = parseFragment(`<p title=${quote}${written}${quote}>${written}</p>`);
          expect(fragment.childNodes).toHaveLength(1);
          const p = fragment.childNodes[0]!;
          expect('tagName' in p && p.tagName).toBe('p');
          expect(elementsNamed(p, 'p')).toHaveLength(1);
          expect('childNodes' in p && p.childNodes.every((n) => n.nodeName === '#text')).toBe(true);
          expect(textOf(p)).toBe(lf.replace(/\u0000/g, ''));
          expect('attrs' in p && p.attrs).toEqual([{ name: 'title', value: lf.replace(/\u0000/g, '\uFFFD') }]);
        }
      }),
      RUNS,
    );
  });
});

describe('the JSON channel', () => {
  it('keeps values exact, and writes nothing a terminal or a CI log would act on (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ value: hostileText(), message: hostileText() }), { maxLength: 3 }), (findings) => {
        const written = json({ findings, dataDir: 'data' });
        expect(JSON.parse(written)).toEqual({ findings, dataDir: 'data' });
        expect(written.replace(/\n/g, '')).not.toMatch(ANY_CONTROL);
        expect(written).not.toContain('##[');
        expect(outputGuard(written)).toBe(written);
        expect(written.split('\n').filter((line) => /^\s*::/.test(line))).toEqual([]);
      }),
      RUNS,
    );
  });
});

describe('the hostile alphabet', () => {
  it('covers what the issue names', () => {
    for (const piece of ['\r', '\u2028', '\u2029', '`', '<', '|', '::', '%', '@', 'https://', '\u202e', '\u001b', '\u009b', '##['])
      expect(HOSTILE_TEXT.some((p) => p.includes(piece))).toBe(true);
  });
});
