import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompactTextMap } from '../scripts/lib/text/compact-text-map.ts';
import { KeyIndex } from '../scripts/lib/check/key-index.ts';
import { SlotKeyMap } from '../scripts/lib/check/slot-key-map.ts';
import { StringList } from '../scripts/lib/text/string-list.ts';
import { MODEL } from './helpers/fixtures.ts';

describe('CompactTextMap', () => {
  // Short keys from a small alphabet repeat often; the odd non-Latin-1 one takes the other path.
  const key = fc.oneof(fc.string({ unit: fc.constantFrom('a', 'b', '-', '1', 'é'), maxLength: 4 }), fc.constantFrom('кавказ', 'ab\u{1F642}', ''));

  it('answers exactly as a Map keeping each key’s first row, through growth', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), key), { maxLength: 3000 }), (operations) => {
        const compact = new CompactTextMap();
        const reference = new Map<string, number>();
        operations.forEach(([isAdd, k], row) => {
          if (isAdd) {
            expect(compact.add(k, row)).toBe(reference.get(k));
            if (!reference.has(k)) reference.set(k, row);
          } else expect(compact.get(k)).toBe(reference.get(k));
        });
        expect(compact.size).toBe(reference.size);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps 200,000 distinct ids and finds each, and no id it was not given', () => {
    const compact = new CompactTextMap();
    for (let i = 0; i < 200_000; i++) expect(compact.add(`al-${i.toString(36)}`, i + 2)).toBeUndefined();
    for (let i = 0; i < 200_000; i += 997) expect(compact.get(`al-${i.toString(36)}`)).toBe(i + 2);
    expect(compact.get('al-')).toBeUndefined();
    expect(compact.get('al-zzzzzz')).toBeUndefined();
    expect(compact.add('al-0', 999)).toBe(2);
  });
});

describe('SlotKeyMap', () => {
  const key = fc.oneof(fc.string({ unit: fc.constantFrom('a', 'b', '-', '1', 'é', 'ÿ'), maxLength: 5 }), fc.constantFrom('кавказ', 'ab\u{1F642}', ''));

  it('answers exactly as a Map, through growth, updates and listing', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), key, fc.integer({ min: -1e6, max: 1e6 })), { maxLength: 3000 }), (operations) => {
        const slots = new SlotKeyMap();
        const reference = new Map<string, number>();
        for (const [isSet, k, value] of operations) {
          if (isSet) {
            slots.set(k, value);
            reference.set(k, value);
          } else expect(slots.get(k)).toBe(reference.get(k));
        }
        expect(slots.size).toBe(reference.size);
        const even = (value: number): boolean => value % 2 === 0;
        expect(new Map(slots.entriesWhere(even))).toEqual(new Map([...reference].filter(([, value]) => even(value))));
      }),
      { numRuns: 200 },
    );
  });
});

describe('KeyIndex', () => {
  it('keeps keys compactly for tables nothing refers to, and answers every question for every table of the model', () => {
    const keys = new KeyIndex(MODEL);
    keys.add('actors', 'kebekov', 2);
    keys.add('allegiances', 'kebekov-leads', 2);
    expect([...keys.keys('actors')]).toEqual(['kebekov']);
    // Listed from the compact keys, in row order; a key with a character past U+00FF too.
    expect([...keys.keys('allegiances')]).toEqual(['kebekov-leads']);
    keys.add('allegiances', 'a-first', 1);
    keys.add('allegiances', 'кебеков', 3);
    expect([...keys.keys('allegiances')]).toEqual(['a-first', 'kebekov-leads', 'кебеков']);
    expect([...keys.unreferenced('allegiances')]).toEqual([
      ['a-first', 1],
      ['kebekov-leads', 2],
      ['кебеков', 3],
    ]);
    expect(keys.resolve(['allegiances'], 'kebekov-leads')).toBeUndefined();
    for (const table of MODEL.tables) {
      expect(() => [...keys.keys(table.name), ...keys.unreferenced(table.name)], table.name).not.toThrow();
      expect(keys.get(table.name, 'nobody'), table.name).toBeUndefined();
    }
    expect(keys.get('allegiances', 'kebekov-leads')).toEqual({ table: 'allegiances', row: 2 });
    expect(keys.add('allegiances', 'kebekov-leads', 7)).toBe(2);
    expect(keys.resolve(['actors', 'groups'], 'kebekov')).toBe('actors');
    expect([...keys.unreferenced('actors')]).toEqual([]);
  });

  it('answers as one Map per table would, for ids that several tables share', () => {
    const table = fc.constantFrom('actors', 'groups', 'sources');
    const id = fc.constantFrom('a', 'b', 'c', 'kebekov', 'кавказ', 'a-long-identifier-1');
    const targets = fc.constantFrom(['actors'], ['groups'], ['actors', 'groups'], ['groups', 'actors'], ['sources']);
    const operation = fc.oneof(fc.tuple(fc.constant('add' as const), table, id), fc.tuple(fc.constant('resolve' as const), targets, id));
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 60 }), (operations) => {
        const keys = new KeyIndex(MODEL);
        const reference = new Map(['actors', 'groups', 'sources'].map((name) => [name, new Map<string, { row: number; referenced: boolean }>()]));
        operations.forEach(([kind, where, k], i) => {
          const row = i + 2;
          if (kind === 'add') {
            const held = reference.get(where)!;
            expect(keys.add(where, k, row)).toBe(held.get(k)?.row);
            if (!held.has(k)) held.set(k, { row, referenced: false });
            return;
          }
          const found = where.find((name) => reference.get(name)!.has(k));
          expect(keys.resolve(where, k)).toBe(found);
          if (found) reference.get(found)!.get(k)!.referenced = true;
        });
        for (const [name, held] of reference) {
          // Listed in row order, the order they were added in.
          expect(keys.keys(name)).toEqual([...held.keys()]);
          for (const [k, { row }] of held) expect(keys.get(name, k)).toEqual({ table: name, row });
          const unreferenced = [...held].filter(([, entry]) => !entry.referenced).map(([k, entry]) => [k, entry.row]);
          expect([...keys.unreferenced(name)]).toEqual(unreferenced);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives the physical line of every keyed row after quoted line breaks', () => {
    const keys = new KeyIndex(MODEL);
    const lines = [2, 3, 5, 6, 9, 10, 11];
    lines.forEach((line, i) => keys.add('actors', `a${i}`, i + 2, line));
    lines.forEach((line, i) => expect(keys.lineOf('actors', i + 2)).toBe(line));
    expect(keys.lineOf('groups', 40)).toBe(40);
  });
});

describe('StringList', () => {
  it('gives back every string it was given, in any script', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 40 }), { maxLength: 2000 }), (texts) => {
        const list = new StringList();
        texts.forEach((text, i) => expect(list.push(text)).toBe(i));
        expect(list.length).toBe(texts.length);
        texts.forEach((text, i) => expect(list.at(i)).toBe(text));
      }),
      { numRuns: 50 },
    );
    expect(() => new StringList().at(0)).toThrow(RangeError);
  });
});
