// `npm run bench:time`: measures the site's "over time" page in Chromium. See scripts/lib/cli/bench-time-command.ts.
import { benchTimeCommand } from './lib/cli/bench-time-command.ts';
import { runCommand } from './lib/cli/process-io.ts';

await runCommand(benchTimeCommand);
