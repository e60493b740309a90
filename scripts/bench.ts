// `npm run bench`: measures validation speed on a synthetic dataset. See scripts/lib/cli/bench-command.ts.
import { benchCommand } from './lib/cli/bench-command.ts';
import { runCommand } from './lib/cli/process-io.ts';

await runCommand(benchCommand);
