import { createHash } from 'node:crypto';
import { zenodoMetadata, type ReleaseIdentity } from './citation.ts';

/**
 * Archives a release on Zenodo through its deposit REST API (https://developers.zenodo.org): the
 * release zip itself is the record's one file, so the DOI resolves to every format the codebook
 * describes, not to the source tree. Each release is a new version of one concept record (one concept
 * DOI for the dataset, one DOI per version); the first release creates that record.
 *
 * The steps, each checked before the next: find the concept's latest version (GET /api/records/:concept,
 * which Zenodo answers with the latest version); open a new version of it
 * (POST …/depositions/:id/actions/newversion), whose draft inherits the previous version's files;
 * delete those; upload the zip into the draft's bucket (PUT bucket/name) and compare the checksum
 * Zenodo computed with ours; set the metadata (PUT …/depositions/:draft); publish
 * (POST …/actions/publish). Nothing is published unless every earlier step succeeded.
 */
export interface DepositOptions {
  /** The Zenodo instance, `https://zenodo.org` (or `https://sandbox.zenodo.org` to try it out). */
  readonly baseUrl: string;
  readonly token: string;
  /** The record id of the concept every version belongs to; undefined to create it, at the first release. */
  readonly concept?: string | undefined;
  readonly zipName: string;
  readonly zip: Uint8Array;
  readonly release: ReleaseIdentity;
  /** The GitHub release page, recorded as identical to the deposit. */
  readonly releaseUrl?: string | undefined;
  /** Each step as it is done, for the log. */
  readonly log?: (line: string) => void;
  readonly fetch?: typeof fetch;
}

export interface DepositResult {
  readonly doi: string;
  readonly conceptDoi: string;
  readonly conceptRecid: string;
  readonly url: string;
}

/** A deposit step that failed: which, and what Zenodo said. The token is never part of it. */
export class DepositError extends Error {}

interface Deposition {
  readonly id: number | string;
  readonly files?: readonly { readonly id: string; readonly filename: string }[];
  readonly links: Readonly<Record<string, string>>;
  readonly doi?: string;
  readonly conceptdoi?: string;
  readonly conceptrecid?: string | number;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** Only https carries the token, but for a stand-in server on this machine (tests). */
export function checkBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new DepositError(`ZENODO_URL must be a web address such as https://zenodo.org, not ${JSON.stringify(baseUrl)}.`);
  }
  const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local))
    throw new DepositError(`ZENODO_URL must use https (the token travels with every request), not ${JSON.stringify(baseUrl)}.`);
  return url;
}

export async function depositRelease(options: DepositOptions): Promise<DepositResult> {
  const base = checkBaseUrl(options.baseUrl);
  const log = options.log ?? (() => {});
  const request = requester(base, options.token, options.fetch ?? fetch);

  let draft: Deposition;
  if (options.concept) {
    const latest = await request<Deposition>('GET', `/api/records/${encodeURIComponent(options.concept)}`, 'find the latest version of the concept record');
    log(`Latest version of concept ${options.concept}: record ${latest.id}.`);
    const opened = await request<Deposition>('POST', `/api/deposit/depositions/${latest.id}/actions/newversion`, 'open a new version');
    const draftUrl = opened.links.latest_draft;
    if (!draftUrl) throw new DepositError('Zenodo opened no new version (its answer has no links.latest_draft).');
    draft = await request<Deposition>('GET', draftUrl, 'read the new version');
    for (const file of draft.files ?? []) {
      await request(
        'DELETE',
        `/api/deposit/depositions/${draft.id}/files/${encodeURIComponent(file.id)}`,
        `remove ${file.filename}, inherited from the previous version`,
      );
      log(`Removed ${file.filename}, inherited from the previous version.`);
    }
  } else {
    draft = await request<Deposition>('POST', '/api/deposit/depositions', 'create the record', {});
    log(`Created a new record, ${draft.id} (its concept record will hold every later version).`);
  }
  const bucket = draft.links.bucket;
  if (!bucket) throw new DepositError('Zenodo gave the draft no file bucket (links.bucket).');

  const uploaded = await request<{ checksum?: string }>('PUT', `${bucket}/${encodeURIComponent(options.zipName)}`, `upload ${options.zipName}`, options.zip);
  const md5 = `md5:${createHash('md5').update(options.zip).digest('hex')}`;
  if (uploaded.checksum !== md5)
    throw new DepositError(
      `Zenodo's checksum of the uploaded ${options.zipName} is ${String(uploaded.checksum)}, not ${md5}: the upload was damaged; nothing was published.`,
    );
  log(`Uploaded ${options.zipName} (${options.zip.length.toLocaleString('en-US')} bytes, ${md5}).`);

  await request('PUT', `/api/deposit/depositions/${draft.id}`, 'set the metadata', {
    metadata: zenodoMetadata(options.release, { releaseUrl: options.releaseUrl }),
  });
  const published = await request<Deposition>('POST', `/api/deposit/depositions/${draft.id}/actions/publish`, 'publish');
  if (!published.doi) throw new DepositError('Zenodo published the version but gave no DOI.');
  return {
    doi: published.doi,
    conceptDoi: published.conceptdoi ?? '',
    conceptRecid: String(published.conceptrecid ?? ''),
    url: published.links.html ?? published.links.record_html ?? '',
  };
}

/** JSON requests to one Zenodo instance with the token; a failure names the step and Zenodo's own message. */
function requester(base: URL, token: string, fetcher: typeof fetch) {
  return async <T = unknown>(method: string, path: string, step: string, body?: unknown): Promise<T> => {
    const url = new URL(path, base);
    // Links Zenodo hands back must stay on the instance the token is for.
    if (url.origin !== base.origin)
      throw new DepositError(`Zenodo pointed the step "${step}" at ${url.origin}, not ${base.origin}; the token is not sent there.`);
    const binary = body instanceof Uint8Array;
    let response: Response;
    try {
      response = await fetcher(url, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': binary ? 'application/octet-stream' : 'application/json' }),
        },
        ...(body === undefined ? {} : { body: binary ? (body as Uint8Array<ArrayBuffer>) : JSON.stringify(body) }),
      });
    } catch (error) {
      throw new DepositError(`Could not reach ${base.origin} to ${step}: ${(error as Error).message}.`);
    }
    const text = await response.text();
    if (!response.ok) {
      let message = text.slice(0, 500);
      try {
        const parsed = JSON.parse(text) as { message?: string; errors?: { field?: string; message?: string }[] };
        message = [parsed.message, ...(parsed.errors ?? []).map((e) => `${e.field ?? ''}: ${e.message ?? ''}`)].filter(Boolean).join('; ');
      } catch {
        // Not JSON: its first characters are shown.
      }
      const hint = response.status === 401 || response.status === 403 ? ' (is ZENODO_TOKEN a token with the deposit:write and deposit:actions scopes?)' : '';
      throw new DepositError(`Zenodo refused to ${step}: HTTP ${response.status}${message ? `: ${message}` : ''}${hint}. Nothing was published.`);
    }
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new DepositError(`Zenodo's answer to "${step}" is not JSON.`);
    }
  };
}
