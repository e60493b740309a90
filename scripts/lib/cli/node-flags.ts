/**
 * Node flags `npm run validate` starts with (package.json repeats them; a test keeps the two equal),
 * and that the benchmark gives every measurement alike. With two validation threads on two cores,
 * V8's garbage-collection helper threads only compete with them for the cores, and a young
 * generation of 4 MB halves (instead of up to 16 MB) is enough for rows that die young: peak memory
 * drops, time does not grow. Without string slices, a cell cut from a chunk of the file is a copy,
 * not a view that keeps the whole chunk alive, so whatever a rule keeps across rows costs only its
 * own length, and no rule has to copy what it keeps (docs/performance.md has the measurements).
 */
export const VALIDATE_NODE_FLAGS: readonly string[] = ['--single-threaded-gc', '--max-semi-space-size=4', '--no-string-slices'];
