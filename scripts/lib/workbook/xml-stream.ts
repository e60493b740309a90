import { SaxesParser } from 'saxes';

/**
 * A part of a workbook read as a stream of XML events, never as a document: a sheet of a million rows
 * is a million small events, not a tree. saxes expands only XML's five named entities and character
 * references; it reads no DTD and fetches nothing. A part that declares a DTD anyway (the "billion
 * laughs" and external-entity attacks start with one, and no spreadsheet program writes one) is
 * refused before anything in it is used.
 */

/** A part that cannot be read as the XML a spreadsheet program writes. */
export class XmlPartError extends Error {}

export interface XmlHandlers {
  /** An element opened: its name without prefix, its attributes by name without prefix. */
  open(name: string, attributes: Readonly<Record<string, string>>): void;
  /** An element closed. */
  close?(name: string): void;
  /** Text (or CDATA) inside the element last opened. */
  text?(text: string): void;
}

/** The name without its namespace prefix: writers differ (`row`, `x:row`). */
const local = (name: string): string => name.slice(name.indexOf(':') + 1);

/**
 * A parser for one part: `write` it the part's bytes a chunk at a time, then `end`. Throws an
 * XmlPartError naming `part` at the first thing a well-formed spreadsheet part cannot hold.
 */
export function xmlPart(part: string, handlers: XmlHandlers): { write(bytes: Uint8Array): void; end(): void } {
  const parser = new SaxesParser({ xmlns: false, position: false });
  const fail = (why: string): never => {
    throw new XmlPartError(`its part ${part} ${why}`);
  };
  parser.on('error', (error) => fail(`is not well-formed XML (${error.message.replace(/^[^:]*:\d+:\d+: /, '')})`));
  parser.on('doctype', () =>
    fail('declares a document type (a DTD), which no spreadsheet program writes and which can make a reader expand entities without end or read other files'),
  );
  parser.on('opentag', (tag) => {
    const attributes: Record<string, string> = {};
    for (const [name, value] of Object.entries(tag.attributes)) attributes[local(name)] = value;
    handlers.open(local(tag.name), attributes);
  });
  if (handlers.close) parser.on('closetag', (tag) => handlers.close!(local(tag.name)));
  if (handlers.text) {
    parser.on('text', handlers.text);
    parser.on('cdata', handlers.text);
  }
  let decoder: TextDecoder | undefined;
  return {
    write(bytes) {
      if (bytes.length === 0) return;
      // The encoding from the byte order mark; OOXML parts are UTF-8 or UTF-16.
      decoder ??= new TextDecoder(bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : 'utf-8');
      parser.write(decoder.decode(bytes, { stream: true }));
    },
    end() {
      if (decoder) parser.write(decoder.decode());
      parser.close();
    },
  };
}
