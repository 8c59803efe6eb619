// One temp folder for everything a run of `npm test` writes in the temp folder (the self-check's
// copies of stubs, mutants and variants, server bundles, the specs' own copies such as 03's),
// removed when the run ends, however it ends. On Ctrl-C or SIGTERM vitest's handler ends this
// process with process.exit: the spec workers' afterAll hooks, which remove a mutant's copy, never
// run, and no `finally` does either; an 'exit' listener does. The servers end on their own (each
// worker's watchdog sees it go) and so do their bundles (specs/harness/watchdog.sh).
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import path from 'node:path';
import { processesWhoseCommandHolds, signal, stillRuns } from './core/processes.ts';

/** How long the exit waits for a browser spec's Chromium to be gone before it removes the folder. */
const BROWSER_GONE_MS = 2000;

/**
 * A browser spec's Chromium keeps its profile in the temp root and outlives this process by a
 * moment, writing it back after the folder is removed (a Ctrl-C to npm run watch 03 left
 * netkata-run-*\/playwright_chromiumdev_profile-* behind): end it first, and wait until it is gone.
 * Only Chromium: a server's group is ended by its worker's watchdog (specs/harness/watchdog.sh).
 */
function endBrowsersUsing(dir: string): void {
  const PROFILE = 'playwright_chromiumdev_profile-';
  // Most runs start no browser: then no scan of every process's command line at exit.
  if (!existsSync(dir) || !readdirSync(dir).some((name) => name.startsWith(PROFILE))) return;
  // The browser (--user-data-dir) and its helpers (crashpad's --database) name the profile.
  const browsers = processesWhoseCommandHolds(`${dir}${path.sep}${PROFILE}`);
  for (const browser of browsers) signal(browser.pid, 'SIGKILL');
  const deadline = Date.now() + BROWSER_GONE_MS;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (browsers.some((b) => stillRuns(b.pid)) && Date.now() < deadline) Atomics.wait(pause, 0, 0, 10);
}

/** How often, and how far apart, the exit tries to remove a temp root that something still writes in. */
const REMOVE_TRIES = 10;
const REMOVE_PAUSE_MS = 20;

/**
 * Removes `dir`, again and again until it is gone. The spec workers' threads still run while the
 * process's 'exit' listeners do: a spec's beforeAll can make a folder in the root while it is
 * removed (seen in CI: a SIGTERM just as a spec made its fixture folder left both behind). rmSync's
 * own retries retry only the last rmdir, not the walk, so a folder made after the walk stays.
 */
export function removeWhileWritten(dir: string): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 1; ; attempt++) {
    try {
      rmSync(dir, { recursive: true, force: true });
      return;
    } catch (error) {
      if (attempt >= REMOVE_TRIES) throw error;
    }
    Atomics.wait(pause, 0, 0, REMOVE_PAUSE_MS);
  }
}

/**
 * Points os.tmpdir() (TMPDIR, which the spec workers and the servers inherit) into a fresh folder,
 * removed when the process exits, also when SIGINT, SIGTERM or SIGHUP ends it. Returns what removes
 * it now (and gives TMPDIR back): for a command that ends by returning.
 */
export function useTempRoot(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  const removeDir = () => {
    endBrowsersUsing(dir);
    removeWhileWritten(dir);
  };
  // Until vitest listens (while the plan is made, and once it has closed), a signal would end the
  // process by default, with no 'exit' event: end it as node would, with the event. Once vitest
  // listens too, its handler ends the process.
  const onSignal = (signal: NodeJS.Signals) => {
    if (process.listenerCount(signal) === 1) process.exit(128 + constants.signals[signal]);
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  process.on('exit', removeDir);
  for (const signal of signals) process.on(signal, onSignal);
  const remove = () => {
    process.off('exit', removeDir);
    for (const signal of signals) process.off(signal, onSignal);
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    removeDir();
  };
  return { dir, remove };
}

/** Runs `fn` inside a temp root (useTempRoot), removed afterwards, also when `fn` throws. */
export async function withTempRoot<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const root = useTempRoot(prefix);
  try {
    return await fn(root.dir);
  } finally {
    root.remove();
  }
}
