// `npm run validate`: checks the data against the schemas and rules. See scripts/lib/cli/validate-command.ts.
import { validateCommand } from './lib/cli/validate-command.ts';
import { runCommand } from './lib/cli/process-io.ts';

await runCommand(validateCommand);
