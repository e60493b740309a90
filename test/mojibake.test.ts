import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeLegacy, encodeLegacy, LEGACY_ENCODINGS, type LegacyEncoding } from '../scripts/lib/text/legacy-encodings.ts';
import { garble, restoresExactly, ungarble } from '../scripts/lib/text/mojibake.ts';

const range = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i));
const ascii = [...'abcdefghijklmnopqrstuvwxyz'];

/** Letters of the scripts and languages the dataset's names and texts are written in. */
const ALPHABETS: Record<string, readonly string[]> = {
  Cyrillic: [...range(0x410, 0x44f), 'Ё', 'ё', 'Ӏ', 'ӏ'],
  Georgian: range(0x10d0, 0x10f0),
  Arabic: [...range(0x621, 0x63a), ...range(0x641, 0x64a), 'پ', 'چ', 'ژ', 'گ', 'ی'],
  Azerbaijani: [...ascii, ...'əƏğĞıİöÖüÜşŞçÇ'],
  Turkish: [...ascii, ...'ğĞıİöÖüÜşŞçÇâî'],
  French: [...ascii, ...'éèêëàâçôûùîïœæÉÈÀÇÊÔŒ'],
  German: [...ascii, ...'äöüßÄÖÜ'],
  Latin: ascii,
};

/**
 * A word of two letters or more: lowercase, the first one capital or not; ASCII words also in
 * capitals (acronyms). A capitalised word ending in `Ä…` or `AÅ’` is left out: it is, byte for
 * byte, the mojibake of `ą` or `AŒ`, and the detector does not report it.
 */
const word = (letters: readonly string[]) =>
  fc
    .tuple(
      fc.array(fc.constantFrom(...letters.filter((l) => l === l.toLowerCase())), { minLength: 2, maxLength: 9 }),
      fc.constantFrom('lower', 'capital', 'upper'),
    )
    .map(([chars, style]) => {
      const text = chars.join('');
      if (style === 'upper' && /^[a-z]+$/.test(text)) return text.toUpperCase();
      return style === 'lower' ? text : text.charAt(0).toUpperCase() + text.slice(1);
    });

/** A word as typed in running text: bare, elided (`d’Égypte`), possessive, quoted in the language's quotes, or followed by punctuation. */
const token = fc.oneof(
  ...Object.values(ALPHABETS).map((letters) =>
    fc
      .tuple(
        word(letters),
        fc.constantFrom('', '', '', '’s', '…', ',', '.', '?', ':'),
        fc.constantFrom(['', ''], ['“', '”'], ['‘', '’'], ['«', '»'], ['« ', ' »'], ['„', '“'], ['»', '«'], ['d’', ''], ['l’', ''], ['(', ')']),
      )
      .map(([w, end, [open, close]]) => `${open}${w}${end}${close}`),
  ),
  fc.constantFrom('🙂', '👍🏽', '🇬🇪', '–', '—', '2013–2015', '№ 5', '€20', '°C', '½', '©', '™'),
);
const realText = fc.array(token, { minLength: 1, maxLength: 8 }).map((tokens) => tokens.join(' '));
const hasNonAscii = (text: string): boolean => /[^\u0000-\u007F]/.test(text);
const encoding = fc.constantFrom<LegacyEncoding>(...LEGACY_ENCODINGS);

describe('legacy encodings', () => {
  it('decode and encode are inverse over every byte', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    for (const name of LEGACY_ENCODINGS) expect(encodeLegacy(decodeLegacy(bytes, name), name)).toEqual(bytes);
  });

  it('reads the bytes spreadsheets write as they mean them', () => {
    expect(decodeLegacy([0x92, 0xe9, 0x81], 'Windows-1252')).toBe('’é\u0081');
    expect(decodeLegacy([0xd5, 0x8e], 'Mac Roman')).toBe('’é');
    expect(encodeLegacy('Кавказ', 'Windows-1252')).toBeUndefined();
  });
});

describe('ungarble', () => {
  it.each([
    ['Islamic Stateâ€™s', 'Islamic State’s', ['Windows-1252']],
    ['ÐŸÑƒÑ‚Ð¸Ð½', 'Путин', ['Windows-1252']],
    ['Islamic StateÃ¢â‚¬â„¢s', 'Islamic State’s', ['Windows-1252', 'Windows-1252']],
    ['caf√©', 'café', ['Mac Roman']],
    ['MÃ¼ller', 'Müller', ['Windows-1252']],
  ])('%s was %s', (garbled, original, encodings) => {
    expect(ungarble(garbled)).toEqual({ original, encodings, ambiguous: false });
  });

  it("reads what LibreOffice wrote for Windows-1252's undefined bytes (private-use characters)", () => {
    const asLibreOffice = (text: string): string =>
      garble(text, ['Windows-1252']).replace(/[\u0081\u008D\u008F\u0090\u009D]/g, (c) => String.fromCharCode(0xf100 + c.charCodeAt(0)));
    // Алиасхаб: the 0x90 of А and the 0x81 of с became U+F190 and U+F181.
    expect(asLibreOffice('Алиасхаб')).toBe('Ð\uF190Ð»Ð¸Ð°Ñ\uF181Ñ…Ð°Ð±');
    expect(ungarble(asLibreOffice('Алиасхаб'))).toEqual({ original: 'Алиасхаб', encodings: ['Windows-1252'], ambiguous: false });
    expect(ungarble(asLibreOffice('Нохчийчоь “ქართული”'))?.original).toBe('Нохчийчоь “ქართული”');
  });

  it('restores exactly only what garbling the original again gives back', () => {
    const once = garble('Алиасхаб', ['Windows-1252']);
    expect(restoresExactly(once, ungarble(once)!)).toBe(true);
    // LibreOffice's private-use characters for undefined bytes, in the outer layer: the same bytes.
    const libreOffice = once.replace(/\u0090/g, '\uF190').replace(/\u0081/g, '\uF181');
    expect(restoresExactly(libreOffice, ungarble(libreOffice)!)).toBe(true);
    // In the inner layer of text garbled twice they were other bytes (EF 86 90, not C2 90): found, but not certain.
    const twice = garble(libreOffice, ['Windows-1252']);
    expect(ungarble(twice)?.original).toBe('Алиасхаб');
    expect(restoresExactly(twice, ungarble(twice)!)).toBe(false);
  });

  it('leaves real names and text alone in a dozen scripts and languages, with typographic punctuation and emoji', () => {
    fc.assert(
      fc.property(realText, (text) => {
        expect(ungarble(text)).toBeUndefined();
      }),
      { numRuns: 3000 },
    );
  });

  it('finds text garbled once, in any of the encodings, and restores it exactly', () => {
    fc.assert(
      fc.property(realText.filter(hasNonAscii), encoding, (text, misreadAs) => {
        const garbled = garble(text, [misreadAs]);
        const found = ungarble(garbled);
        expect(found?.original).toBe(text);
        expect(found?.ambiguous).toBe(false);
        expect(garble(found!.original, found!.encodings)).toBe(garbled);
      }),
      { numRuns: 1500 },
    );
  });

  it('finds text garbled twice and restores it', () => {
    fc.assert(
      fc.property(realText.filter(hasNonAscii), encoding, encoding, (text, first, second) => {
        const garbled = garble(text, [second, first]);
        const found = ungarble(garbled);
        expect(found?.original).toBe(text);
        expect(garble(found!.original, found!.encodings)).toBe(garbled);
      }),
      { numRuns: 1000 },
    );
  });
});
