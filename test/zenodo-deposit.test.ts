import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { depositCommand } from '../scripts/lib/cli/deposit-command.ts';
import type { CommandIO } from '../scripts/lib/cli/io.ts';
import { sha256sums } from '../scripts/lib/release/build-release.ts';
import { citationCff } from '../scripts/lib/release/citation.ts';
import { AUTHOR, PACKAGE_TITLE } from '../scripts/lib/release/datapackage.ts';
import { reproducibleZip } from '../scripts/lib/release/zip.ts';

const TOKEN = 'test-token-5e3c9a';
const VERSION = '1.2.3';
const ZIP_NAME = `caucasus-allegiances-${VERSION}.zip`;

const dir = mkdtempSync(join(tmpdir(), 'deposit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A release zip as far as the deposit reads it: its CITATION.cff names the version, date and commit. */
const zipPath = join(dir, ZIP_NAME);
const files = new Map([
  ['CITATION.cff', new TextEncoder().encode(citationCff({ version: VERSION, date: '2026-03-04', commit: 'c0ffee' }))],
  ['README.md', new TextEncoder().encode('# release\n')],
]);
files.set('SHA256SUMS', new TextEncoder().encode(sha256sums(files)));
writeFileSync(zipPath, reproducibleZip(`caucasus-allegiances-${VERSION}`, files));
const zipBytes = readFileSync(zipPath);

interface Seen {
  readonly method: string;
  readonly path: string;
  readonly body: Buffer;
}

/**
 * A stand-in for Zenodo's deposit API on 127.0.0.1: it answers only the requests the deposit should
 * make, in the order it should make them, each with the token, and fails the test on any other.
 */
class FakeZenodo {
  readonly seen: Seen[] = [];
  readonly problems: string[] = [];
  published: Record<string, unknown> | undefined;
  server!: Server;
  origin = '';
  /** Status to answer a request with instead, by `METHOD path`. */
  failWith = new Map<string, number>();
  /** Answer the upload with another checksum, as a damaged upload would get. */
  wrongChecksum = false;

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      void this.answer(request).then(({ status, body, headers }) => {
        response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
        response.end(body === undefined ? '' : JSON.stringify(body));
      });
    });
    await new Promise<void>((done) => this.server.listen(0, '127.0.0.1', done));
    const address = this.server.address() as { port: number };
    this.origin = `http://127.0.0.1:${address.port}`;
  }

  stop(): Promise<void> {
    return new Promise((done) => this.server.close(() => done()));
  }

  private async answer(request: IncomingMessage): Promise<{ status: number; body?: unknown; headers?: Record<string, string> }> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const method = request.method!;
    const path = request.url!;
    this.seen.push({ method, path, body });
    if (request.headers.authorization !== `Bearer ${TOKEN}`) this.problems.push(`${method} ${path} without the token`);
    if (request.headers.host !== new URL(this.origin).host) this.problems.push(`${method} ${path} to host ${request.headers.host}`);
    const failure = this.failWith.get(`${method} ${path}`);
    if (failure) return { status: failure, body: { message: 'Permission denied.', status: failure } };
    const json = (): Record<string, unknown> => JSON.parse(body.toString('utf8') || '{}');
    const draftLinks = (id: number) => ({ bucket: `${this.origin}/api/files/bucket-${id}`, html: `${this.origin}/deposit/${id}` });
    switch (`${method} ${path}`) {
      // The concept record resolves to its latest version.
      case 'GET /api/records/100':
        return { status: 302, headers: { Location: `${this.origin}/api/records/102` } };
      case 'GET /api/records/102':
        return { status: 200, body: { id: 102, conceptrecid: '100', links: {} } };
      case 'POST /api/deposit/depositions/102/actions/newversion':
        return { status: 201, body: { id: 102, links: { latest_draft: `${this.origin}/api/deposit/depositions/103` } } };
      case 'GET /api/deposit/depositions/103':
        return { status: 200, body: { id: 103, files: [{ id: 'file-old', filename: 'caucasus-allegiances-1.2.2.zip' }], links: draftLinks(103) } };
      case 'DELETE /api/deposit/depositions/103/files/file-old':
        return { status: 204 };
      case 'POST /api/deposit/depositions':
        if (body.toString() !== '{}') this.problems.push('the new record was not created empty');
        return { status: 201, body: { id: 200, files: [], links: draftLinks(200) } };
      case `PUT /api/files/bucket-103/${ZIP_NAME}`:
      case `PUT /api/files/bucket-200/${ZIP_NAME}`: {
        if (request.headers['content-type'] !== 'application/octet-stream') this.problems.push('the zip was not sent as application/octet-stream');
        if (!body.equals(zipBytes)) this.problems.push('the uploaded bytes are not the release zip');
        const md5 = createHash('md5')
          .update(this.wrongChecksum ? Buffer.from('other') : body)
          .digest('hex');
        return { status: 201, body: { key: ZIP_NAME, size: body.length, checksum: `md5:${md5}` } };
      }
      case 'PUT /api/deposit/depositions/103':
      case 'PUT /api/deposit/depositions/200': {
        if (request.headers['content-type'] !== 'application/json') this.problems.push('the metadata was not sent as JSON');
        this.published = json().metadata as Record<string, unknown>;
        return { status: 200, body: { id: Number(path.split('/').pop()), links: {} } };
      }
      case 'POST /api/deposit/depositions/103/actions/publish':
        return {
          status: 202,
          body: { id: 103, doi: '10.5281/zenodo.103', conceptdoi: '10.5281/zenodo.100', conceptrecid: '100', links: { html: `${this.origin}/records/103` } },
        };
      case 'POST /api/deposit/depositions/200/actions/publish':
        return {
          status: 202,
          body: { id: 200, doi: '10.5281/zenodo.200', conceptdoi: '10.5281/zenodo.199', conceptrecid: '199', links: { html: `${this.origin}/records/200` } },
        };
      default:
        this.problems.push(`unexpected ${method} ${path}`);
        return { status: 404, body: { message: 'not found' } };
    }
  }
}

let zenodo: FakeZenodo;
beforeAll(async () => {
  zenodo = new FakeZenodo();
  await zenodo.start();
});
afterAll(() => zenodo.stop());
afterEach(() => {
  zenodo.seen.length = 0;
  zenodo.problems.length = 0;
  zenodo.published = undefined;
  zenodo.failWith.clear();
  zenodo.wrongChecksum = false;
});

async function deposit(args: string[], env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const appended = new Map<string, string>();
  const io: CommandIO = {
    cwd: dir,
    env: { ZENODO_TOKEN: TOKEN, ZENODO_URL: zenodo.origin, GITHUB_OUTPUT: join(dir, 'outputs'), ...env },
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    stdoutIsTTY: false,
    appendFile: (path, text) => void appended.set(path, (appended.get(path) ?? '') + text),
  };
  const code = await depositCommand(args, io);
  return { code, stdout: out.join(''), stderr: err.join(''), outputs: appended.get(join(dir, 'outputs')) ?? '' };
}

const steps = (): string[] => zenodo.seen.map((s) => `${s.method} ${s.path}`);

describe('npm run deposit: the release zip archived on Zenodo (a stand-in server on 127.0.0.1)', () => {
  it('publishes a new version of the concept record holding the zip itself, with the metadata CITATION.cff has', async () => {
    const result = await deposit([ZIP_NAME, '--concept', '100', '--release-url', 'https://github.com/owner/repo/releases/tag/v1.2.3']);
    expect(result.code, result.stderr).toBe(0);
    expect(zenodo.problems).toEqual([]);
    expect(steps()).toEqual([
      'GET /api/records/100',
      'GET /api/records/102',
      'POST /api/deposit/depositions/102/actions/newversion',
      'GET /api/deposit/depositions/103',
      'DELETE /api/deposit/depositions/103/files/file-old',
      `PUT /api/files/bucket-103/${ZIP_NAME}`,
      'PUT /api/deposit/depositions/103',
      'POST /api/deposit/depositions/103/actions/publish',
    ]);
    expect(zenodo.published).toMatchObject({
      title: PACKAGE_TITLE,
      upload_type: 'dataset',
      version: VERSION,
      publication_date: '2026-03-04',
      creators: [{ name: AUTHOR }],
      license: 'cc-by-4.0',
      access_right: 'open',
      related_identifiers: [{ identifier: 'https://github.com/owner/repo/releases/tag/v1.2.3', relation: 'isIdenticalTo', resource_type: 'dataset' }],
    });
    // One licence field, and the licences of the other parts in words.
    for (const words of ['CC-BY-4.0', 'MIT', 'csv/archive/', 'Third-party copyright']) expect(String(zenodo.published!.notes)).toContain(words);
    expect(String(zenodo.published!.description)).toContain(ZIP_NAME);
    expect(String(zenodo.published!.notes)).toContain('c0ffee');
    expect(result.stdout).toContain('DOI 10.5281/zenodo.103');
    expect(result.outputs).toBe('doi=10.5281/zenodo.103\nconcept_doi=10.5281/zenodo.100\nconcept_recid=100\n');
    expect(`${result.stdout}${result.stderr}`).not.toContain(TOKEN);
  });

  it('creates the concept record at the first release, and says which variable to set', async () => {
    const result = await deposit([ZIP_NAME, '--concept', 'new']);
    expect(result.code, result.stderr).toBe(0);
    expect(zenodo.problems).toEqual([]);
    expect(steps()).toEqual([
      'POST /api/deposit/depositions',
      `PUT /api/files/bucket-200/${ZIP_NAME}`,
      'PUT /api/deposit/depositions/200',
      'POST /api/deposit/depositions/200/actions/publish',
    ]);
    expect(result.stdout).toContain('Set the repository variable ZENODO_CONCEPT_RECID to 199');
  });

  it('publishes nothing when Zenodo refuses a step, naming the step, and never shows the token', async () => {
    zenodo.failWith.set('POST /api/deposit/depositions/102/actions/newversion', 403);
    const result = await deposit([ZIP_NAME, '--concept', '100']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Zenodo refused to open a new version: HTTP 403: Permission denied.');
    expect(result.stderr).toContain('deposit:write and deposit:actions');
    expect(steps().some((s) => s.includes('publish'))).toBe(false);
    expect(`${result.stdout}${result.stderr}`).not.toContain(TOKEN);
  });

  it('publishes nothing when the checksum Zenodo computed is not the zip’s', async () => {
    zenodo.wrongChecksum = true;
    const result = await deposit([ZIP_NAME, '--concept', '100']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the upload was damaged; nothing was published');
    expect(steps().some((s) => s.includes('publish') || s === 'PUT /api/deposit/depositions/103')).toBe(false);
  });

  it('refuses without a token, with a malformed concept, over plain http to another machine, or a zip that is not a release', async () => {
    expect((await deposit([ZIP_NAME, '--concept', '100'], { ZENODO_TOKEN: undefined })).stderr).toContain('ZENODO_TOKEN is not set');
    expect((await deposit([ZIP_NAME, '--concept', '10x'])).code).toBe(2);
    // An unset variable must not create a second concept record.
    const unset = await deposit([ZIP_NAME, '--concept', '']);
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain('or `new` for the first release only');
    expect((await deposit([ZIP_NAME])).code).toBe(2);
    const plain = await deposit([ZIP_NAME, '--concept', '100'], { ZENODO_URL: 'http://zenodo.example.org' });
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain('must use https');
    writeFileSync(join(dir, 'not-a-release.zip'), reproducibleZip('x', new Map([['a.txt', new Uint8Array([1])]])));
    expect((await deposit(['not-a-release.zip', '--concept', '100'])).code).toBe(1);
    expect(zenodo.seen).toEqual([]);
  });
});
