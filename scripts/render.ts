// `npm run render`: draws the network and the timeline. See scripts/lib/cli/render-command.ts.
import { renderCommand } from './lib/cli/render-command.ts';
import { runCommand } from './lib/cli/process-io.ts';

await runCommand(renderCommand);
