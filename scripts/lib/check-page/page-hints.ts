/**
 * What the page adds to a hint that tells the reader to run `npm run format` (with or without
 * `--fix`): on the page the same file comes from its download button, so a contributor without Node
 * is not sent to a command. Undefined when the hint names no such command or the page offers no
 * canonical file (`canonical`: the file's name when it does).
 */
export function onThisPage(hint: string, canonical: string | undefined): string | undefined {
  if (canonical === undefined || !hint.includes('`npm run format')) return undefined;
  return hint.includes('`npm run format -- --fix`')
    ? `On this page: tick “Also make the repairs” above, then “Download canonical ${canonical}”.`
    : `On this page: “Download canonical ${canonical}” above gives the file \`npm run format\` writes.`;
}

/** Sizes as a person reads them: `34.5 MB`. */
const megabytes = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(bytes < 10 * 2 ** 20 ? 1 : 0)} MB`;

/** The ways to check files that the page cannot, for every message that says it could not. */
const ANOTHER_WAY =
  'To check them all the same: run `npm run validate` (and `npm run format`) in a clone of the repository, which reads tables of any size; or split the table into smaller files, each with the header row, and check them here one at a time; or propose the change on GitHub as it is, where the pull request’s checks list every problem with its cell.';

/**
 * What the page says when a check cannot finish (`what`: what went wrong, in the error's words): that
 * it stopped and why, that nothing was sent, and the ways to check the files anyway.
 */
export function failureAdvice(what: string, chosenBytes: number): string[] {
  const tooBig = /memory|allocation failed|invalid (string|array|typed array) length|call stack|too large/i.test(what);
  return [
    `The check stopped before it could finish: ${what.replace(/\.$/, '')}.`,
    tooBig
      ? `The files chosen (${megabytes(chosenBytes)}) are probably more than this browser can check. Nothing was sent anywhere.`
      : 'Nothing was sent anywhere. Reloading the page and choosing the files again may help.',
    ANOTHER_WAY,
  ];
}

/** What the page says, before reading anything, of files larger than it checks (`limit` bytes). */
export function tooLargeAdvice(chosenBytes: number, limit: number): string[] {
  return [
    `These files are ${megabytes(chosenBytes)}, more than the ${megabytes(limit)} this page checks at once: a browser tab that runs out of memory closes without a word.`,
    'Nothing was read or sent anywhere.',
    ANOTHER_WAY,
  ];
}

/** How to export a sheet as CSV, in the programs people edit the tables in. */
export const EXPORT_AS_CSV =
  'Excel: File › Save As, “CSV UTF-8 (Comma delimited) (*.csv)”; LibreOffice Calc: File › Save As, “Text CSV (.csv)”, Character set “Unicode (UTF-8)”; Google Sheets: File › Download › “Comma-separated values (.csv)”; Numbers: File › Export To › CSV, Text Encoding “Unicode (UTF-8)”.';

/** What was checked of the chosen files: how many, and what to do about those left out. */
export interface CheckedCount {
  readonly chosen: number;
  readonly leftOut: number;
  /** Some file left out is a workbook. */
  readonly workbook: boolean;
}

const files = (n: number): string => `${n.toLocaleString('en')} ${n === 1 ? 'file' : 'files'}`;
const was = (n: number): string => (n === 1 ? 'was' : 'were');

/**
 * The page's headline, sentence and advice for a check: it never says "No errors" of files it did
 * not read. `errors`: errors in the report of the files that were checked (with the published data).
 */
export function checkedSummary(count: CheckedCount, errors: number, summary: string): { headline: string; lines: string[]; nothingChecked: boolean } {
  const checked = count.chosen - count.leftOut;
  const advice = count.workbook
    ? `To check a workbook here, save it as an Excel Workbook (.xlsx) and choose that file, or export its sheet as CSV — ${EXPORT_AS_CSV}`
    : 'Choose the tables themselves (saved as CSV), the edited workbook (.xlsx) or archived texts (`<id>.txt`): the page recognises a table by its file name or by its header row, and a workbook’s sheet by its name or header.';
  if (checked === 0) {
    return {
      headline: count.chosen === 1 ? 'The file you chose was not checked' : `None of the ${files(count.chosen)} you chose was checked`,
      lines: [`${count.chosen === 1 ? 'It was' : 'They were'} left out (below): the page checked nothing of yours. ${advice}`],
      nothingChecked: true,
    };
  }
  const ofChosen =
    count.leftOut === 0
      ? `${count.chosen === 1 ? 'The file' : `All ${files(count.chosen)}`} you chose ${was(count.chosen)} checked, with the rest of the published data.`
      : `${checked.toLocaleString('en')} of the ${files(count.chosen)} you chose ${was(checked)} checked, with the rest of the published data; ${count.leftOut.toLocaleString('en')} ${was(count.leftOut)} left out and not checked (below). ${advice}`;
  const verdict =
    errors > 0
      ? 'Fix the errors below before you propose the change.'
      : count.leftOut === 0
        ? 'No errors: the files can be proposed as they are.'
        : `No errors in the ${checked === 1 ? 'file' : 'files'} checked: ${checked === 1 ? 'it' : 'they'} can be proposed as ${checked === 1 ? 'it is' : 'they are'}.`;
  return { headline: summary, lines: [ofChosen, verdict], nothingChecked: false };
}

/** How to serve a built site from a folder on this computer, for the check page, which does not work opened from disk. */
export function serveHow(folder: string): string {
  return `serve the folder, e.g. \`python3 -m http.server --directory ${/[\s"'$`\\]/.test(folder) ? `"${folder.replace(/(["$`\\])/g, '\\$1')}"` : folder} 8000\` (on Windows \`py -m http.server …\`), and open http://localhost:8000/check.html; or publish it on any static host, as the release workflow does on GitHub Pages`;
}

/** What the check page says of itself when it was opened from disk (`folder`: where it is). */
export function fromDiskAdvice(folder: string): string {
  return `This page checks files only when a web server serves it: opened from disk, as now, the browser does not let it start its checker or load the published data. Use the dataset’s published site, or ${serveHow(folder)}.`;
}
