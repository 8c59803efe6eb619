// `npm test [target]`: with no target, the kata's self-check; with one, that target's specs.
// Exit status: 0 when everything expected holds, 1 when a spec fails, 2 for a target that matches
// nothing.
import type { Runtime } from './kata.ts';
import { randomSeed, selfCheckPlan, type Plan } from './plan.ts';
import { runPlan } from './run-plan.ts';
import { LearnerSummaryReporter, SelfCheckReporter } from './reporters.ts';
import { resolveTarget, TargetError } from './targets.ts';
import { optionValue, positionals, serverCommandOption } from './args.ts';
import { findExercise, idRange, loadCurriculum } from './curriculum.ts';

export async function testCommand(args: string[], runtime: Runtime): Promise<number> {
  const seed = process.env.KATA_SEED ? Number(process.env.KATA_SEED) : randomSeed();
  const only = optionValue(args, '--only');
  const [target] = positionals(args);
  const serverCommand = serverCommandOption(args);
  if (serverCommand && !target) throw new TargetError('--server needs a target: npm test exercises/02 -- --server "python3 server.py"');
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const plan: Plan = target
    ? { seed, runs: resolveTarget(target, cwd).map((run) => ({ ...run, serverCommand })), tooling: false }
    : await selfCheckFor(seed, only);
  const reporter = target ? new LearnerSummaryReporter(plan) : new SelfCheckReporter(plan);
  // The self-check expects stubs and mutants to fail: vitest's own list of those failures would
  // be hundreds of lines of noise, so only its table is shown.
  await runPlan(plan, target ? ['default', reporter] : [reporter], runtime);
  return reporter.ok ? 0 : 1;
}

/** The self-check; `--only 03` limits it to one exercise (and leaves out the tooling tests). */
async function selfCheckFor(seed: number, only: string | undefined): Promise<Plan> {
  if (only === undefined) return selfCheckPlan(seed);
  const exercise = findExercise(only);
  if (!exercise) throw new TargetError(`no exercise ${only}; exercises are ${idRange(loadCurriculum())}`);
  return { ...(await selfCheckPlan(seed, [exercise])), tooling: false };
}
