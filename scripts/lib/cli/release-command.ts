import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as terminal from '../escape/terminal.ts';
import { validateDataset } from '../check/validate-dataset.ts';
import { gitIn } from '../diff/git.ts';
import { loadModel } from '../model/load-model.ts';
import { writeFileAtomic, writing } from '../write/atomic-write.ts';
import { buildReleaseContents, readSnapshot, ReleaseExistsError, releaseInputFrom, writeRelease } from '../release/build-release.ts';
import { parseVersion, sha256 } from '../release/manifest.ts';
import { changelog, changesSection, recordedReleases, RELEASES_DIR, versionProblem } from '../release/plan-release.ts';
import { textReport } from '../report/text.ts';
import { formatDataset } from '../write/format-dataset.ts';
import { parseCommandArgs } from './args.ts';
import { isExpectedError } from './known-errors.ts';
import { EXIT_DATA_ERRORS, EXIT_OK, EXIT_USAGE_OR_IO, type CommandIO } from './io.ts';
import { displayPath, wantsColor } from './paths.ts';

export const RELEASE_USAGE = `Usage: npm run release -- --version X.Y.Z [--out DIR] [--rebuild]

Validates the data and builds DIR/caucasus-allegiances-X.Y.Z/ and its zip (default DIR: dist),
then records the release in releases/X.Y.Z/ (manifest.json and CHANGES.md) for you to commit.
  --version X.Y.Z  the new version; it must be newer than the last release, and at least as big a
                   step as the change needs (major: removed/renamed columns, changed types, tightened
                   constraints, removed rows; minor: new rows or columns; patch: corrections)
  --out DIR        where to write the folder and the zip (default: dist)
  --rebuild        rebuild a recorded version from the same data (as CI does on a tag); refused if
                   the data differs from what that version recorded
`;

export async function releaseCommand(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommandArgs(argv, io, RELEASE_USAGE, {
    version: { type: 'string' },
    out: { type: 'string', default: 'dist' },
    rebuild: { type: 'boolean', default: false },
  });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const version = values.version;
  if (!version || !parseVersion(version)) {
    io.stderr(`--version must be a version number such as 0.1.0${version ? `, not ${terminal.text(version)}` : ''}.\n\n${RELEASE_USAGE}`);
    return EXIT_USAGE_OR_IO;
  }
  const refuse = (message: string): number => {
    io.stderr(`Release ${terminal.text(version)} refused: ${terminal.text(message)}\n`);
    return EXIT_DATA_ERRORS;
  };
  try {
    const dataDir = resolve(io.cwd, 'data');
    const schemasDir = resolve(io.cwd, 'schemas');
    const model = loadModel(schemasDir);
    const report = await validateDataset({ model, dataDir, displayDir: displayPath(io.cwd, dataDir) });
    if (report.counts.error > 0) {
      io.stderr(textReport(report, { color: wantsColor(io) }));
      return refuse('the data has errors (above). Fix them first.');
    }
    const format = await formatDataset({ model, dataDir, displayDir: 'data', check: true });
    const notCanonical = format.results.filter((r) => r.status !== 'canonical').map((r) => r.file);
    if (notCanonical.length)
      return refuse(`${notCanonical.join(', ')} ${notCanonical.length === 1 ? 'is' : 'are'} not in canonical form. Run \`npm run format\` and commit.`);

    const git = gitIn(io.cwd);
    const released = recordedReleases(io.cwd);
    const recorded = released.find((r) => r.version === version);
    if (recorded && !values.rebuild)
      return refuse(`version ${version} already exists (${RELEASES_DIR}/${version}/manifest.json). Choose a new version number.`);
    if (!recorded && values.rebuild) return refuse(`--rebuild needs a recorded version, and ${RELEASES_DIR}/${version}/ does not exist.`);
    const clean = !git.dirty(['data', 'schemas']);
    const commit = recorded ? recorded.manifest.commit : clean ? (git.resolve('HEAD') ?? null) : null;
    // A rebuild keeps the recorded date: the tag's commit is later than the one the release was built from.
    const date = recorded?.manifest.date ?? releaseDate(io, git);
    const snapshot = await readSnapshot(model, dataDir);
    const section = recorded
      ? recorded.changes
      : await changesSection({ version, date, model, current: snapshot.records, previous: released[0], git, dataPath: 'data' });
    // Newest first: a rebuild shows the recorded version and those before it, a new release itself and all before.
    const sections = recorded ? released.slice(released.indexOf(recorded)).map((r) => r.changes) : [section, ...released.map((r) => r.changes)];
    const contents = await buildReleaseContents(
      releaseInputFrom({ dataDir, schemasDir }, { model, version, commit, date, changelog: changelog(sections) }),
      snapshot,
    );

    if (recorded) {
      const differs = Object.entries(contents.manifest.tables)
        .filter(([table, t]) => recorded.manifest.tables[table]?.sha256 !== t.sha256)
        .map(([table]) => table);
      if (differs.length)
        return refuse(`the data differs from what ${version} recorded (${differs.join(', ')}); a recorded version is only rebuilt from the same data.`);
    } else {
      const problem = versionProblem(version, contents.manifest, released);
      if (problem) return refuse(problem);
    }

    const { folder, zip } = writeRelease(resolve(io.cwd, values.out), version, contents.files);
    if (!recorded) {
      const dir = join(io.cwd, RELEASES_DIR, version);
      writing(dir, () => mkdirSync(dir, { recursive: true }));
      writeFileAtomic(join(dir, 'CHANGES.md'), section);
      // The manifest last: it is what marks the version as released.
      writeFileAtomic(join(dir, 'manifest.json'), `${JSON.stringify(contents.manifest, null, 2)}\n`);
    }
    const zipHash = sha256(readFileSync(zip));
    io.stdout(
      [
        `Built ${terminal.text(displayPath(io.cwd, folder))}/ (${contents.files.size} files) and ${terminal.text(displayPath(io.cwd, zip))}`,
        `sha256 of the zip: ${zipHash}`,
        ...(recorded
          ? []
          : [
              `Recorded ${RELEASES_DIR}/${version}/manifest.json and CHANGES.md: commit them${clean ? '' : ' (data/ or schemas/ had uncommitted changes, so no commit was recorded)'}.`,
            ]),
        '',
      ].join('\n'),
    );
    return EXIT_OK;
  } catch (error) {
    if (error instanceof ReleaseExistsError) return refuse(error.message);
    if (isExpectedError(error) || (error as NodeJS.ErrnoException).code) {
      io.stderr(`${terminal.text((error as Error).message)}\n`);
      return EXIT_USAGE_OR_IO;
    }
    throw error;
  }
}

/** SOURCE_DATE_EPOCH when set (reproducible-builds.org), else the date of the HEAD commit. */
function releaseDate(io: CommandIO, git: ReturnType<typeof gitIn>): string | undefined {
  const epoch = io.env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString().slice(0, 10);
  return git.headDate();
}
