import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import * as terminal from '../escape/terminal.ts';
import { ZipError } from '../read/zip-reader.ts';
import { NotAReleaseError, RELEASE_ZIP_LIMITS, verifyRelease, type RebuildResult, type VerifyResult } from '../release/verify-release.ts';
import { textReport } from '../report/text.ts';
import { parseCommandArgs } from './args.ts';
import { isExpectedError } from './known-errors.ts';
import { EXIT_DATA_ERRORS, EXIT_OK, EXIT_USAGE_OR_IO, type CommandIO } from './io.ts';
import { wantsColor } from './paths.ts';

export const VERIFY_USAGE = `Usage: npm run verify -- PATH [--expect-sha256 HASH] [--max-bytes N]

Checks a downloaded release, a caucasus-allegiances-X.Y.Z folder or its .zip:
  1. with --expect-sha256, that the zip's sha256 is HASH, the value the release page and GitHub's
     attestation publish: only this (or \`gh attestation verify\`) shows who made the release;
  2. every file against SHA256SUMS: this catches damage, not a deliberate change;
  3. the data against the release's own schemas with the project's rules;
  4. every other file against the same file rebuilt from the release's CSVs, schemas and texts
     (releases are byte-reproducible): this catches a file changed to disagree with the rest.
Nothing is written: a zip is read entry by entry as a stream, the tables, texts and schemas
kept in memory and every other file only hashed. It is refused, before anything is inflated
where possible, if it would inflate to more than
--max-bytes (default ${RELEASE_ZIP_LIMITS.maxTotalBytes.toLocaleString('en-US')}, a release far larger than any so far), has an entry
inflating more than ${RELEASE_ZIP_LIMITS.maxRatio} times, or an entry larger than it declares.
Exit status: 0 all hold, 1 any check fails or the zip is refused, 2 PATH cannot be read.
`;

/** What each check proves, said with its result. */
const PROVES = {
  checksums: 'this catches damage in the download or on disk, not a deliberate change: whoever changes a file can recompute SHA256SUMS',
  rebuild: 'this catches a file changed to disagree with the rest; it cannot catch the data itself changed consistently, every format rebuilt with it',
  origin: "only a hash got from where the release was published, or GitHub's attestation, shows who made it",
};

export async function verifyCommand(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommandArgs(argv, io, VERIFY_USAGE, { 'max-bytes': { type: 'string' }, 'expect-sha256': { type: 'string' } }, true);
  if (typeof parsed === 'number') return parsed;
  const { positionals, values } = parsed;
  if (positionals.length !== 1) {
    io.stderr(VERIFY_USAGE);
    return EXIT_USAGE_OR_IO;
  }
  const maxBytes = values['max-bytes'] === undefined ? RELEASE_ZIP_LIMITS.maxTotalBytes : Number(values['max-bytes']);
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) {
    io.stderr(`--max-bytes takes a whole number of bytes, such as 2000000000; got ${JSON.stringify(values['max-bytes'])}.\n`);
    return EXIT_USAGE_OR_IO;
  }
  const expected = values['expect-sha256'];
  if (expected !== undefined && !/^[0-9a-fA-F]{64}$/.test(expected)) {
    io.stderr(`--expect-sha256 takes the zip's sha256, 64 hexadecimal digits as the release page shows it; got ${terminal.text(JSON.stringify(expected))}.\n`);
    return EXIT_USAGE_OR_IO;
  }
  const path = resolve(io.cwd, positionals[0]!);
  if (!existsSync(path)) {
    io.stderr(`${terminal.text(positionals[0]!)} does not exist.\n`);
    return EXIT_USAGE_OR_IO;
  }
  if (expected !== undefined && !statSync(path).isFile()) {
    io.stderr(`--expect-sha256 checks a zip, and ${terminal.text(positionals[0]!)} is a folder: give the .zip it was unpacked from.\n`);
    return EXIT_USAGE_OR_IO;
  }
  try {
    const result = await verifyRelease(path, {
      label: positionals[0]!,
      limits: { ...RELEASE_ZIP_LIMITS, maxTotalBytes: maxBytes },
      ...(expected ? { expectSha256: expected } : {}),
    });
    const lines = [...originLines(result, positionals[0]!)];
    const originFails = result.zipHash?.expected !== undefined && result.zipHash.expected !== result.zipHash.actual;
    if (result.checksums.length) {
      io.stdout(
        `✖ ${terminal.text(positionals[0]!)}: ${result.checksums.length} file(s) do not match SHA256SUMS:\n${result.checksums.map((c) => `  ${terminal.text(c.path)}: ${terminal.text(c.problem)}`).join('\n')}\n${lines.join('\n')}\n`,
      );
      return EXIT_DATA_ERRORS;
    }
    io.stdout(`✔ checksums: every file matches SHA256SUMS (${PROVES.checksums})\n`);
    const report = result.validation!;
    io.stdout(textReport(report, { color: wantsColor(io) }));
    const rebuild = result.rebuild;
    if (!rebuild) io.stdout(`✖ rebuild: not attempted, as the data has errors (above)\n`);
    else if (rebuild.impossible) io.stdout(`✖ rebuild: the release cannot be rebuilt: ${terminal.text(rebuild.impossible)}\n`);
    else if (rebuild.differences.length === 0)
      io.stdout(`✔ rebuild: all ${rebuild.files} files are exactly what the release's CSVs, schemas and texts give (${PROVES.rebuild})\n`);
    else io.stdout(rebuildFailure(rebuild));
    io.stdout(`${lines.join('\n')}\n`);
    const rebuilt = rebuild !== undefined && !rebuild.impossible && rebuild.differences.length === 0;
    return report.counts.error > 0 || !rebuilt || originFails ? EXIT_DATA_ERRORS : EXIT_OK;
  } catch (error) {
    if (error instanceof ZipError || error instanceof NotAReleaseError) {
      io.stdout(`✖ ${terminal.text(error.message)}\n`);
      return EXIT_DATA_ERRORS;
    }
    if (isExpectedError(error)) {
      io.stderr(`Cannot verify ${terminal.text(positionals[0]!)}: ${terminal.text(error.message)}\n`);
      return EXIT_USAGE_OR_IO;
    }
    const problem = fileSystemProblem(error);
    if (problem) {
      io.stderr(`Cannot verify ${terminal.text(positionals[0]!)}: ${terminal.text(problem)}\n`);
      return EXIT_USAGE_OR_IO;
    }
    throw error;
  }
}

/** The rebuild's differences, one file a line, with what most likely happened. */
function rebuildFailure(rebuild: RebuildResult): string {
  const lines = [
    `✖ rebuild: ${rebuild.differences.length} of ${rebuild.files} files ${rebuild.differences.length === 1 ? 'is' : 'are'} not what the release's CSVs, schemas and texts give (the checksums were recomputed after a change):`,
    ...rebuild.differences.map((d) => `  ${terminal.text(d.path)}: ${terminal.text(d.detail ?? d.problem)}`),
    ...rebuild.suspectCsv.map(
      ({ csv, json }) =>
        `  ${terminal.text(csv)}: every other format of this table disagrees with it in the same way (${terminal.text(json)} above shows the first cell): most likely ${terminal.text(csv)} itself was changed after the release was built.`,
    ),
    `  (${PROVES.rebuild}. A release is rebuilt by the tooling you run: one made by another version of it is verified from the commit its CITATION.cff names.)`,
  ];
  return `${lines.join('\n')}\n`;
}

/** What is known of who made the release: the zip's hash against the one given, or how to check it. */
function originLines(result: VerifyResult, shown: string): string[] {
  const hash = result.zipHash;
  if (!hash) return [`– origin: not checked for a folder; verify the zip it came from with --expect-sha256 (${PROVES.origin})`];
  if (hash.expected === undefined)
    return [
      `– origin: not checked. The zip's sha256 is ${hash.actual}: compare it with the one on the release page, or give that one with --expect-sha256 HASH, or run \`gh attestation verify ${terminal.text(shown)} --repo OWNER/REPO\` (${PROVES.origin})`,
    ];
  if (hash.expected === hash.actual)
    return [`✔ origin: the zip's sha256 is ${hash.actual}, the one given with --expect-sha256: this is the zip published with that hash`];
  return [
    `✖ origin: the zip's sha256 is ${hash.actual}, not ${hash.expected} as given with --expect-sha256: this is not the zip published with that hash; do not use it`,
  ];
}

/** A file-system error as a sentence (the path and what to do), never Node's own wording; undefined for anything else. */
function fileSystemProblem(error: unknown): string | undefined {
  const { code, path } = error as NodeJS.ErrnoException;
  const where = path ? ` (${path})` : '';
  switch (code) {
    case 'ENOSPC':
      return `the disk is full${where}: free some space in the temporary folder (TMPDIR) and run it again.`;
    case 'EACCES':
    case 'EPERM':
      return `a file cannot be read or written${where}: permission denied.`;
    case 'ENOENT':
      return `a file disappeared while it was being read${where}; run it again.`;
    case 'EISDIR':
    case 'ENOTDIR':
      return `a folder is where a file should be, or the other way round${where}: this is not a release folder or zip.`;
    case 'EMFILE':
    case 'ENFILE':
      return 'too many files are open on this machine; close some programs and run it again.';
    case 'EIO':
      return `the disk could not be read${where}.`;
    default:
      return undefined;
  }
}
