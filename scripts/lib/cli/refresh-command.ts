import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { gitIn } from '../diff/git.ts';
import { loadModel } from '../model/load-model.ts';
import * as markdown from '../escape/markdown.ts';
import * as terminal from '../escape/terminal.ts';
import * as workflow from '../escape/workflow-commands.ts';
import { writeFileAtomic, writing } from '../write/atomic-write.ts';
import { notCanonicalBecause } from '../write/canonical-difference.ts';
import { planFormat, readTables, writeTables, type TableRewrite } from '../write/format-dataset.ts';
import { parseCommandArgs } from './args.ts';
import { exitForIoError } from './known-errors.ts';
import { generatedFilesIn } from './generate-command.ts';
import { EXIT_DATA_ERRORS, EXIT_OK, EXIT_USAGE_OR_IO, type CommandIO } from './io.ts';
import { renderedFilesIn } from './render-command.ts';
import { contributionsIn } from '../workbook/contributions.ts';
import { importContributions } from '../workbook/import-contributions.ts';
import { readOrEmpty } from './sync-files.ts';

export const REFRESH_USAGE = `Usage: npm run refresh -- [--check [--notice] [--format text|github]] [--commit]

Brings up to date everything that is derived from the schemas and the data: the tables in canonical
form (as \`npm run format\`), generated/ and the README's rule table (\`npm run generate\`), the
pictures and the README's table of the data (\`npm run render\`). The repository runs it by itself
after every merge, so a contributor without Node never has to.
  --check          write nothing; list each file that is out of date, how it differs and how to
                   bring it up to date, and exit 1 if there is one
  --notice         with --check: exit 0 all the same (on a pull request: it is done after merge)
  --format github  with --check: notice annotations, and a section in $GITHUB_STEP_SUMMARY
  --commit         after writing, commit the files it changed (the job that runs after a merge)
`;

/** A derived file that is not what the schemas and data make of it. */
export interface StaleFile {
  readonly path: string;
  readonly why: string;
  readonly command: 'format' | 'generate' | 'render' | 'import';
  readonly content: string;
}

const MESSAGE = 'Bring derived files up to date (npm run refresh)';

export async function refreshCommand(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommandArgs(argv, io, REFRESH_USAGE, {
    check: { type: 'boolean', default: false },
    notice: { type: 'boolean', default: false },
    format: { type: 'string', default: 'text' },
    commit: { type: 'boolean', default: false },
  });
  if (typeof parsed === 'number') return parsed;
  const { check, notice, format, commit } = parsed.values;
  if (format !== 'text' && format !== 'github') {
    io.stderr(`--format must be text or github, not ${format}\n`);
    return EXIT_USAGE_OR_IO;
  }
  if (commit && check) {
    io.stderr('--commit writes files; it cannot go with --check.\n');
    return EXIT_USAGE_OR_IO;
  }
  try {
    // Workbooks a merged pull request added are imported (and removed) before anything is derived from the data.
    const contributions = check ? undefined : await importContributions(loadModel(resolve(io.cwd, 'schemas')), resolve(io.cwd, 'data'), 'data');
    for (const report of contributions?.reports ?? []) io.stdout(`${terminal.text(report)}\n`);
    for (const line of contributions?.lines ?? []) io.stdout(`${terminal.text(line)}\n`);
    const { stale: tables, rewrite } = await staleTables(io);
    if (!check) rewrite();
    const generated = await generatedFilesIn(io.cwd);
    const readme = generated.get('README.md');
    const rendered = await renderedFilesIn(io, readme);
    const stale = [
      ...(check ? pendingContributions(io) : []),
      ...tables,
      ...staleAmong(io, generated, 'generate', 'it is not what the schemas and the rule catalogue make of it'),
      ...staleAmong(io, rendered ?? new Map(), 'render', 'it is not what the data makes of it'),
    ];
    // The README may be stale for both generate and render: one entry, with the content of both.
    const byPath = new Map<string, StaleFile>();
    for (const file of stale) byPath.set(file.path, byPath.has(file.path) ? { ...file, why: `${byPath.get(file.path)!.why}; and ${file.why}` } : file);
    // (render's README is built on generate's, so the later entry's content is the whole update.)
    const files = [...byPath.values()];
    if (check) return report(io, files, format, notice, rendered === undefined);
    for (const file of files.filter((f) => f.command !== 'format' && f.command !== 'import')) write(io, file);
    io.stdout(files.length ? `Brought up to date: ${files.map((f) => terminal.text(f.path)).join(', ')}\n` : 'Everything derived is up to date.\n');
    if (rendered === undefined) return EXIT_DATA_ERRORS;
    const committed = [...new Set([...(contributions?.paths ?? []), ...files.map((f) => f.path)])];
    if (commit && committed.length) {
      if (!gitIn(io.cwd).commit(committed, MESSAGE)) {
        io.stderr('git could not commit the files.\n');
        return EXIT_USAGE_OR_IO;
      }
      io.stdout(`Committed: ${MESSAGE}\n`);
    }
    return contributions?.reports.length ? EXIT_DATA_ERRORS : EXIT_OK;
  } catch (error) {
    return exitForIoError(io, error);
  }
}

/** Tables that `format` would rewrite, with what a spreadsheet changed in them, and how to rewrite them as format does. */
async function staleTables(io: CommandIO): Promise<{ stale: StaleFile[]; rewrite(): void }> {
  const model = loadModel(resolve(io.cwd, 'schemas'));
  const dataDir = resolve(io.cwd, 'data');
  const sources = readTables(model, dataDir);
  const { results } = await planFormat({ model, displayDir: 'data', sources: sources.bytes, links: sources.links });
  const stale: StaleFile[] = [];
  const rewrites: TableRewrite[] = [];
  for (const result of results) {
    if (result.status !== 'not-canonical' || result.canonical === undefined) continue;
    const file = model.tables.find((t) => t.name === result.table)!.file;
    const canonical = new TextDecoder().decode(result.canonical);
    const why = notCanonicalBecause(sources.bytes.get(file)!, result.canonical);
    stale.push({ path: result.file, why, command: 'format', content: canonical });
    rewrites.push({ file, shown: result.file, content: result.canonical });
  }
  return { stale, rewrite: () => writeTables(dataDir, sources, rewrites) };
}

/** The workbooks a pull request adds, each imported into the data folder (and removed) after the merge. */
function pendingContributions(io: CommandIO): StaleFile[] {
  return contributionsIn(resolve(io.cwd, 'data'), 'data').map((workbook) => ({
    path: workbook.label,
    why: 'a workbook to import: after the merge its tables are imported into data/ and it is removed',
    command: 'import',
    content: '',
  }));
}

function staleAmong(io: CommandIO, files: ReadonlyMap<string, string>, command: StaleFile['command'], why: string): StaleFile[] {
  return [...files].flatMap(([path, content]) => {
    const current = readOrEmpty(resolve(io.cwd, path));
    return current === content ? [] : [{ path, why: `${why}${whatDiffers(path, current, content)}`, command, content }];
  });
}

/** For a text a person reads (the README's tables), the lines that would change; a picture is just redrawn. */
function whatDiffers(path: string, current: string, wanted: string): string {
  if (!path.endsWith('.md')) return '';
  const now = current.split('\n');
  const then = wanted.split('\n');
  const changed = then.flatMap((line, i) => (line === now[i] ? [] : [`line ${i + 1}: ${JSON.stringify(now[i] ?? '')} → ${JSON.stringify(line)}`]));
  if (!changed.length) return '';
  return ` (${changed.slice(0, 3).join('; ')}${changed.length > 3 ? `; and ${changed.length - 3} more lines` : ''})`;
}

function report(io: CommandIO, files: readonly StaleFile[], format: string, notice: boolean, dataHasErrors: boolean): number {
  const fix = (file: StaleFile): string =>
    file.command === 'import'
      ? 'Nothing to do: it is imported automatically after the merge (or run `npm run import -- --contributions` and commit the result).'
      : `Run \`npm run ${file.command}\` and commit the result; on a pull request you may leave it: it is brought up to date automatically after the merge.`;
  if (format === 'github') {
    for (const file of files)
      io.stdout(
        `${workflow.command('notice', { file: file.path, title: `${file.command === 'import' ? 'Workbook to import' : 'Out of date'}: ${file.path}` }, `${file.why}. ${fix(file)}`)}\n`,
      );
    const summary = io.env.GITHUB_STEP_SUMMARY;
    if (summary && files.length)
      io.appendFile(
        summary,
        ['## Derived files out of date', '', ...files.map((f) => `- ${markdown.code(f.path)}: ${markdown.message(`${f.why}. ${fix(f)}`)}`), ''].join('\n') +
          '\n',
      );
  } else {
    for (const file of files) io.stdout(`${terminal.text(file.path)}: ${terminal.text(file.why)}.\n  ${fix(file)}\n`);
    if (!files.length) io.stdout(dataHasErrors ? 'The pictures were not checked: the data has errors.\n' : 'Everything derived is up to date.\n');
  }
  return files.length && !notice ? EXIT_DATA_ERRORS : EXIT_OK;
}

function write(io: CommandIO, file: StaleFile): void {
  const target = resolve(io.cwd, file.path);
  writing(target, () => mkdirSync(dirname(target), { recursive: true }));
  writeFileAtomic(target, file.content);
}
