// Entry point of the kata's commands: `node tooling/kata.mjs <verb> [args]` (npm test, ...).
// Plain JavaScript on purpose: loaded through tsx's loader, vitest takes ~0.9 s to import, ~0.3 s
// natively. So vitest loads here, natively, and only the kata's own TypeScript goes through tsx.
import { tsImport } from 'tsx/esm/api';
import { startVitest } from 'vitest/node';

/** @type {{ main: (argv: string[], runtime: { startVitest: typeof startVitest }) => Promise<number> }} */
// eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- tsImport returns any; kata.ts's main has this type
const kata = await tsImport('./kata.ts', import.meta.url);
process.exitCode = await kata.main(process.argv.slice(2), { startVitest });
