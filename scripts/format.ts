// `npm run format`: rewrites the tables in canonical form. See scripts/lib/cli/format-command.ts.
import { formatCommand } from './lib/cli/format-command.ts';
import { runCommand } from './lib/cli/process-io.ts';

await runCommand(formatCommand);
