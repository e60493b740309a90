// Loaded with `node --import` into a child process: prints its peak resident memory when it exits,
// for tests that bound a command's memory without timing it.
import { writeSync } from 'node:fs';

process.on('exit', () => writeSync(2, `\npeak-rss-bytes=${process.resourceUsage().maxRSS * 1024}\n`));
