// What the check page's workers share: the published data, loaded once, and the rule that whatever
// goes wrong in a worker is answered as a failure, so that the page can say so instead of waiting for ever.
import type { PublishedDataset } from './check-chosen.ts';
import { ANY_RUN } from './limits.ts';

let published: Promise<PublishedDataset> | undefined;

/** The published data the site was built from (check/dataset.json at `url`), loaded once per worker. */
export const loadPublished = (url: string): Promise<PublishedDataset> =>
  (published ??= fetch(url)
    .then((response) => {
      if (!response.ok) throw new Error(`the published data could not be loaded (${response.status})`);
      return response.json() as Promise<PublishedDataset>;
    })
    .catch((error: unknown) => {
      // Asked for again by the next check, rather than failing every check after one bad load.
      published = undefined;
      throw error;
    }));

const describe = (error: unknown): string => (error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error));

/**
 * Answers each request of the page with `handle`, and any error, in it or escaping it (one thrown
 * from a callback of the reader's), as `{ run, failure }`.
 */
export function serveRequests<R extends { readonly run: number }>(handle: (request: R) => Promise<void>): void {
  /** The check under way, for an error that escapes it. */
  let current: number | undefined;
  const fail = (run: number, error: unknown): void => self.postMessage({ run, failure: describe(error) });
  self.addEventListener('message', (event: MessageEvent<R>) => {
    const { run } = event.data;
    current = run;
    handle(event.data).catch((error: unknown) => fail(run, error));
  });
  self.addEventListener('error', (event) => {
    if (current === undefined) return;
    event.preventDefault();
    fail(current, event.error ?? event.message);
  });
  self.addEventListener('unhandledrejection', (event) => {
    if (current !== undefined) fail(current, event.reason);
  });
  self.addEventListener('messageerror', () => fail(ANY_RUN, new Error('the chosen files could not be passed to the checker')));
}
