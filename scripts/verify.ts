// `npm run verify -- PATH`: checks a downloaded release. See scripts/lib/cli/verify-command.ts.
import { verifyCommand } from './lib/cli/verify-command.ts';
import { runCommand } from './lib/cli/process-io.ts';

await runCommand(verifyCommand);
