/** What a command may touch at the CLI edge; tests pass fakes. */
export interface CommandIO {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdout is a terminal (for colour). */
  readonly stdoutIsTTY: boolean;
  /** Whether stderr is a terminal (for progress on long runs). */
  readonly stderrIsTTY?: boolean;
  /** Appends to a file; used for $GITHUB_STEP_SUMMARY. */
  appendFile(path: string, text: string): void;
}

export const EXIT_OK = 0;
export const EXIT_DATA_ERRORS = 1;
export const EXIT_USAGE_OR_IO = 2;
