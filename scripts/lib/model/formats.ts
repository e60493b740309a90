import { isEdtfDate } from '../edtf.ts';

/** The string formats the schemas use beyond JSON Schema's own, for ajv at run time and in generated code. */
export const FORMATS = {
  'edtf-date': { type: 'string', validate: isEdtfDate },
} as const;
