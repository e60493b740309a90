// The check page's worker (check-worker.js): checks the chosen files off the page's thread, so that
// the tab stays responsive on a large file, and tells the page how far it got. The page starts two,
// one for each part of a check (the check itself, and format's canonical files), which run at once on
// two cores. Whatever goes wrong in here is answered as a failure, so that the page can say so
// instead of waiting for ever.
import { checkPart, formatPart, type CheckPart, type CheckProgress, type FormatPart, type PageResult } from './check-chosen.ts';
import { loadPublished, serveRequests } from './worker-shell.ts';

/** What the page asks: one check, numbered so that the page can drop the answers to an earlier one. */
export interface CheckRequest {
  readonly run: number;
  /** `workbook`: the chosen workbook, checked by the workbook's worker (workbook-worker.ts). */
  readonly part: 'check' | 'format' | 'workbook';
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
  /** A workbook's check, whole. */
  | { readonly run: number; readonly workbook: PageResult }
  /** The check could not finish: what went wrong, as the error said it. */
  | { readonly run: number; readonly failure: string };

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

serveRequests(check);
