/** One status line for a long validation: bytes and rows read, speed, and time left. */
export function progressLine(progress: { bytes: number; rows: number }, totalBytes: number, elapsedMs: number): string {
  const seconds = elapsedMs / 1000;
  const fraction = totalBytes > 0 ? Math.min(1, progress.bytes / totalBytes) : 0;
  const left = fraction > 0 ? seconds / fraction - seconds : 0;
  const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);
  return `${Math.round(fraction * 100)}%  ${mb(progress.bytes)} of ${mb(totalBytes)} MB  ${progress.rows.toLocaleString('en')} rows  ${Math.round(progress.rows / Math.max(seconds, 0.001)).toLocaleString('en')} rows/s  about ${Math.ceil(left)} s left`;
}

/**
 * Shows progress on a terminal: nothing for the first second (small datasets stay quiet), then one
 * line redrawn at most five times a second, erased when done.
 */
export function terminalProgress(write: (text: string) => void, totalBytes: number, now: () => number = Date.now) {
  const started = now();
  let last = 0;
  let shown = false;
  return {
    update(progress: { bytes: number; rows: number }): void {
      const time = now();
      if (time - started < 1000 || time - last < 200) return;
      last = time;
      shown = true;
      write(`\r\u001b[2K${progressLine(progress, totalBytes, time - started)}`);
    },
    done(): void {
      if (shown) write('\r\u001b[2K');
    },
  };
}
