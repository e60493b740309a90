// What the release workbook holds besides the tables, for its writer (workbook-export.ts) and for the
// import that reads an edited copy back (workbook/): neither pulls in the other's library.

/** The sheet that describes every column and allowed value; enum drop-downs list their values from it. */
export const CODEBOOK_SHEET = 'codebook';
export const CODEBOOK_SHEET_HEADER = ['table', 'column', 'kind', 'required', 'description', 'value', 'meaning'] as const;
