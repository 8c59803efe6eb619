// `npm run watch exercises/03 [-- --server "<command>"]`: runs the exercise's specs, then again on
// every save in its folder, showing the new result in place. vitest stays up in watch mode, so a
// rerun skips starting vitest and transforming the specs. It still starts a fresh worker, which
// imports its runner, supertest and the harness again (vitest 4 ends its workers after each run):
// about 0.2 s of a rerun's 0.5 s here; starting the server (0.18 s) and 02's specs take the rest.
import { watch } from 'node:fs';
import { parseCommandLine, SERVER_OPTION, serverCommandOf, usageText, UsageError, type CommandLine } from './core/args.ts';
import type { Runtime } from './core/runtime.ts';
import { randomSeed } from './core/spec-run.ts';
import { startPlan } from './run-plan.ts';
import { LearnerReporter } from './reporters.ts';
import { resolveTarget } from './targets.ts';
import { useTempRoot } from './temp-root.ts';
import { startTypeChecker } from './type-errors.ts';

// An editor's save (write, or write a temp file and rename it) makes its events within a millisecond
// or two: 10 ms folds them into one run, and every millisecond here is one the learner waits.
const DEBOUNCE_MS = 10;

export const WATCH_COMMAND_LINE: CommandLine = {
  command: 'npm run watch',
  synopsis: '<exercise> [-- --server "<command>"]',
  summary: "Runs the exercise's specs against your folder, then again on every save in it, with the new result in place.\nCtrl-C (or q) stops it.",
  positionals: [{ name: '<exercise>', help: '03, exercises/03 or exercises/03-file-server (or any folder named like one)' }],
  options: { '--server': SERVER_OPTION, '--verbose': { help: "show vitest's own report too" } },
};

export async function watchCommand(args: string[], runtime: Runtime): Promise<number> {
  const parsed = parseCommandLine(args, WATCH_COMMAND_LINE);
  if (parsed.help) {
    console.log(usageText(WATCH_COMMAND_LINE));
    return 0;
  }
  const [target] = parsed.positionals;
  if (!target) throw new UsageError('which exercise? npm run watch exercises/03');
  const serverCommand = serverCommandOf(parsed);
  const runs = resolveTarget(target, process.env.INIT_CWD ?? process.cwd()).map((run) => ({ ...run, serverCommand }));
  const plan = { seed: randomSeed(), runs, unitTests: false };
  // What the runs write in the temp folder (03's copy of the folder) goes when vitest exits.
  useTempRoot('netkata-run-');
  // The same one-screen report as npm test, after every rerun, with the screen cleared first. One
  // type checker for all the reruns: after the first, a check takes tens of milliseconds, not a second.
  const reporter = new LearnerReporter(plan, { clearScreen: !parsed.flags.has('--verbose'), typeChecker: startTypeChecker() });
  const vitest = await startPlan(plan, parsed.flags.has('--verbose') ? ['default', reporter] : [reporter], runtime, true);

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
