// `npm run bench:check-page`: times the check page in Chromium on large files. See scripts/lib/cli/bench-command.ts.
import { checkPageBenchCommand } from './lib/cli/bench-command.ts';
import { runCommand } from './lib/cli/process-io.ts';

await runCommand(checkPageBenchCommand);
