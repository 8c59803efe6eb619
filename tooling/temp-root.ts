// One temp folder for everything a run of `npm test` writes in the temp folder (the self-check's
// copies of stubs, mutants and variants, server bundles, the specs' own copies such as 03's),
// removed when the run ends, however it ends. On Ctrl-C or SIGTERM vitest's handler ends this
// process with process.exit: the spec workers' afterAll hooks, which remove a mutant's copy, never
// run, and no `finally` does either; an 'exit' listener does. The servers end on their own (their
// supervisors see this process go) and so do their bundles (specs/harness/supervisor.mjs).
import { mkdtempSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Runs `fn` with os.tmpdir() (TMPDIR, which the spec workers and the servers inherit) inside a
 * fresh folder, and removes that folder afterwards: when `fn` returns or throws, and when the
 * process exits or is ended by SIGINT, SIGTERM or SIGHUP.
 */
export async function withTempRoot<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  const remove = () => rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  // Until vitest listens (while the plan is made, and once it has closed), a signal would end the
  // process by default, with no 'exit' event: end it as node would, with the event. Once vitest
  // listens too, its handler ends the process.
  const onSignal = (signal: NodeJS.Signals) => {
    if (process.listenerCount(signal) === 1) process.exit(128 + constants.signals[signal]);
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  process.on('exit', remove);
  for (const signal of signals) process.on(signal, onSignal);
  try {
    return await fn(dir);
  } finally {
    process.off('exit', remove);
    for (const signal of signals) process.off(signal, onSignal);
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    remove();
  }
}
