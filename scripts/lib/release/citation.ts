import { ARCHIVE_LICENSE, AUTHOR, CODE_LICENSE, DATA_LICENSE, PACKAGE_DESCRIPTION, PACKAGE_KEYWORDS, PACKAGE_NAME, PACKAGE_TITLE } from './datapackage.ts';

/**
 * What a release is, for citing and archiving it: the one source of CITATION.cff (the release's and
 * the repository's), the Zenodo deposit's metadata and the version and licence stamped into each file.
 */
export interface ReleaseIdentity {
  readonly version: string;
  /** Release date, YYYY-MM-DD. */
  readonly date?: string | undefined;
  /** The commit the release was built from, when known. */
  readonly commit?: string | null | undefined;
}

/** What every parts is licensed under, in the words each metadata format takes (see LICENCE_SUMMARY). */
export const LICENCE_PARTS = [
  { part: 'data', files: 'every table in every format (csv/*.csv, the workbook, json/, parquet/, SQLite, GraphML) and the pictures', license: DATA_LICENSE },
  { part: 'code', files: 'the JSON Schemas in schemas/ and json-schema/', license: CODE_LICENSE },
  { part: 'third-party texts', files: 'the article texts in csv/archive/', license: { name: ARCHIVE_LICENSE.name, title: ARCHIVE_LICENSE.title, path: '' } },
] as const;

const yamlString = (text: string): string => JSON.stringify(text);
const year = (date: string | undefined): string | undefined => date?.slice(0, 4);

/**
 * CITATION.cff (Citation File Format 1.2.0) of a release, or of the repository when `release` is
 * the latest release (undefined before the first one): the same text in both places, so GitHub's
 * "Cite this repository" gives what the release itself says.
 */
export function citationCff(release: ReleaseIdentity | undefined): string {
  const versioned = release ? [`version: ${yamlString(release.version)}`, ...(release.date ? [`date-released: ${yamlString(release.date)}`] : [])] : [];
  const common = [`title: ${yamlString(PACKAGE_TITLE)}`, ...versioned, 'authors:', `  - name: ${yamlString(AUTHOR)}`, `license: ${DATA_LICENSE.name}`];
  const releaseYear = year(release?.date);
  return `${[
    'cff-version: 1.2.0',
    `message: ${yamlString(release ? 'If you use this dataset, please cite it as below, with the version you used.' : 'If you use this dataset, please cite it as below; no version has been released yet.')}`,
    'type: dataset',
    ...common,
    ...(release?.commit ? [`commit: ${yamlString(release.commit)}`] : []),
    `abstract: ${yamlString(PACKAGE_DESCRIPTION)}`,
    'keywords:',
    ...PACKAGE_KEYWORDS.map((k) => `  - ${yamlString(k)}`),
    'preferred-citation:',
    '  type: data',
    ...(releaseYear ? [`  year: ${releaseYear}`] : []),
    ...common.map((line) => `  ${line}`),
  ].join('\n')}\n`;
}

/** The top-level scalars of a CITATION.cff this project wrote (`key: "value"`), for verify to read a release's version, date and commit back. */
export function readCitationScalars(text: string): Map<string, string> {
  const scalars = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([a-z-]+): ("(?:[^"\\]|\\.)*")$/.exec(line);
    if (!match) continue;
    try {
      scalars.set(match[1]!, JSON.parse(match[2]!) as string);
    } catch {
      // Not written by this project: left out, and the rebuild then differs from it.
    }
  }
  return scalars;
}

/** The release a CITATION.cff describes, or undefined when it names no version. */
export function identityFromCitation(text: string): ReleaseIdentity | undefined {
  const scalars = readCitationScalars(text);
  const version = scalars.get('version');
  if (!version) return undefined;
  return { version, date: scalars.get('date-released'), commit: scalars.get('commit') ?? null };
}

/** Words of the licences per part, for descriptions that take prose (Zenodo, the workbook's properties). */
export const licencePartsText = (): string =>
  LICENCE_PARTS.map(({ part, files, license }) => `${part} (${files}): ${license.path ? `${license.title}, ${license.name}` : `${license.title}`}`).join('; ');

/**
 * The metadata of a Zenodo deposit of a release (the deposit API's `metadata` object), from the same
 * constants as CITATION.cff. Zenodo takes one licence per record: the data's, CC BY 4.0; the notes and
 * the description say which parts are under MIT and which are not licensed at all.
 */
export function zenodoMetadata(release: ReleaseIdentity, options: { releaseUrl?: string | undefined } = {}): Record<string, unknown> {
  const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return {
    title: PACKAGE_TITLE,
    upload_type: 'dataset',
    version: release.version,
    ...(release.date ? { publication_date: release.date } : {}),
    description: `<p>${escape(PACKAGE_DESCRIPTION)}</p><p>This record holds the release zip ${escape(`${PACKAGE_NAME}-${release.version}.zip`)} itself: every format the codebook describes, with SHA256SUMS.</p><p>Licences: ${escape(licencePartsText())}.</p>`,
    creators: [{ name: AUTHOR }],
    keywords: [...PACKAGE_KEYWORDS],
    license: DATA_LICENSE.name.toLowerCase(),
    access_right: 'open',
    notes: `Licences per part: ${licencePartsText()}.${release.commit ? ` Built from commit ${release.commit}.` : ''}`,
    ...(options.releaseUrl ? { related_identifiers: [{ identifier: options.releaseUrl, relation: 'isIdenticalTo', resource_type: 'dataset' }] } : {}),
  };
}

/**
 * The facts each file of a release carries about itself where its format has a place for them
 * (Parquet key-value metadata, the SQLite `release` table, GraphML graph data, the JSON files' top
 * level, the workbook's properties): which dataset, which version, under which licence.
 */
export function releaseStamp(release: ReleaseIdentity): { readonly key: string; readonly value: string; readonly description: string }[] {
  return [
    { key: 'dataset', value: PACKAGE_NAME, description: 'The dataset this file belongs to.' },
    { key: 'title', value: PACKAGE_TITLE, description: "The dataset's title." },
    { key: 'version', value: release.version, description: 'The release this file was published in.' },
    ...(release.date ? [{ key: 'date', value: release.date, description: 'The date of the release.' }] : []),
    { key: 'license', value: DATA_LICENSE.name, description: `The licence of the data: ${DATA_LICENSE.title}.` },
    { key: 'license_url', value: DATA_LICENSE.path, description: 'Where the licence is published.' },
    { key: 'citation', value: `${AUTHOR}, ${PACKAGE_TITLE}, version ${release.version}`, description: 'How to credit the data (see CITATION.cff).' },
  ];
}
