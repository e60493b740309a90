// `npm run release -- --version X.Y.Z`: builds a versioned release. See scripts/lib/cli/release-command.ts.
import { releaseCommand } from './lib/cli/release-command.ts';
import { runCommand } from './lib/cli/process-io.ts';

await runCommand(releaseCommand);
