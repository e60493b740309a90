import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import * as terminal from '../escape/terminal.ts';
import { ZipError } from '../read/zip-reader.ts';
import { identityFromCitation } from '../release/citation.ts';
import { NotAReleaseError, releaseZipFiles } from '../release/verify-release.ts';
import { DepositError, depositRelease } from '../release/zenodo-deposit.ts';
import { parseCommandArgs } from './args.ts';
import { EXIT_DATA_ERRORS, EXIT_OK, EXIT_USAGE_OR_IO, type CommandIO } from './io.ts';

export const DEPOSIT_USAGE = `Usage: npm run deposit -- ZIP --concept RECID|new [--release-url URL]

Archives a release zip on Zenodo, as the release workflow does after publishing the GitHub release:
the zip itself becomes the one file of a new version of the dataset's concept record, with metadata
from the same source as CITATION.cff (version and date read from the zip's own CITATION.cff).
  --concept RECID    the concept record every version belongs to (the repository variable
                     ZENODO_CONCEPT_RECID); \`new\` creates it, for the first release only: then
                     set the variable to the id this prints. Never implied, so that a missing
                     variable cannot give the dataset a second concept DOI
  --release-url URL  the GitHub release page, recorded as identical to the deposit
Environment: ZENODO_TOKEN (a personal access token with deposit:write and deposit:actions; never
printed), ZENODO_URL (default https://zenodo.org; https://sandbox.zenodo.org to try it out).
With GITHUB_OUTPUT set, writes doi, concept_doi and concept_recid to it.
Exit status: 0 published, 1 the zip is not a release, 2 a usage problem or Zenodo refused a step.
`;

export async function depositCommand(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommandArgs(argv, io, DEPOSIT_USAGE, { concept: { type: 'string' }, 'release-url': { type: 'string' } }, true);
  if (typeof parsed === 'number') return parsed;
  const { positionals, values } = parsed;
  if (positionals.length !== 1) {
    io.stderr(DEPOSIT_USAGE);
    return EXIT_USAGE_OR_IO;
  }
  const token = io.env.ZENODO_TOKEN;
  if (!token) {
    io.stderr('ZENODO_TOKEN is not set: the deposit needs a Zenodo token (the repository secret ZENODO_TOKEN in the release workflow).\n');
    return EXIT_USAGE_OR_IO;
  }
  if (values.concept === undefined || (values.concept !== 'new' && !/^\d+$/.test(values.concept))) {
    io.stderr(
      `--concept takes the concept record's number, such as 1234567 (the repository variable ZENODO_CONCEPT_RECID), or \`new\` for the first release only; got ${terminal.text(JSON.stringify(values.concept ?? ''))}.\n`,
    );
    return EXIT_USAGE_OR_IO;
  }
  const concept = values.concept === 'new' ? undefined : values.concept;
  const zipPath = resolve(io.cwd, positionals[0]!);
  if (!existsSync(zipPath)) {
    io.stderr(`${terminal.text(positionals[0]!)} does not exist.\n`);
    return EXIT_USAGE_OR_IO;
  }
  try {
    const release = await releaseZipFiles(zipPath, positionals[0]!);
    const citation = release.files.get('CITATION.cff');
    const identity = citation ? identityFromCitation(new TextDecoder().decode(citation)) : undefined;
    if (!identity) {
      io.stderr(`${terminal.text(positionals[0]!)} has no CITATION.cff naming its version: it is not a release of this dataset.\n`);
      return EXIT_DATA_ERRORS;
    }
    const result = await depositRelease({
      baseUrl: io.env.ZENODO_URL || 'https://zenodo.org',
      token,
      concept,
      zipName: basename(zipPath),
      zip: new Uint8Array(readFileSync(zipPath)),
      release: identity,
      releaseUrl: values['release-url'],
      log: (line) => io.stdout(`${terminal.text(line)}\n`),
    });
    io.stdout(
      `Published version ${terminal.text(identity.version)} on Zenodo: DOI ${terminal.text(result.doi)}${result.url ? ` (${terminal.text(result.url)})` : ''}; concept DOI ${terminal.text(result.conceptDoi)}, concept record ${terminal.text(result.conceptRecid)}.\n`,
    );
    if (!concept)
      io.stdout(`Set the repository variable ZENODO_CONCEPT_RECID to ${terminal.text(result.conceptRecid)}, so later releases become its versions.\n`);
    const outputs = io.env.GITHUB_OUTPUT;
    if (outputs)
      io.appendFile(outputs, `doi=${oneLine(result.doi)}\nconcept_doi=${oneLine(result.conceptDoi)}\nconcept_recid=${oneLine(result.conceptRecid)}\n`);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof ZipError || error instanceof NotAReleaseError) {
      io.stderr(`${terminal.text(error.message)}\n`);
      return EXIT_DATA_ERRORS;
    }
    if (error instanceof DepositError) {
      io.stderr(`${terminal.text(error.message.split(token).join('***'))}\n`);
      return EXIT_USAGE_OR_IO;
    }
    throw error;
  }
}

/** A value for $GITHUB_OUTPUT: one line, or it could set another output. */
const oneLine = (value: string): string => value.replace(/[\r\n]/g, '');
