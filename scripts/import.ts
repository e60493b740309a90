// `npm run import`: an edited workbook checked cell by cell and written into data/ as canonical CSVs. See scripts/lib/cli/import-command.ts.
import { importCommand } from './lib/cli/import-command.ts';
import { runCommand } from './lib/cli/process-io.ts';

await runCommand(importCommand);
