// Entry point of the learner's commands: `node tooling/kata.mjs <verb> [args]` (npm test, ...).
// Plain JavaScript on purpose: vitest loads natively (tooling/core/entry.mjs says why), and the
// kata's own TypeScript as one bundle (tooling/core/load-tooling.mjs says why).
import path from 'node:path';
import { useCompileCache } from './core/compile-cache.mjs';
import { importTooling } from './core/load-tooling.mjs';
import { startVitest, stopWhenParentGoes } from './core/entry.mjs';

stopWhenParentGoes();
useCompileCache();
// The commands that run specs load vitest natively: begin now, beside the loading of the kata's
// own code, not after it.
if (['test', 'watch'].includes(process.argv[2] ?? 'test')) import('vitest/node').catch(() => {});
const kata = /** @type {{ main: (argv: string[], runtime: { startVitest: typeof startVitest }) => Promise<number> }} */ (await importTooling(path.join(import.meta.dirname, 'commands.ts')));
process.exitCode = await kata.main(process.argv.slice(2), { startVitest });
