import { columnLetters, show, type Location } from '../finding.ts';
import { decodeLegacy, hex } from '../../text/legacy-encodings.ts';
import { addScores, chooseEncoding, FILE_ENCODINGS, invalidBytesByCell, scoreReadings, type ReadingScores } from '../../text/legacy-file.ts';
import { defineRule } from '../define-rule.ts';

/** Locations named in the finding for a whole file. */
const FIRST_LOCATIONS = 3;
/** Cells reported one by one in a file that is UTF-8 but for a few bytes. */
const MAX_CELLS = 20;

const SAVE_AS_UTF8 =
  'Excel: Save As › "CSV UTF-8 (Comma delimited)"; LibreOffice: Save As › Text CSV, "Edit filter settings", Character set "Unicode (UTF-8)"; Numbers: Export To › CSV, Text Encoding "Unicode (UTF-8)"; Google Sheets always downloads UTF-8.';

/** What the bytes would have meant in the encodings spreadsheets write by default. */
export function legacyReadings(bytes: readonly number[]): string {
  return FILE_ENCODINGS.map((name) => `in ${name} ${show(decodeLegacy(bytes, name))}`).join(', ');
}

interface DamagedCell {
  readonly location: Location;
  readonly bytes: readonly number[];
}

/** What the rule gathers about one file while its rows go by; bounded, whatever the file's size. */
interface FileDamage {
  rows: number;
  readonly cells: DamagedCell[];
  readonly scores: ReadingScores;
  /** How often each invalid byte occurs, to show what they read as. */
  readonly byteCounts: Map<number, number>;
}

export default defineRule(
  {
    code: 'not-utf8',
    severity: 'error',
    stages: ['file', 'raw row'],
    title: 'Bytes that are not UTF-8',
    description:
      'Tables must be UTF-8. Excel\'s plain "CSV" save writes Windows-1252 (Windows) or Mac Roman (Mac), which garbles names in other scripts and replaces what it cannot encode. A file that is all in one of those encodings is one finding, with the encoding its bytes read as; a UTF-8 file with a few stray bytes gets one finding per cell.',
    fix: 'Run `npm run format -- --fix` to convert a file that is entirely Windows-1252 or Mac Roman; otherwise save it again as UTF-8.',
    messages: {
      byteInCell: '{value} contains a byte that is not UTF-8: {bytes} ({readings}).',
      bytesInCell: '{value} contains bytes that are not UTF-8: {bytes} ({readings}).',
      fileInEncoding: 'The file is not UTF-8: {byteCount} on {rowCount} (first in {places}) {are} not; they read as {encoding}: {readAs}.',
      fileAmbiguous:
        'The file is not UTF-8: {byteCount} on {rowCount} (first in {places}) {are} not; they read as Windows-1252 {windows1252} or as Mac Roman {macRoman}.',
    },
    hints: {
      retype: 'The rest of the file is UTF-8, so the text was pasted or typed in another encoding: retype the character in the cell, and save as UTF-8.',
      fileInEncoding: `Run \`npm run format -- --fix\` to convert the file to UTF-8 (it lists every change), or save it again as UTF-8 — ${SAVE_AS_UTF8}`,
      fileAmbiguous: `Which of the two it is cannot be told from the bytes, so \`--fix\` leaves it: save it again as UTF-8 from the program that wrote it — ${SAVE_AS_UTF8}`,
    },
  },
  (context) => {
    let damage: FileDamage | undefined;
    return {
      file() {
        damage = undefined;
      },
      rawRow(raw, file) {
        if (!raw.invalidBytes) return;
        damage ??= { rows: 0, cells: [], scores: { 'Windows-1252': 0, 'Mac Roman': 0 }, byteCounts: new Map() };
        damage.rows += 1;
        for (const { index, cell, bytes } of invalidBytesByCell(raw.cells, raw.invalidBytes)) {
          addScores(damage.scores, scoreReadings(cell, bytes));
          for (const byte of bytes) damage.byteCounts.set(byte, (damage.byteCounts.get(byte) ?? 0) + 1);
          if (damage.cells.length >= MAX_CELLS) continue;
          const column = file.header[index];
          damage.cells.push({
            location: {
              file: file.path,
              row: raw.row,
              line: raw.line,
              ...(column !== undefined ? { column } : {}),
              cell: `${columnLetters(index)}${raw.row}`,
              value: cell,
            },
            bytes,
          });
        }
      },
      fileEnd(_file, facts) {
        if (!damage || facts.invalidByteCount === 0) return;
        if (facts.multiByteUtf8) reportCells(damage);
        else reportFile(damage, facts.invalidByteCount);
      },
    };

    /** A UTF-8 file with stray bytes: each cell, with what its bytes would have been. */
    function reportCells({ cells }: FileDamage): void {
      for (const { location, bytes } of cells) {
        context.report({
          ...location,
          messageId: bytes.length === 1 ? 'byteInCell' : 'bytesInCell',
          hintId: 'retype',
          data: { value: show(location.value!), bytes: bytes.map(hex).join(' '), readings: legacyReadings(bytes) },
        });
      }
    }

    /** A file all in a legacy encoding: one finding, with the encoding it reads as and how to convert it. */
    function reportFile({ rows, cells, scores, byteCounts }: FileDamage, byteCount: number): void {
      const encoding = chooseEncoding(scores);
      const places = cells.slice(0, FIRST_LOCATIONS).map((c) => c.location.cell);
      const common = [...byteCounts].sort((a, b) => b[1] - a[1]).slice(0, 4);
      const readAs = (name: (typeof FILE_ENCODINGS)[number]): string =>
        common.map(([byte, count]) => `${show(decodeLegacy([byte], name))}${count > 1 ? ` ×${count}` : ''}`).join(', ');
      const [first] = cells;
      context.report({
        ...first!.location,
        messageId: encoding ? 'fileInEncoding' : 'fileAmbiguous',
        data: {
          byteCount: `${byteCount} ${byteCount === 1 ? 'byte' : 'bytes'}`,
          rowCount: `${rows} ${rows === 1 ? 'row' : 'rows'}`,
          places: `${places.join(', ')}${cells.length > FIRST_LOCATIONS ? ', …' : ''}`,
          are: byteCount === 1 ? 'is' : 'are',
          encoding: encoding ?? '',
          readAs: encoding ? readAs(encoding) : '',
          windows1252: readAs('Windows-1252'),
          macRoman: readAs('Mac Roman'),
        },
      });
    }
  },
);
