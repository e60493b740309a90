// `npm run site`: builds the static dataset browser. See scripts/lib/cli/site-command.ts.
import { siteCommand } from './lib/cli/site-command.ts';
import { runCommand } from './lib/cli/process-io.ts';

await runCommand(siteCommand);
