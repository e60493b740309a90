import { appendFileSync } from 'node:fs';
import * as terminal from '../escape/terminal.ts';
import { withoutLegacyCommands } from '../escape/workflow-commands.ts';
import type { CommandIO } from './io.ts';

export function processIO(): CommandIO {
  const stdout = writeUntilClosed(process.stdout);
  const stderr = writeUntilClosed(process.stderr);
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout,
    stderr,
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
    io.stderr(`internal error: ${terminal.text((error as Error).message)}\nPlease report this with the command you ran.\n`);
    process.exitCode = 2;
  }
}

/**
 * What every command's output passes last, whatever it prints: no control character but a line feed
 * and the report's own colours (terminal.guard), and no legacy workflow command. Values are escaped
 * where they are written; this is for one that was not.
 */
export const outputGuard = (text: string): string => withoutLegacyCommands(terminal.guard(text));

/**
 * Writes to a stream until its reader goes away: output piped into `head` is closed early, and the
 * command then finishes its work (files it writes included) without printing, as Unix tools do,
 * instead of dying on EPIPE with a stack trace.
 */
function writeUntilClosed(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
  });
  return (text) => {
    if (!closed) stream.write(outputGuard(text));
  };
}
