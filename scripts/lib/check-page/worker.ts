// The check page's worker (check-worker.js): checks the chosen files off the page's thread, so that
// the tab stays responsive on a large file, and tells the page how far it got. The page starts two,
// one for each part of a check (the check itself, and format's canonical files), which run at once on
// two cores. Whatever goes wrong in here is answered as a failure, so that the page can say so
// instead of waiting for ever.
import { checkPart, formatPart, type CheckPart, type CheckProgress, type FormatPart, type PublishedDataset } from './check-chosen.ts';
import { ANY_RUN } from './limits.ts';

/** What the page asks: one check, numbered so that the page can drop the answers to an earlier one. */
export interface CheckRequest {
  readonly run: number;
  readonly part: 'check' | 'format';
  /** The chosen files themselves: the worker reads them, so their bytes are never copied through the page. */
  readonly files: readonly File[];
  readonly fix: boolean;
  /** Where the published data is: this worker runs from a blob: URL, against which nothing resolves. */
  readonly dataset: string;
}

export type CheckAnswer =
  | { readonly run: number; readonly progress: CheckProgress }
  | { readonly run: number; readonly check: CheckPart }
  | { readonly run: number; readonly format: FormatPart }
  /** The check could not finish: what went wrong, as the error said it. */
  | { readonly run: number; readonly failure: string };

let published: Promise<PublishedDataset> | undefined;
const loadPublished = (url: string): Promise<PublishedDataset> =>
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

/** The check under way, for an error that escapes it (one thrown from a callback of the reader's). */
let current: number | undefined;

const describe = (error: unknown): string => (error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error));

function fail(run: number, error: unknown): void {
  self.postMessage({ run, failure: describe(error) } satisfies CheckAnswer);
}

async function check({ run, part, files, fix, dataset }: CheckRequest): Promise<void> {
  let shown = -1;
  const chosen = await Promise.all(files.map(async (file) => ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })));
  const published = await loadPublished(dataset);
  const options = {
    fix,
    onProgress: (progress: CheckProgress) => {
      // A message per percent is plenty for a progress bar.
      const percent = progress.done === undefined ? -1 : Math.floor(progress.done * 100);
      if (progress.done === undefined || percent > shown) {
        if (percent >= 0) shown = percent;
        self.postMessage({ run, progress } satisfies CheckAnswer);
      }
    },
  };
  if (part === 'check') return self.postMessage({ run, check: await checkPart(published, chosen, options) } satisfies CheckAnswer);
  const format = await formatPart(published, chosen, options);
  // The canonical files move to the page rather than being copied: a large table's would double the memory.
  const canonical = [...format.tables, ...format.archives].flatMap((file) => (file.canonical ? [file.canonical.buffer] : []));
  self.postMessage({ run, format } satisfies CheckAnswer, { transfer: canonical });
}

self.addEventListener('message', (event: MessageEvent<CheckRequest>) => {
  const { run } = event.data;
  current = run;
  check(event.data).catch((error: unknown) => fail(run, error));
});

// Errors that escape the check's own handling, and requests that could not be read.
self.addEventListener('error', (event) => {
  if (current === undefined) return;
  event.preventDefault();
  fail(current, event.error ?? event.message);
});
self.addEventListener('unhandledrejection', (event) => {
  if (current !== undefined) fail(current, event.reason);
});
self.addEventListener('messageerror', () => fail(ANY_RUN, new Error('the chosen files could not be passed to the checker')));
