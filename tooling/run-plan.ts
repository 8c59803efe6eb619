// Runs a plan's specs in vitest, in this process, with the given reporters.
import path from 'node:path';
import type { Reporter, Vitest } from 'vitest/node';
import { KATA_ROOT } from './core/curriculum.ts';
import type { Runtime } from './core/runtime.ts';
import { encodePlan, type Plan } from './plan.ts';

/** Starts vitest on a plan; with `watch`, it stays up for reruns. */
export function startPlan(plan: Plan, reporters: (Reporter | 'default')[], { startVitest }: Runtime, watch = false): Promise<Vitest> {
  // vitest.config.ts reads the plan from here, in this process and in its workers.
  process.env.KATA_PLAN = encodePlan(plan);
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
