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
