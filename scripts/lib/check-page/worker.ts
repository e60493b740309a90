// The check page's worker (check-worker.js): checks the chosen files off the page's thread, so that
// the tab stays responsive on a large file, and tells the page how far it got.
import { checkChosen, type ChosenFile, type PageResult, type PublishedDataset } from './check-chosen.ts';

/** What the page asks: one check, numbered so that the page can drop the answers to an earlier one. */
export interface CheckRequest {
  readonly run: number;
  readonly chosen: readonly ChosenFile[];
  readonly fix: boolean;
  /** Where the published data is: this worker runs from a blob: URL, against which nothing resolves. */
  readonly dataset: string;
}

export type CheckAnswer =
  | { readonly run: number; readonly progress: number }
  | { readonly run: number; readonly result: PageResult }
  | { readonly run: number; readonly error: string };

let published: Promise<PublishedDataset> | undefined;
const loadPublished = (url: string): Promise<PublishedDataset> =>
  (published ??= fetch(url).then((response) => {
    if (!response.ok) throw new Error(`the published data could not be loaded (${response.status})`);
    return response.json() as Promise<PublishedDataset>;
  }));

const answer = (message: CheckAnswer): void => self.postMessage(message);

self.addEventListener('message', (event: MessageEvent<CheckRequest>) => {
  const { run, chosen, fix, dataset } = event.data;
  let shown = -1;
  void loadPublished(dataset)
    .then((data) =>
      checkChosen(data, chosen, {
        fix,
        onProgress: (done) => {
          // A message per percent is plenty for a progress bar.
          const percent = Math.floor(done * 100);
          if (percent > shown) answer({ run, progress: (shown = percent) / 100 });
        },
      }),
    )
    .then((result) => answer({ run, result }))
    .catch((error: unknown) => answer({ run, error: error instanceof Error ? error.message : String(error) }));
});
