import { describe, expect, it } from 'vitest';
import { tableByName } from '../scripts/lib/model/load-model.ts';
import { diagnoseValue, probableDate } from '../scripts/lib/check/spreadsheet-damage.ts';
import { MODEL } from './helpers/fixtures.ts';

const column = (table: string, name: string) => tableByName(MODEL, table).columns.find((c) => c.name === name)!;

describe('probableDate: which EDTF value a spreadsheet date came from', () => {
  it.each([
    ['2/1/2015', '`2015-02` (or `2015-02-01`) if it is month/day, or `2015-01-02` if it is day/month'],
    ['24/11/2014', '`2014-11-24`'],
    ['11/24/2014', '`2014-11-24`'],
    ['1/1/2015', '`2015-01` (or `2015-01-01`)'],
    ['Feb-15', '`2015-02`'],
    ['February 2015', '`2015-02`'],
    ['1-Feb-15', '`2015-02` (or `2015-02-01`)'],
    ['42036', '`2015-02` (or `2015-02-01`) (spreadsheet day number 42036 is 2015-02-01)'],
    ['41967', '`2014-11-24` (spreadsheet day number 41967 is 2014-11-24)'],
    ['2015-02-01 00:00:00', '`2015-02` (or `2015-02-01`)'],
    ['2015/02/02', '`2015-02-02`'],
    ['24.11.2014', '`2014-11-24`'],
  ])('%s → %s', (value, expected) => {
    expect(probableDate(value)).toBe(expected);
  });

  it.each(['2015', 'soon', '31/31/2015', 'Foo-15', '1234'])('%s is not taken for a spreadsheet date', (value) => {
    expect(probableDate(value)).toBeUndefined();
  });
});

describe('diagnoseValue', () => {
  it('recognises error values in any column', () => {
    for (const value of ['#NAME?', '#REF!', '#VALUE!', '#N/A', '#DIV/0!', 'Err:502']) {
      expect(diagnoseValue(column('allegiances', 'notes'), value)?.code, value).toBe('spreadsheet-error-value');
    }
  });

  it('recognises numbers where ids and Q-ids belong, and scientific notation anywhere', () => {
    expect(diagnoseValue(column('actors', 'wikidata'), '1052432')).toMatchObject({ messageId: 'lostQ', data: { probable: '`Q1052432`' } });
    expect(diagnoseValue(column('allegiances', 'subject_id'), '7')?.code).toBe('spreadsheet-number');
    expect(diagnoseValue(column('actors', 'notes'), '1.23457E+15')?.code).toBe('spreadsheet-number');
  });

  it('leaves valid values and free text alone', () => {
    expect(diagnoseValue(column('allegiances', 'started'), '2015-02')).toBeUndefined();
    expect(diagnoseValue(column('allegiances', 'notes'), '2/1/2015')).toBeUndefined();
    expect(diagnoseValue(column('allegiances', 'subject_id'), 'kebekov')).toBeUndefined();
  });
});
