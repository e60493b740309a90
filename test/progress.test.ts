import { describe, expect, it } from 'vitest';
import { validateCommand } from '../scripts/lib/cli/validate-command.ts';
import type { CommandIO } from '../scripts/lib/cli/io.ts';
import { progressLine, terminalProgress } from '../scripts/lib/report/progress.ts';
import { REPO } from './helpers/fixtures.ts';

describe('progress on long runs', () => {
  it('says how far, how fast and how long is left', () => {
    expect(progressLine({ bytes: 50e6, rows: 400_000 }, 200e6, 4000)).toBe('25%  50.0 of 200.0 MB  400,000 rows  100,000 rows/s  about 12 s left');
  });

  it('stays quiet for the first second, redraws at most five times a second, and erases itself', () => {
    let time = 0;
    const out: string[] = [];
    const progress = terminalProgress(
      (t) => void out.push(t),
      100,
      () => time,
    );
    progress.update({ bytes: 10, rows: 1 });
    time = 1500;
    progress.update({ bytes: 50, rows: 5 });
    time = 1600;
    progress.update({ bytes: 60, rows: 6 });
    time = 1800;
    progress.update({ bytes: 70, rows: 7 });
    progress.done();
    expect(out).toHaveLength(3);
    expect(out[0]).toContain('50%');
    expect(out[2]).toBe('\r\u001b[2K');
  });

  it('writes nothing to stderr when it is not a terminal, or with --format json', async () => {
    for (const [isTTY, format] of [
      [false, 'text'],
      [true, 'json'],
    ] as const) {
      const err: string[] = [];
      const io: CommandIO = {
        cwd: REPO,
        env: {},
        stdout: () => {},
        stderr: (t) => void err.push(t),
        stdoutIsTTY: false,
        stderrIsTTY: isTTY,
        appendFile: () => {},
      };
      await validateCommand(['--format', format], io);
      expect(err).toEqual([]);
    }
  });
});
