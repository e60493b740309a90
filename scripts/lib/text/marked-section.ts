/**
 * Replaces the text between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->` in a document
 * that people also edit by hand (the README), leaving everything else as it is. A document without
 * both markers is returned unchanged.
 */
export function withMarkedSection(document: string, name: string, content: string): string {
  const start = `<!-- generated:${name} -->`;
  const end = `<!-- /generated:${name} -->`;
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  if (from < 0 || to < from) return document;
  return `${document.slice(0, from + start.length)}\n${content}\n${document.slice(to)}`;
}
