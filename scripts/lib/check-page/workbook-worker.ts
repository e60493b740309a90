// The check page's workbook worker (check-workbook.js): reads and checks a chosen .xlsx workbook as
// `npm run import -- --check` does. A script of its own, which the page fetches only when a workbook
// is chosen, so that the workbook reader is not in the page's first scripts.
import { checkWorkbook, ONE_WORKBOOK } from './check-workbook.ts';
import { XLSX_NAME } from './limits.ts';
import type { CheckAnswer, CheckRequest } from './worker.ts';
import { loadPublished, serveRequests } from './worker-shell.ts';

async function check({ run, files, dataset }: CheckRequest): Promise<void> {
  self.postMessage({ run, progress: { step: 'check' } } satisfies CheckAnswer);
  const chosen = await Promise.all(files.map(async (file) => ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })));
  const [book, ...others] = [...chosen.filter((f) => XLSX_NAME.test(f.name)), ...chosen.filter((f) => !XLSX_NAME.test(f.name))];
  const result = await checkWorkbook(await loadPublished(dataset), book!, others);
  const workbook = {
    ...result,
    identified: result.identified.map((what) =>
      what.kind === 'unknown' && XLSX_NAME.test(what.name) ? { name: what.name, kind: 'unknown' as const, reason: ONE_WORKBOOK } : what,
    ),
  };
  // The canonical files move to the page rather than being copied.
  const transfer = [...workbook.tables.flatMap((t) => (t.canonical ? [t.canonical.buffer] : [])), ...(workbook.zip ? [workbook.zip.buffer] : [])];
  self.postMessage({ run, workbook } satisfies CheckAnswer, { transfer: [...new Set(transfer)] });
}

serveRequests(check);
