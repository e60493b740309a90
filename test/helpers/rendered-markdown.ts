import MarkdownIt from 'markdown-it';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { parseFragment } from 'parse5';
import type { DefaultTreeAdapterMap } from 'parse5';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

/**
 * Markdown as GitHub would render it, by two independent CommonMark/GFM parsers with raw HTML let
 * through (GitHub lets through much of it, images included): micromark with the GFM extensions
 * (tables, autolink literals, strikethrough), and markdown-it with tables and linkify. Each HTML is
 * parsed by parse5 as a browser would.
 */
export function rendered(markdown: string): { parser: string; root: DefaultTreeAdapterMap['documentFragment'] }[] {
  return [
    { parser: 'micromark', root: parseFragment(micromark(markdown, { extensions: [gfm()], htmlExtensions: [gfmHtml()], allowDangerousHtml: true })) },
    { parser: 'markdown-it', root: parseFragment(MARKDOWN_IT.render(markdown)) },
  ];
}

const MARKDOWN_IT = new MarkdownIt({ html: true, linkify: true });
MARKDOWN_IT.linkify.set({ fuzzyLink: false });

/** The elements our own Markdown makes: paragraphs, lists, tables, headings, quotes, code spans, bold. */
const OURS = new Set(['p', 'code', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'ul', 'li', 'h2', 'h3', 'h4', 'h5', 'blockquote', 'strong', 'br']);

/** What GitHub's own filters would turn into a link or a picture in rendered text outside code: @mentions, URLs, www., #12 issue links, :emoji:. */
const FILTERED = [
  { what: 'an @mention or e-mail address', pattern: /(?:^|[^\p{L}\p{N}_`])@[\p{L}\p{N}]/u },
  { what: 'a URL', pattern: /\b(?:https?|ftp|mailto|xmpp):\/*[\p{L}\p{N}]/iu },
  { what: 'a www. link', pattern: /\bwww\.[\p{L}\p{N}]/iu },
  { what: 'an issue link', pattern: /(?:^|[^\p{L}\p{N}_])#\d/u },
  { what: 'an :emoji:', pattern: /:[a-z0-9_+-]+:/i },
];

/**
 * Everything in rendered Markdown that did not come from our own syntax: an element that is not one
 * we write (a link, an image, any HTML), an HTML comment, or text that GitHub would turn into a link
 * or a mention. `allowed` adds elements a report writes on purpose (`<del>` in the diff).
 */
export function markdownProblems(markdown: string, allowed: readonly string[] = []): string[] {
  const problems: string[] = [];
  for (const { parser, root } of rendered(markdown)) {
    const visit = (node: Node, inCode: boolean): void => {
      if (node.nodeName === '#comment') problems.push(`${parser}: an HTML comment`);
      else if (node.nodeName === '#text') {
        const value = (node as DefaultTreeAdapterMap['textNode']).value;
        if (!inCode) for (const { what, pattern } of FILTERED) if (pattern.test(value)) problems.push(`${parser}: ${what} in ${JSON.stringify(value)}`);
      } else if ('tagName' in node && !OURS.has(node.tagName) && !allowed.includes(node.tagName)) problems.push(`${parser}: a <${node.tagName}> element`);
      if ('childNodes' in node) for (const child of node.childNodes) visit(child, inCode || node.nodeName === 'code');
    };
    visit(root, false);
  }
  return problems;
}

/** Every element with this tag name, in document order. */
export function elementsNamed(node: Node, tag: string): Element[] {
  const found: Element[] = [];
  const visit = (n: Node): void => {
    if ('tagName' in n && n.tagName === tag) found.push(n);
    if ('childNodes' in n) n.childNodes.forEach(visit);
  };
  visit(node);
  return found;
}

/** The text of a node as a browser's textContent gives it. */
export function textOf(node: Node): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value;
  return 'childNodes' in node ? node.childNodes.map(textOf).join('') : '';
}
