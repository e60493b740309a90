import { CATALOGUE } from '../check/catalogue.ts';
import type { DatasetModel } from '../model/types.ts';
import { citationCff, type ReleaseIdentity } from '../release/citation.ts';
import type { ReleaseManifest } from '../release/manifest.ts';
import { columnValidatorsModule } from './column-validators.ts';
import { dataDictionary } from './data-dictionary.ts';
import { kindsSummary } from './kinds-summary.ts';
import { rowTypes } from './row-types.ts';
import { rulesCatalogue, rulesSummary } from './rules-catalogue.ts';
import { withMarkedSection } from '../text/marked-section.ts';

/** README.md with the sections generated from the schemas and the rule catalogue (rules, kinds) brought up to date. */
export function readmeWithRules(readme: string, model: DatasetModel): string {
  return withMarkedSection(withMarkedSection(readme, 'rules', rulesSummary(CATALOGUE)), 'kinds', kindsSummary(model));
}

/** What CITATION.cff at the repository's root cites: the latest recorded release, with the date and commit it recorded. */
export function latestReleaseIdentity(latest: { readonly version: string; readonly manifest: ReleaseManifest } | undefined): ReleaseIdentity | undefined {
  return latest ? { version: latest.version, date: latest.manifest.date, commit: latest.manifest.commit } : undefined;
}

/** Every generated file, by path relative to the repository root; README.md only for its generated sections. */
export async function generatedFiles(model: DatasetModel, readme?: string, latestRelease?: ReleaseIdentity): Promise<Map<string, string>> {
  return new Map([
    ['generated/types.ts', await rowTypes(model)],
    ['generated/DATA-DICTIONARY.md', dataDictionary(model)],
    ['generated/RULES.md', rulesCatalogue(model, CATALOGUE)],
    ['generated/column-validators.ts', columnValidatorsModule(model)],
    // GitHub's "Cite this repository" reads it: the same text as the latest release's own CITATION.cff.
    ['CITATION.cff', citationCff(latestRelease)],
    ...(readme === undefined ? [] : [['README.md', readmeWithRules(readme, model)] as [string, string]]),
  ]);
}
