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
