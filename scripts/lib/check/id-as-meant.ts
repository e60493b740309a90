/**
 * An id as the person who typed it meant it: ids are lowercase words joined by `-`, and `Islamic-State`,
 * `jabhat_al_nusra` or `Islamic State` are that id typed the way names are. Shared by the engine (which
 * records and resolves ids as meant, so that one slip gives one finding), the rule that suggests the
 * id, and `format --fix`, which writes it when it is the id of exactly one row.
 */

/** Lowercase, with each run of `_` and blanks as one `-`. */
export function foldId(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
}

/** The id `value` stands for, when it does not have the form of an id (`form`, the column's pattern) but its folded form does; else undefined. */
export function idAsMeant(value: string, form: RegExp | undefined): string | undefined {
  // Most values are ids already: one scan tells, and no pattern is tried.
  const lower = value.toLowerCase();
  if (!form || (lower === value && value.indexOf('_') < 0 && value.indexOf(' ') < 0)) return undefined;
  if (form.test(value)) return undefined;
  const folded = foldId(value);
  return folded !== value && form.test(folded) ? folded : undefined;
}
