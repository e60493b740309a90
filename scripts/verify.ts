// `npm run verify -- PATH`: checks a downloaded release. See scripts/lib/cli/verify-command.ts.
import { setFlagsFromString } from 'node:v8';
import { runCommand } from './lib/cli/process-io.ts';

// verify rebuilds the whole release in memory (the workbook, SQLite and Graphviz writers loaded
// with it) while it holds the zip's tables: V8's heuristics for a small heap keep its peak near
// 150 MB rather than 210 MB (measured on a real release; test/verify-zip.test.ts bounds it).
setFlagsFromString('--optimize-for-size');
const { verifyCommand } = await import('./lib/cli/verify-command.ts');

await runCommand(verifyCommand);
