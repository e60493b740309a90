import type { JsonSchema } from './types.ts';

/** Keywords whose value is one subschema. */
const ONE_SCHEMA = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties'];
/** Keywords whose value is an array of subschemas. */
const SCHEMA_ARRAY = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
/** Keywords whose value maps names to subschemas. */
const SCHEMA_MAP = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
/**
 * The subschemas that apply to the very value their parent applies to (not to an item or a property
 * of it): a `$ref` that leads back through these alone would validate the same value for ever.
 */
const SAME_VALUE = new Set(['allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else', 'dependentSchemas']);

/** A JSON pointer token: `~` and `/` escaped (RFC 6901). */
export const pointerToken = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

export interface Subschema {
  readonly node: JsonSchema;
  readonly pointer: string;
  /** It applies to the same value as its parent (allOf, anyOf, not, if…). */
  readonly sameValue: boolean;
}

/** The direct subschemas of a schema object, by keyword position: a column named `pattern` is a property, never a pattern. */
export function subschemas(node: JsonSchema, pointer: string): Subschema[] {
  const found: Subschema[] = [];
  const add = (keyword: string, value: unknown, at: string): void => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      found.push({ node: value as JsonSchema, pointer: at, sameValue: SAME_VALUE.has(keyword) });
  };
  for (const keyword of ONE_SCHEMA) if (keyword in node) add(keyword, node[keyword], `${pointer}/${keyword}`);
  for (const keyword of SCHEMA_ARRAY) {
    const value = node[keyword];
    if (Array.isArray(value)) value.forEach((item, i) => add(keyword, item, `${pointer}/${keyword}/${i}`));
  }
  for (const keyword of SCHEMA_MAP) {
    const value = node[keyword];
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      for (const [key, item] of Object.entries(value)) add(keyword, item, `${pointer}/${keyword}/${pointerToken(key)}`);
  }
  return found;
}

/** The value at a JSON pointer (`/$defs/Id`) inside a document, or undefined. */
export function atPointer(document: unknown, pointer: string): unknown {
  let target = document;
  for (const token of pointer.split('/').slice(1)) {
    if (target === null || typeof target !== 'object') return undefined;
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!Object.hasOwn(target, key)) return undefined;
    target = (target as Record<string, unknown>)[key];
  }
  return target;
}

export interface RefTarget {
  /** $id of the document the reference points into. */
  readonly documentId: string;
  /** JSON pointer inside it, `''` for the whole document. */
  readonly pointer: string;
  /** What is there, undefined when nothing is. */
  readonly node: unknown;
}

/** Where a `$ref` leads from a document with `$id` `baseId`: `defs.schema.json#/$defs/Id`, or `#/$defs/Id` in the same document. */
export function refTarget(ref: string, baseId: string, byId: ReadonlyMap<string, JsonSchema>): RefTarget {
  const hash = ref.indexOf('#');
  const documentPart = hash === -1 ? ref : ref.slice(0, hash);
  const pointer = hash === -1 ? '' : ref.slice(hash + 1);
  const documentId = documentPart === '' ? baseId : documentPart;
  const document = byId.get(documentId);
  return { documentId, pointer, node: document === undefined || (pointer !== '' && !pointer.startsWith('/')) ? undefined : atPointer(document, pointer) };
}
