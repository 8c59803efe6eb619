// Runs a plan's specs in vitest, in this process, with the given reporters.
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Reporter, Vitest } from 'vitest/node';
import { testSettings } from '../vitest.config.ts';
import { KATA_ROOT } from './core/curriculum.ts';
import type { Runtime } from './core/runtime.ts';
import { encodePlan, projectsFor, type Plan } from './plan.ts';
import { runsShareWorkers } from './core/shared-runs.ts';

/** Starts vitest on a plan; with `watch`, it stays up for reruns. */
export function startPlan(plan: Plan, reporters: (Reporter | 'default')[], { startVitest }: Runtime, watch = false): Promise<Vitest> {
  // The runs of one exercise share workers, through run files in this command's temp folder
  // (tooling/temp-root.ts removes it).
  if (runsShareWorkers(plan.runs)) plan = { ...plan, runFilesDir: path.resolve(tmpdir(), 'spec-runs') };
  const [only, ...more] = projectsFor(plan);
  // vitest.config.ts reads the plan from here (a plan of more than one run).
  process.env.KATA_PLAN = encodePlan(plan);
  if (only && more.length === 0) {
    // One run (npm test 03, npm run watch 03): its project is vitest's root project, given here
    // with vitest.config.ts's settings, so that vitest neither bundles and loads the config file
    // nor sets up a second project (and its Vite server) beside the root: ~0.1 s less before the
    // spec file starts to load.
    return startVitest('test', [], { watch, root: KATA_ROOT, config: false, reporters, ...testSettings, ...only.test });
  }
  return startVitest('test', [], {
    watch,
    root: KATA_ROOT,
    config: path.join(KATA_ROOT, 'vitest.config.ts'),
    reporters,
  });
}

/** Runs a plan's specs once. */
export async function runPlan(plan: Plan, reporters: (Reporter | 'default')[], runtime: Runtime): Promise<void> {
  const vitest = await startPlan(plan, reporters, runtime);
  await vitest.close();
}
