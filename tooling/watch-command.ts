// `npm run watch exercises/03 [-- --server "<command>"]`: runs the exercise's specs, then again on
// every save in its folder, showing the new result in place. vitest stays up in watch mode, so a
// rerun skips starting vitest and transforming the specs. It still starts a fresh worker, which
// imports its runner, supertest and the harness again (vitest 4 ends its workers after each run):
// about 0.2 s of a rerun's 0.5 s here; starting the server (0.18 s) and 02's specs take the rest.
import { watch } from 'node:fs';
import { positionals, serverCommandOption, UsageError } from './args.ts';
import type { Runtime } from './kata.ts';
import { randomSeed } from './plan.ts';
import { startPlan } from './run-plan.ts';
import { resolveTarget } from './targets.ts';

// An editor's save (write, or write a temp file and rename it) makes its events within a millisecond
// or two: 10 ms folds them into one run, and every millisecond here is one the learner waits.
const DEBOUNCE_MS = 10;

export async function watchCommand(args: string[], runtime: Runtime): Promise<number> {
  const [target] = positionals(args);
  if (!target) throw new UsageError('which exercise? npm run watch exercises/03');
  const serverCommand = serverCommandOption(args);
  const runs = resolveTarget(target, process.env.INIT_CWD ?? process.cwd()).map((run) => ({ ...run, serverCommand }));
  const vitest = await startPlan({ seed: randomSeed(), runs, tooling: false }, ['default'], runtime, true);

  // vitest's own watcher sees the spec files and what they import, not the learner's folder
  // (which may be anywhere on disk): watch that ourselves and ask vitest for a rerun.
  let timer: NodeJS.Timeout | undefined;
  const rerun = async () => {
    await vitest.waitForTestRunEnd();
    await vitest.rerunTestSpecifications(await vitest.globTestSpecifications(), true);
  };
  for (const run of runs) {
    watch(run.dir, { recursive: true }, (_event, file) => {
      // The board's data file changes on every post; rerunning for it would loop.
      if (!file || file.endsWith('.json') || file.includes('node_modules')) return;
      clearTimeout(timer);
      timer = setTimeout(() => void rerun(), DEBOUNCE_MS);
    });
  }
  // vitest now runs until Ctrl-C (or q), and exits the process itself.
  return new Promise<number>(() => {});
}
