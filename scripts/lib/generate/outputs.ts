import { CATALOGUE } from '../check/catalogue.ts';
import type { DatasetModel } from '../model/types.ts';
import { columnValidatorsModule } from './column-validators.ts';
import { dataDictionary } from './data-dictionary.ts';
import { rowTypes } from './row-types.ts';
import { zenodoJson } from '../release/release-docs.ts';
import { rulesCatalogue, rulesSummary } from './rules-catalogue.ts';
import { withMarkedSection } from '../text/marked-section.ts';

/** README.md with the rule summary between its markers brought up to date. */
export function readmeWithRules(readme: string): string {
  return withMarkedSection(readme, 'rules', rulesSummary(CATALOGUE));
}

/** Every generated file, by path relative to the repository root; README.md only for its generated section. */
export async function generatedFiles(model: DatasetModel, readme?: string): Promise<Map<string, string>> {
  return new Map([
    ['generated/types.ts', await rowTypes(model)],
    ['generated/DATA-DICTIONARY.md', dataDictionary(model)],
    ['generated/RULES.md', rulesCatalogue(model, CATALOGUE)],
    ['generated/column-validators.ts', columnValidatorsModule(model)],
    ['.zenodo.json', zenodoJson()],
    ...(readme === undefined ? [] : [['README.md', readmeWithRules(readme)] as [string, string]]),
  ]);
}
