import { RULES } from '../check/rules/index.ts';
import type { DatasetModel } from '../model/types.ts';
import { dataDictionary } from './data-dictionary.ts';
import { rowTypes } from './row-types.ts';
import { rulesCatalogue } from './rules-catalogue.ts';

/** Every generated file, by path relative to the repository root. */
export async function generatedFiles(model: DatasetModel): Promise<Map<string, string>> {
  return new Map([
    ['generated/types.ts', await rowTypes(model)],
    ['generated/DATA-DICTIONARY.md', dataDictionary(model)],
    ['generated/RULES.md', rulesCatalogue(model, RULES)],
  ]);
}
