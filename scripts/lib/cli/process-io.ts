import { appendFileSync } from 'node:fs';
import type { CommandIO } from './io.ts';

export function processIO(): CommandIO {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    appendFile: (path, text) => appendFileSync(path, text),
  };
}

/** Runs a command and sets the exit code; a thrown error here is a bug, reported briefly with exit 2. */
export async function runCommand(command: (args: string[], io: CommandIO) => Promise<number>): Promise<void> {
  const io = processIO();
  try {
    process.exitCode = await command(process.argv.slice(2), io);
  } catch (error) {
    io.stderr(`internal error: ${(error as Error).message}\nPlease report this with the command you ran.\n`);
    process.exitCode = 2;
  }
}
