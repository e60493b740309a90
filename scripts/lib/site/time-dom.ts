// DOM helpers of the "over time" page's script. Text is only ever set as text: no cell of the data is parsed as HTML.

const SVG = 'http://www.w3.org/2000/svg';

/** An HTML element with attributes and children; strings become text nodes. */
export function html(tag: string, attributes: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** An SVG element with attributes and children. */
export function svg(tag: string, attributes: Record<string, string | number> = {}, ...children: (Node | string)[]): SVGElement {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  node.append(...children);
  return node;
}

/** The dash pattern of a line style, as the pictures draw it. */
export function dashOf(line: string, width: number): string | undefined {
  if (line === 'dashed') return `${width * 3.5} ${width * 2.2}`;
  if (line === 'dotted') return `${width * 0.8} ${width * 2}`;
  return undefined;
}

/** The stroke width of a line style. */
export const widthOf = (line: string): number => (line === 'bold' ? 2.6 : 1.6);

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A day as a reader writes it: `1 March 2015`. */
export function longDate(day: number): string {
  const date = new Date(day * 86_400_000);
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** The short name of a month (`Mar`), by its index. */
export const monthName = (index: number, length = 3): string => MONTHS[index]!.slice(0, length);
