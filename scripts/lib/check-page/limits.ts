// What the check page and its worker share: how much the page takes and shows at once. Small, so
// that the page's own script does not take in the engine with it.

/**
 * How much of a chosen table the page's grid shows: the first rows, then later rows that have
 * findings, so that the rows a person edited are there; of each row its first cells, each cut short.
 * The page's elements cost memory and time for every cell, and a table of a million rows, or a row
 * of five million cells, must not stop the page; every finding is listed whatever the grid shows.
 */
export const GRID = { rows: 200, flaggedRows: 100, cells: 50, cellCharacters: 200 } as const;

/** Findings listed at first, and added by each "Show more": a list of tens of thousands would make the page slow to use. */
export const FINDINGS_SHOWN = 500;

/** The most the page checks at once, in bytes of chosen files: beyond it a browser tab may run out of memory, which ends the tab, not just the check. */
export const MAX_CHOSEN_BYTES = 512 * 2 ** 20;

/** The run a worker's answer names when it cannot tell which check an error belongs to: the one under way. */
export const ANY_RUN = 0;

/**
 * The files the page reads, for its picker's `accept` and for telling a table's name: tables by their
 * name or their header row, archived texts by `.txt`, workbooks by `.xlsx`. Anything else chosen (or dropped) is left out,
 * and the page says so.
 */
export const READABLE = {
  extensions: ['.csv', '.tsv', '.txt', '.xlsx'],
  types: ['text/csv', 'text/tab-separated-values', 'text/plain', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
} as const;

/** A workbook the page reads as `npm run import` does (in its own worker, loaded only then): an .xlsx, or Excel's macro-enabled .xlsm, by its name. */
export const XLSX_NAME = /\.xls[xm]$/i;
