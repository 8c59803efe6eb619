// Runs a plan's specs in vitest, in this process, with the given reporters.
import path from 'node:path';
import type { Reporter } from 'vitest/node';
import { KATA_ROOT } from './curriculum.ts';
import type { Runtime } from './kata.ts';
import { encodePlan, type Plan } from './plan.ts';

export async function runPlan(plan: Plan, reporters: (Reporter | 'default')[], { startVitest }: Runtime): Promise<void> {
  // vitest.config.ts reads the plan from here, in this process and in its workers.
  process.env.KATA_PLAN = encodePlan(plan);
  const vitest = await startVitest('test', [], {
    watch: false,
    root: KATA_ROOT,
    config: path.join(KATA_ROOT, 'vitest.config.ts'),
    reporters,
  });
  await vitest.close();
}
