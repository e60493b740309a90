import type { Rule } from '../rule.ts';
import archiveBom from './archive-bom.ts';
import archiveEmpty from './archive-empty.ts';
import archiveEncoding from './archive-encoding.ts';
import archiveMisnamed from './archive-misnamed.ts';
import archiveMissing from './archive-missing.ts';
import blankRow from './blank-row.ts';
import cellWhitespace from './cell-whitespace.ts';
import columnOrder from './column-order.ts';
import containmentCycle from './containment-cycle.ts';
import dateAfterSource from './date-after-source.ts';
import tooFewPublishers from './too-few-publishers.ts';
import dateInFuture from './date-in-future.ts';
import dateOrder from './date-order.ts';
import duplicateColumn from './duplicate-column.ts';
import duplicateId from './duplicate-id.ts';
import duplicateItem from './duplicate-item.ts';
import emptyTable from './empty-table.ts';
import endpointType from './endpoint-type.ts';
import fileIsLink from './file-is-link.ts';
import fileMissing from './file-missing.ts';
import formulaInjection from './formula-injection.ts';
import garbledText from './garbled-text.ts';
import headerMissing from './header-missing.ts';
import hiddenCharacters from './hidden-characters.ts';
import idConflict from './id-conflict.ts';
import invalidValue from './invalid-value.ts';
import malformedQuote from './malformed-quote.ts';
import mergeConflict from './merge-conflict.ts';
import missingColumn from './missing-column.ts';
import missingValue from './missing-value.ts';
import mixedLineEndings from './mixed-line-endings.ts';
import notACsv from './not-a-csv.ts';
import notUtf8 from './not-utf8.ts';
import possibleDuplicate from './possible-duplicate.ts';
import replacedCharacters from './replaced-characters.ts';
import spreadsheetDate from './spreadsheet-date.ts';
import spreadsheetErrorValue from './spreadsheet-error-value.ts';
import spreadsheetNumber from './spreadsheet-number.ts';
import strayQuote from './stray-quote.ts';
import wrongDelimiter from './wrong-delimiter.ts';
import quoteNotFound from './quote-not-found.ts';
import referenceNotFound from './reference-not-found.ts';
import selfRelation from './self-relation.ts';
import tooFewCells from './too-few-cells.ts';
import tooLong from './too-long.ts';
import tooManyCells from './too-many-cells.ts';
import unknownColumn from './unknown-column.ts';
import unreferencedRow from './unreferenced-row.ts';
import unterminatedQuote from './unterminated-quote.ts';
import utf16Encoding from './utf16-encoding.ts';
import valueNotAllowed from './value-not-allowed.ts';

/** The rule catalogue, in pipeline order: file, row structure, cells, then dataset-wide. */
export const RULES: readonly Rule[] = [
  fileMissing,
  fileIsLink,
  notACsv,
  utf16Encoding,
  headerMissing,
  emptyTable,
  unknownColumn,
  duplicateColumn,
  missingColumn,
  columnOrder,
  wrongDelimiter,
  mixedLineEndings,
  mergeConflict,
  notUtf8,
  unterminatedQuote,
  malformedQuote,
  strayQuote,
  blankRow,
  tooManyCells,
  tooFewCells,
  spreadsheetErrorValue,
  spreadsheetDate,
  spreadsheetNumber,
  missingValue,
  invalidValue,
  valueNotAllowed,
  tooLong,
  duplicateItem,
  cellWhitespace,
  formulaInjection,
  garbledText,
  hiddenCharacters,
  replacedCharacters,
  duplicateId,
  idConflict,
  referenceNotFound,
  endpointType,
  selfRelation,
  containmentCycle,
  dateOrder,
  dateInFuture,
  dateAfterSource,
  tooFewPublishers,
  archiveMissing,
  archiveMisnamed,
  archiveEmpty,
  archiveEncoding,
  archiveBom,
  quoteNotFound,
  unreferencedRow,
  possibleDuplicate,
];
