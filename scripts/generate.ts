// `npm run generate`: writes generated/ from schemas/. See scripts/lib/cli/generate-command.ts.
import { generateCommand } from './lib/cli/generate-command.ts';
import { runCommand } from './lib/cli/process-io.ts';

await runCommand(generateCommand);
