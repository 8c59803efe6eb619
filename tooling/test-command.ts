// `npm test [target]`: with no target, the kata's self-check; with one, that target's specs.
// Exit status: 0 when everything expected holds, 1 when a spec fails, 2 for a target that matches
// nothing. Whatever a run writes in the temp folder goes when it ends (tooling/temp-root.ts).
import path from 'node:path';
import type { Runtime } from './core/runtime.ts';
import { repeatPlan, selfCheckPlan, type Plan } from './plan.ts';
import { randomSeed } from './core/spec-run.ts';
import { runPlan } from './run-plan.ts';
import { LearnerReporter, SelfCheckReporter } from './reporters.ts';
import { resolveTarget, TargetError } from './targets.ts';
import { findExercise, idRange, loadCurriculum, specFile, type Exercise } from './core/curriculum.ts';
import { parseTestOptions, testUsage } from './test-options.ts';
import { folderHash, recordVerdict } from './verdicts.ts';
import { resolvePristineStubs } from './core/pristine-stubs.ts';
import { withTempRoot } from './temp-root.ts';
import { encodeServerSettings } from './core/server-settings.mjs';
import { specsUseBrowser, startSharedChromium } from '../specs/harness/chromium.ts';

export async function testCommand(args: string[], runtime: Runtime): Promise<number> {
  const { target, only, repeat, serverCommand, verbose, everySpec, help } = parseTestOptions(args);
  if (help) {
    console.log(testUsage());
    return 0;
  }
  const seed = process.env.KATA_SEED ? Number(process.env.KATA_SEED) : randomSeed();
  if (serverCommand && !target) throw new TargetError('--server needs a target: npm test exercises/02 -- --server "python3 server.py"');
  const cwd = process.env.INIT_CWD ?? process.cwd();
  if (!target) {
    const { exercises, times } = selfCheckScope(only, repeat);
    // Plain `npm test` in a learner's checkout: say at once that it is not what checks their work.
    console.log(SelfCheckReporter.firstLine);
    return withTempRoot('netkata-run-', (temp) => runSelfCheck(seed, exercises, { only: only !== undefined, times, everySpec }, temp, runtime));
  }
  const plan: Plan = { seed, runs: resolveTarget(target, cwd).map((run) => ({ ...run, serverCommand })), unitTests: false };
  return withTempRoot('netkata-run-', () => runTarget(plan, verbose, runtime));
}

/** The specs of the target's folders; their verdicts are recorded for npm run progress and hint. */
async function runTarget(plan: Plan, verbose: boolean, runtime: Runtime): Promise<number> {
  // What each folder held when its specs started: a file saved during the run is not recorded as judged.
  const judged = new Map(plan.runs.map((run) => [run.name, folderHash(run.dir, run.exercise)]));
  const reporter = new LearnerReporter(plan);
  // A learner gets one screen; vitest's own report (spec source, stack lines) is for
  // contributors, with --verbose.
  await runPlan(plan, verbose ? ['default', reporter] : [reporter], runtime);
  // npm run progress and npm run hint read these instead of running the specs again.
  for (const run of plan.runs.filter((r) => r.role === 'learner')) {
    const result = reporter.results.get(run.name);
    if (result) recordVerdict(run.exercise, run.dir, result, { serverCommand: run.serverCommand, judgedHash: judged.get(run.name) });
  }
  return reporter.ok ? 0 : 1;
}

/**
 * The self-check judges the kata, not the learner's work: each stub is the kata's own, a copy read
 * from git (into `temp`) where exercises/ holds something else (tooling/pristine-stubs.ts).
 */
async function runSelfCheck(
  seed: number,
  exercises: Exercise[],
  { only, times, everySpec }: { only: boolean; times?: number; everySpec: boolean },
  temp: string,
  runtime: Runtime,
): Promise<number> {
  let plan: Plan;
  if (times !== undefined) plan = await repeatPlan(seed, times, exercises);
  else {
    const { stubs, notes } = resolvePristineStubs(exercises.map((ex) => ex.slug), { tempDir: () => path.join(temp, 'stubs') });
    for (const note of notes) console.log(`note: ${note}`);
    plan = await selfCheckPlan(seed, exercises, stubs, { everySpec });
    if (only) plan = { ...plan, unitTests: false };
  }
  const reporter = new SelfCheckReporter(plan);
  // The self-check expects stubs and mutants to fail: vitest's own list of those failures would
  // be hundreds of lines of noise, so only its table is shown.
  await withSharedChromium(plan, path.join(temp, 'chromium'), (withBrowser) => runPlan(withBrowser, [reporter], runtime));
  return reporter.ok ? 0 : 1;
}

/**
 * Runs `fn` with one Chromium for every browser spec of the plan, as the grader does: a dozen
 * runs' browser specs would otherwise start a dozen (specs/harness/chromium.ts). Its address goes
 * to the spec runs only (Plan.specEnv), not to the unit tests.
 */
async function withSharedChromium(plan: Plan, tmp: string, fn: (plan: Plan) => Promise<void>): Promise<void> {
  const files = [...new Set(plan.runs.map((run) => specFile({ slug: run.exercise })))];
  const chromium = specsUseBrowser(files) ? await startSharedChromium(tmp) : undefined;
  if (!chromium) return fn(plan);
  try {
    await fn({ ...plan, specEnv: encodeServerSettings({ browserWsEndpoint: chromium.wsEndpoint }) });
  } finally {
    await chromium.close();
  }
}

/**
 * What the self-check covers: `--only 03` limits it to one exercise (and leaves out the tooling
 * tests); `--repeat 3` runs only the solutions and valid variants, each three times, to compare
 * verdicts.
 */
function selfCheckScope(only: string | undefined, repeat: string | undefined): { exercises: Exercise[]; times?: number } {
  let exercises = loadCurriculum();
  if (only !== undefined) {
    const exercise = findExercise(only);
    if (!exercise) throw new TargetError(`no exercise ${only}; exercises are ${idRange(exercises)}`);
    // 05 runs 04's specs, and 04's stub and mutants are what prove those can fail
    // (tooling/selfcheck.ts, provenWhereDefined): --only 05 checks 04 too.
    const reused = exercise.reusesSpecs && findExercise(exercise.reusesSpecs.of);
    exercises = reused ? [reused, exercise] : [exercise];
  }
  if (repeat === undefined) return { exercises };
  const times = Number(repeat);
  if (!Number.isInteger(times) || times < 2) throw new TargetError(`--repeat needs a number of runs, 2 or more: --repeat 3 (not "${repeat}")`);
  return { exercises, times };
}
