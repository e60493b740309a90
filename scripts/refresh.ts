// `npm run refresh`: brings derived files (canonical tables, generated/, pictures, README tables) up to date. See scripts/lib/cli/refresh-command.ts.
import { refreshCommand } from './lib/cli/refresh-command.ts';
import { runCommand } from './lib/cli/process-io.ts';

await runCommand(refreshCommand);
