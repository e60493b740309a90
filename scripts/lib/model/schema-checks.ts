import type { PatternCheck } from './pattern-safety.ts';
import { syntaxProblem } from './pattern-safety.ts';
import { pointerToken, refTarget, subschemas } from './schema-walk.ts';
import { EXTENSION_KEYWORDS, type JsonSchema } from './types.ts';

/**
 * A schema that cannot be used: the tooling's fault, never the data's (exit 2). `file` and `pointer`
 * say where, when the defect is at one place (`defs.schema.json`, `/$defs/Name/pattern`).
 */
export class SchemaError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly pointer?: string,
  ) {
    super(message);
  }
}

/** Deeper schemas are refused: no real column needs them, and every walk over a schema stays shallow. */
export const MAX_SCHEMA_DEPTH = 64;

type Shape = 'string' | 'boolean' | 'strings' | 'stringMap' | 'countMap' | 'endpoints';

/** What the value of each x- keyword must be; anything else would be ignored by the model, silently loosening a check. */
const EXTENSION_SHAPES: Record<(typeof EXTENSION_KEYWORDS)[number], Shape> = {
  'x-file': 'string',
  'x-primaryKey': 'string',
  'x-idNamespace': 'string',
  'x-expectReferenced': 'boolean',
  'x-archive': 'string',
  'x-references': 'strings',
  'x-notBefore': 'string',
  'x-distinctFrom': 'string',
  'x-endpoints': 'endpoints',
  'x-acyclic': 'strings',
  'x-symmetric': 'strings',
  'x-formerly': 'string',
  'x-quoteOf': 'string',
  'x-publicationDate': 'boolean',
  'x-nameKey': 'boolean',
  'x-publisher': 'boolean',
  'x-minPublishers': 'countMap',
  'x-throughLeader': 'stringMap',
  'x-hint': 'string',
  'x-enumDescriptions': 'stringMap',
};

const SHAPE_WORDS: Record<Shape, string> = {
  string: 'a non-empty string',
  boolean: 'true or false',
  strings: 'an array of strings',
  stringMap: 'an object whose values are strings',
  countMap: 'an object whose values are whole numbers of at least 1',
  endpoints: 'an object mapping each value to an object of column names and arrays of table names',
};

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const isStrings = (value: unknown): boolean => Array.isArray(value) && value.every((item) => typeof item === 'string');
const fits: Record<Shape, (value: unknown) => boolean> = {
  string: (value) => typeof value === 'string' && value !== '',
  boolean: (value) => typeof value === 'boolean',
  strings: isStrings,
  stringMap: (value) => isObject(value) && Object.values(value).every((item) => typeof item === 'string'),
  countMap: (value) => isObject(value) && Object.values(value).every((item) => Number.isSafeInteger(item) && (item as number) >= 1),
  endpoints: (value) => isObject(value) && Object.values(value).every((ends) => isObject(ends) && Object.values(ends).every(isStrings)),
};

/**
 * Refuses, before anything is compiled or any cell read, every defect of the schema documents that
 * would otherwise hang or crash a command, or make it ignore a check without a word: documents
 * without a unique `$id`, nesting deeper than MAX_SCHEMA_DEPTH, `$ref`s to nothing or in a cycle,
 * patterns that are not strings, do not compile or can backtrack catastrophically (`checkPattern`),
 * `enum`s of anything but text (cells are text), `required` that is not a list of names, and x-
 * keywords whose value is not of their shape. Each error names the file and the JSON pointer.
 */
export function checkSchemaDocuments(documents: ReadonlyMap<string, JsonSchema>, checkPattern: PatternCheck): void {
  const files = new Map<string, string>();
  for (const [file, document] of documents) {
    if (!isObject(document)) throw new SchemaError(`${file}: a schema document must be a JSON object`, file, '');
    const id = document.$id;
    if (typeof id !== 'string' || id === '') throw new SchemaError(`${file}#/$id: $id must be a non-empty string (conventionally the file name)`, file, '/$id');
    if (files.has(id)) throw new SchemaError(`${file}#/$id: $id ${id} is already the $id of ${files.get(id)}`, file, '/$id');
    files.set(id, file);
  }
  const byId = new Map([...documents.values()].map((document) => [String(document.$id), document]));
  const references = new Map<string, { readonly to: string; readonly file: string; readonly pointer: string }[]>();
  const sameValueChildren = new Map<string, string[]>();
  for (const [file, document] of documents) {
    const id = String(document.$id);
    const visit = (node: JsonSchema, pointer: string, depth: number): void => {
      const where = (at: string): string => `${file}#${at}`;
      if (depth > MAX_SCHEMA_DEPTH)
        throw new SchemaError(`${where(pointer)}: schemas nested more than ${MAX_SCHEMA_DEPTH} levels deep are refused`, file, pointer);
      checkNodeKeywords(node, pointer, file, checkPattern);
      const key = `${id}#${pointer}`;
      if ('$ref' in node) {
        const ref = node.$ref;
        if (typeof ref !== 'string') throw new SchemaError(`${where(`${pointer}/$ref`)}: $ref must be a string`, file, `${pointer}/$ref`);
        const target = refTarget(ref, id, byId);
        if (!byId.has(target.documentId))
          throw new SchemaError(`${where(`${pointer}/$ref`)}: $ref ${ref} names no schema ($id ${target.documentId})`, file, `${pointer}/$ref`);
        if (target.node === null || typeof target.node !== 'object' || Array.isArray(target.node))
          throw new SchemaError(`${where(`${pointer}/$ref`)}: $ref ${ref} points at nothing`, file, `${pointer}/$ref`);
        references.set(key, [{ to: `${target.documentId}#${target.pointer}`, file, pointer: `${pointer}/$ref` }]);
      }
      const children = subschemas(node, pointer);
      sameValueChildren.set(
        key,
        children.filter((c) => c.sameValue).map((c) => `${id}#${c.pointer}`),
      );
      for (const child of children) visit(child.node, child.pointer, depth + 1);
    };
    visit(document, '', 0);
  }
  refuseRefCycles(references, sameValueChildren, files);
}

/** The keywords of one schema object whose values the tools read as they stand. */
function checkNodeKeywords(node: JsonSchema, pointer: string, file: string, checkPattern: PatternCheck): void {
  const fail = (at: string, problem: string): never => {
    throw new SchemaError(`${file}#${at}: ${problem}`, file, at);
  };
  if ('pattern' in node) {
    if (typeof node.pattern !== 'string') fail(`${pointer}/pattern`, 'pattern must be a string');
    checkOnePattern(node.pattern as string, `${pointer}/pattern`, fail, checkPattern);
  }
  if (isObject(node.patternProperties))
    for (const key of Object.keys(node.patternProperties)) checkOnePattern(key, `${pointer}/patternProperties/${pointerToken(key)}`, fail, checkPattern);
  if ('enum' in node) {
    if (!Array.isArray(node.enum)) fail(`${pointer}/enum`, 'enum must be an array of the allowed values');
    (node.enum as unknown[]).forEach((value, i) => {
      if (typeof value !== 'string') fail(`${pointer}/enum/${i}`, `enum values must be text, as every cell is; ${JSON.stringify(value)} never matches a cell`);
    });
  }
  if ('required' in node && !isStrings(node.required)) fail(`${pointer}/required`, 'required must be an array of column names');
  if (isObject(node.properties))
    for (const [name, column] of Object.entries(node.properties))
      if (!isObject(column)) fail(`${pointer}/properties/${pointerToken(name)}`, `the schema of ${name} must be an object`);
  if (node.type === 'array' && !isObject(node.items)) fail(`${pointer}/items`, 'a list (type array) needs items: the schema each of its items must match');
  for (const [keyword, shape] of Object.entries(EXTENSION_SHAPES))
    if (keyword in node && !fits[shape](node[keyword])) fail(`${pointer}/${keyword}`, `${keyword} must be ${SHAPE_WORDS[shape]}`);
}

function checkOnePattern(pattern: string, at: string, fail: (at: string, problem: string) => never, checkPattern: PatternCheck): void {
  const problem = syntaxProblem(pattern) ?? checkPattern(pattern);
  if (problem) fail(at, `the pattern ${JSON.stringify(pattern.length > 120 ? `${pattern.slice(0, 120)}…` : pattern)} ${problem}`);
}

/**
 * A `$ref` that leads back to where it started through references and subschemas that apply to the
 * same value (allOf, anyOf, not…) never ends: ajv would recurse until the stack overflows.
 * References through `items` or `properties` are fine (each step is a smaller value).
 */
function refuseRefCycles(
  references: ReadonlyMap<string, readonly { to: string; file: string; pointer: string }[]>,
  sameValueChildren: ReadonlyMap<string, readonly string[]>,
  files: ReadonlyMap<string, string>,
): void {
  const next = (key: string): string[] => [...(references.get(key) ?? []).map((r) => r.to), ...(sameValueChildren.get(key) ?? [])];
  const done = new Set<string>();
  for (const start of references.keys()) {
    if (done.has(start)) continue;
    // Depth-first without recursion: a chain of references may be long.
    const path: string[] = [];
    const onPath = new Set<string>();
    const stack: { key: string; children: string[] }[] = [];
    const enter = (key: string): void => {
      path.push(key);
      onPath.add(key);
      stack.push({ key, children: next(key) });
    };
    enter(start);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const child = top.children.shift();
      if (child === undefined) {
        stack.pop();
        onPath.delete(path.pop()!);
        done.add(top.key);
        continue;
      }
      if (onPath.has(child)) {
        const cycle = [...path.slice(path.indexOf(child)), child];
        // The reference that is a step of the cycle (a node may also have subschemas off it).
        const ref = cycle.slice(0, -1).flatMap((key, i) => (references.get(key) ?? []).filter((r) => r.to === cycle[i + 1]))[0]!;
        const named = cycle.map((key) => {
          const [id, pointer] = key.split('#') as [string, string];
          return `${files.get(id) ?? id}#${pointer}`;
        });
        throw new SchemaError(
          `${ref.file}#${ref.pointer}: $ref leads back to itself (${named.join(' → ')}), so validation would never end`,
          ref.file,
          ref.pointer,
        );
      }
      if (!done.has(child)) enter(child);
    }
  }
}
