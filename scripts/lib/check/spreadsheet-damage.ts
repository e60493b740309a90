import { isEdtfDate } from '../edtf.ts';
import type { ColumnModel } from '../model/types.ts';
import { show } from './finding.ts';
import type { MessageData } from './rule.ts';

/**
 * Recognises values that a spreadsheet wrote in place of the original: dates re-formatted, ids turned
 * into numbers, formula errors. Each diagnosis names the rule that reports it and which of that rule's
 * messages says what the value probably was and how to undo it.
 */
export interface Diagnosis {
  readonly code: 'spreadsheet-date' | 'spreadsheet-number' | 'spreadsheet-error-value';
  readonly messageId: string;
  readonly hintId?: string;
  readonly data: MessageData;
}

/** The end of the spreadsheet rules' hints. */
export const KEEP_AS_TEXT =
  'When you open the file, import every column as Text (LibreOffice: Text Import › column type Text; Excel: Data › From Text/CSV › Transform; Google Sheets: File › Import with "Convert text to numbers, dates and formulas" unticked; Gnumeric: File › Open with File type "Text import (configurable)", every column formatted as Text).';

/** Error values of Excel, Google Sheets and LibreOffice (English UI). */
export const ERROR_VALUE = /^(#(NAME\?|REF!|VALUE!|DIV\/0!|N\/A|NUM!|NULL!|SPILL!|CALC!|ERROR!|GETTING_DATA)|Err:\d{3})$/;
export const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?[Ee][+-]?\d+$/;
/** `December 2013`, `Dec. 2013`, `5 December 2013`: typed, as no spreadsheet writes a date (they write `Dec-13`). */
export const DATE_IN_WORDS = /^(?:\d{1,2}\s+)?[A-Za-z]{3,9}\.?\s+\d{4}$/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** Excel counts days from 1899-12-30 (after its 1900 leap-year bug); LibreOffice uses the same epoch. */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const DAY = 86_400_000;

export function diagnoseValue(column: ColumnModel, value: string): Diagnosis | undefined {
  // Most cells start with a letter and are not dates: decide that from the first character.
  const first = value.charCodeAt(0);
  const numeric = (first >= 48 && first <= 57) || first === 43 || first === 45;
  if (!numeric && first !== 35 && first !== 69 && !column.date) return undefined;
  if (ERROR_VALUE.test(value)) {
    return { code: 'spreadsheet-error-value', messageId: 'errorValue', data: { value: show(value) } };
  }
  if (SCIENTIFIC.test(value) && !isEdtfDate(value)) {
    return { code: 'spreadsheet-number', messageId: 'scientific', data: { value: show(value) } };
  }
  if (column.date && !isEdtfDate(value)) {
    const probable = probableDate(value);
    if (probable && DATE_IN_WORDS.test(value.trim())) {
      return { code: 'spreadsheet-date', messageId: 'inWords', data: { value: show(value), probable } };
    }
    if (probable) {
      const repaired = repairDate(value);
      return {
        code: 'spreadsheet-date',
        messageId: YEAR_FIRST_WITH_SLASHES.test(value.trim()) ? 'rewrittenYearFirst' : 'rewritten',
        hintId: repaired ? 'repairable' : 'writeBack',
        data: { value: show(value), probable, repaired: repaired ? show(repaired) : '' },
      };
    }
  }
  if (/^\d+$/.test(value) && column.pattern?.startsWith('^Q')) {
    return { code: 'spreadsheet-number', messageId: 'lostQ', data: { value: show(value), probable: show(`Q${value.replace(/^0+/, '')}`) } };
  }
  if (/^\d+(?:[.,]\d+)?$/.test(value) && (column.references || column.typeTitle === 'id')) {
    return { code: 'spreadsheet-number', messageId: 'numberForId', data: { value: show(value) } };
  }
  return undefined;
}

/** The EDTF value a spreadsheet-formatted date most likely came from, as `\`2015-02\`` text, or undefined. */
export function probableDate(value: string): string | undefined {
  const text = value.trim();
  let match = text.match(/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$/);
  if (match) {
    const [a, b, year] = [Number(match[1]), Number(match[2]), fullYear(match[3]!)];
    const dayMonth = ymd(year, b, a);
    const monthDay = ymd(year, a, b);
    if (dayMonth && !monthDay) return firstOfMonth(dayMonth);
    if (monthDay && !dayMonth) return firstOfMonth(monthDay);
    if (dayMonth && monthDay)
      return dayMonth === monthDay ? firstOfMonth(dayMonth) : `${firstOfMonth(monthDay)} if it is month/day, or ${firstOfMonth(dayMonth)} if it is day/month`;
    return undefined;
  }
  match = text.match(/^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/) ?? text.match(/^(\d{4})-(\d{2})-(\d{2})[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/);
  if (match) {
    const date = ymd(Number(match[1]), Number(match[2]), Number(match[3]));
    return date ? firstOfMonth(date) : undefined;
  }
  match = text.match(/^([A-Za-z]{3,9})[\s-]+(\d{4}|\d{2})$/);
  if (match) {
    const month = monthNumber(match[1]!);
    return month ? `\`${fullYear(match[2]!)}-${pad(month)}\`` : undefined;
  }
  match = text.match(/^(\d{1,2})[\s-]+([A-Za-z]{3,9})[\s-]+(\d{4}|\d{2})$/);
  if (match) {
    const month = monthNumber(match[2]!);
    const date = month ? ymd(fullYear(match[3]!), month, Number(match[1])) : undefined;
    return date ? firstOfMonth(date) : undefined;
  }
  match = text.match(/^(\d{5})(?:\.\d+)?$/);
  if (match) {
    const instant = EXCEL_EPOCH + Number(match[1]) * DAY;
    const date = new Date(instant).toISOString().slice(0, 10);
    return `${firstOfMonth(date)} (spreadsheet day number ${match[1]} is ${date})`;
  }
  return undefined;
}

/**
 * The EDTF date a spreadsheet's rewrite certainly stands for, for `format --fix`: a day number, an
 * ISO date with a time or a year-first date with slashes (`2014/11/24`) that is not the 1st of a month (a 1st may be a month the spreadsheet stored as
 * its first day), or a month written `Dec-13` or `December 2013`. Day/month orders are never guessed.
 */
export function repairDate(value: string): string | undefined {
  const text = value.trim();
  let match = text.match(/^(\d{5})$/);
  if (match) return notFirstOfMonth(new Date(EXCEL_EPOCH + Number(match[1]) * DAY).toISOString().slice(0, 10));
  match = text.match(/^(\d{4})-(\d{2})-(\d{2})[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/) ?? text.match(YEAR_FIRST_WITH_SLASHES);
  if (match) {
    const date = ymd(Number(match[1]), Number(match[2]), Number(match[3]));
    return date && notFirstOfMonth(date);
  }
  match = text.match(/^([A-Za-z]{3,9})[\s-]+(\d{4}|\d{2})$/);
  const month = match && monthNumber(match[1]!);
  return month && isMonthName(match![1]!) ? `${fullYear(match![2]!)}-${pad(month)}` : undefined;
}

/** `2014/11/24`: year, month, day, as Gnumeric writes a date (and nobody puts the day before the month after the year). */
const YEAR_FIRST_WITH_SLASHES = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/;

const notFirstOfMonth = (date: string): string | undefined => (date.endsWith('-01') ? undefined : date);

/** A month's name or its three-letter abbreviation, in English, as spreadsheets write them. */
function isMonthName(word: string): boolean {
  const lower = word.toLowerCase();
  return MONTH_NAMES.some((name) => name === lower || name.slice(0, 3) === lower || (name === 'september' && lower === 'sept'));
}

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** Spreadsheets store `2015-02` as the 1st of the month, so a 1st is most likely a month. */
function firstOfMonth(date: string): string {
  return date.endsWith('-01') ? `\`${date.slice(0, 7)}\` (or \`${date}\`)` : `\`${date}\``;
}

function ymd(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1) return undefined;
  const date = `${year}-${pad(month)}-${pad(day)}`;
  return isEdtfDate(date) ? date : undefined;
}

/** Two-digit years as spreadsheets read them: 00-29 → 20xx, 30-99 → 19xx. */
function fullYear(text: string): number {
  const year = Number(text);
  return text.length === 4 ? year : year < 30 ? 2000 + year : 1900 + year;
}

function monthNumber(name: string): number | undefined {
  const index = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  return index < 0 ? undefined : index + 1;
}

const pad = (n: number): string => String(n).padStart(2, '0');
