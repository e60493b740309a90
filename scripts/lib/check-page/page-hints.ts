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
export const megabytes = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(bytes < 10 * 2 ** 20 ? 1 : 0)} MB`;

/**
 * What the page says when a check cannot finish (`what`: what went wrong, in the error's words): that
 * it stopped and why, that nothing was sent, and the ways to check the files anyway.
 */
export function failureAdvice(what: string, chosenBytes: number): string[] {
  const tooBig = /memory|allocation failed|invalid (string|array|typed array) length|call stack|too large|more than the/i.test(what);
  return [
    `The check stopped before it could finish: ${what.replace(/\.$/, '')}.`,
    tooBig
      ? `The files chosen (${megabytes(chosenBytes)}) are more than this browser could check here. Nothing was sent anywhere.`
      : 'Nothing was sent anywhere. Reloading the page and choosing the files again may help.',
    'To check them all the same: run `npm run validate` (and `npm run format`) in a clone of the repository, which reads tables of any size; or split the table into smaller files, each with the header row, and check them here one at a time; or propose the change on GitHub as it is, where the pull request’s checks list every problem with its cell.',
  ];
}
