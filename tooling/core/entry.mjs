// What every command's entry file does first (tooling/kata.mjs, grading/grade.mjs,
// grading/child.mjs). Plain JavaScript: it runs before the kata's TypeScript is loaded.
import { clearInterval, setInterval } from 'node:timers';

/**
 * npm runs a script as `sh -c "<script> <args>"` and passes a SIGINT or SIGTERM it gets (an IDE's
 * stop button, `kill` of a background `npm start`) to that shell alone. dash, Debian's and
 * Ubuntu's sh, does not pass it on: on SIGTERM it dies, on SIGINT it waits for its child, and this
 * process, its servers and its vitest ran on. So package.json's scripts `exec` the entry file:
 * npm's signal comes to it. And should npm go without passing one on (killed with SIGKILL, or the
 * script run without exec), a parent that is gone counts as SIGTERM: each command stops on it as
 * on Ctrl-C (one with no handler of its own ends, as node does).
 */
export function stopWhenParentGoes() {
  const parent = process.ppid;
  const parentWatch = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(parentWatch);
    process.kill(process.pid, 'SIGTERM');
  }, 100);
  parentWatch.unref();
}

/**
 * vitest's startVitest, imported natively when first called: loaded through tsx's loader, vitest
 * took ~0.9 s to import, ~0.3 s natively. So vitest loads here, outside the bundle of the kata's
 * own TypeScript (load-tooling.mjs); and only when a command runs specs.
 * @type {typeof import('vitest/node').startVitest}
 */
export const startVitest = async (...args) => (await import('vitest/node')).startVitest(...args);
