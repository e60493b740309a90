// `npm run deposit -- ZIP`: archives a release zip on Zenodo. See scripts/lib/cli/deposit-command.ts.
import { depositCommand } from './lib/cli/deposit-command.ts';
import { runCommand } from './lib/cli/process-io.ts';

await runCommand(depositCommand);
