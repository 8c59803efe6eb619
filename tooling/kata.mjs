// Entry point of the kata's commands: `node tooling/kata.mjs <verb> [args]` (npm test, ...).
// Plain JavaScript on purpose: loaded through tsx's loader, vitest takes ~0.9 s to import, ~0.3 s
// natively. So vitest loads here, natively, and only the kata's own TypeScript goes through tsx;
// and only when a command runs specs: `npm run progress` from recorded verdicts never needs it.
import { clearInterval, setInterval } from 'node:timers';
import { tsImport } from 'tsx/esm/api';

// npm runs a script as `sh -c "<script> <args>"` and passes a SIGINT or SIGTERM it gets (an IDE's
// stop button, `kill` of a background `npm start`) to that shell alone. dash, Debian's and Ubuntu's
// sh, does not pass it on: on SIGTERM it dies, on SIGINT it waits for its child, and this process,
// its servers and its vitest ran on. So package.json's scripts `exec` this process: npm's signal
// comes here. And should npm go without passing one on (killed with SIGKILL, or the script run
// without exec), a parent that is gone counts as SIGTERM: each command stops on it as on Ctrl-C
// (one with no handler of its own ends, as node does).
const parent = process.ppid;
const parentWatch = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(parentWatch);
  process.kill(process.pid, 'SIGTERM');
}, 100);
parentWatch.unref();

/** @type {typeof import('vitest/node').startVitest} */
const startVitest = async (...args) => (await import('vitest/node')).startVitest(...args);

/** @type {{ main: (argv: string[], runtime: { startVitest: typeof startVitest }) => Promise<number> }} */
// eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- tsImport returns any; kata.ts's main has this type
const kata = await tsImport('./kata.ts', import.meta.url);
process.exitCode = await kata.main(process.argv.slice(2), { startVitest });
