/**
 * The HTML channel: the dataset browser's pages, the codebook page and the check page's HTML. Text
 * from the data goes into an element or a quoted attribute only through `text`, so it is never read
 * as markup; the check page's script sets text with `textContent`, which needs no escaping.
 */
export function text(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
