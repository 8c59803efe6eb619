// Entry point of the learner's commands: `node tooling/kata.mjs <verb> [args]` (npm test, ...).
// Plain JavaScript on purpose: vitest loads natively (tooling/core/entry.mjs says why), and only
// the kata's own TypeScript goes through tsx.
import { tsImport } from 'tsx/esm/api';
import { startVitest, stopWhenParentGoes } from './core/entry.mjs';

stopWhenParentGoes();
// The commands that run specs load vitest natively: begin now, beside tsx's loading of the
// kata's TypeScript (its transforms run on a thread of their own), not after it.
if (['test', 'watch'].includes(process.argv[2] ?? 'test')) import('vitest/node').catch(() => {});
/** @type {{ main: (argv: string[], runtime: { startVitest: typeof startVitest }) => Promise<number> }} */
// eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- tsImport returns any; commands.ts's main has this type
const kata = await tsImport('./commands.ts', import.meta.url);
process.exitCode = await kata.main(process.argv.slice(2), { startVitest });
