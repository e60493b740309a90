// `npm run diff`: row-level changes in the data since a commit. See scripts/lib/cli/diff-command.ts.
import { diffCommand } from './lib/cli/diff-command.ts';
import { runCommand } from './lib/cli/process-io.ts';

await runCommand(diffCommand);
