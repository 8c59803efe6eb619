// Node's compile cache (module.enableCompileCache, Node 22.8 and later; Node 20 has none): the
// code V8 compiled for the modules a thread loaded, kept in node_modules/.cache/netkata/compile/,
// so that the next command compiles less of vitest, vite and playwright-core. Plain JavaScript:
// the entry files call it first. The servers under test never get it: it is this process's, not
// their environment's.
import module from 'node:module';
import path from 'node:path';

const DIR = path.resolve(import.meta.dirname, '..', '..', 'node_modules', '.cache', 'netkata', 'compile');

/**
 * Turns the cache on for this thread: each worker thread needs a call of its own. Quietly nothing
 * where node has none, or cannot write there (NODE_COMPILE_CACHE names another folder;
 * NODE_DISABLE_COMPILE_CACHE=1 turns it off).
 */
export function useCompileCache() {
  const { enableCompileCache } = /** @type {{ enableCompileCache?: (dir: string) => unknown }} */ (module);
  enableCompileCache?.(process.env.NODE_COMPILE_CACHE ?? DIR);
}
