// vitest's config. `npm test` (tooling/test-command.ts) decides what runs and passes it in
// KATA_PLAN; run vitest directly (`npx vitest run`, or an editor's vitest extension) and it runs
// every spec against the solutions, and the tooling's tests.
import { defineConfig } from 'vitest/config';
import { SPEC_TIME_LIMITS, randomSeed } from './tooling/core/spec-run.ts';
import { decodePlan, projectsFor, solutionsPlan } from './tooling/plan.ts';

const plan = decodePlan(process.env.KATA_PLAN) ?? solutionsPlan(Number(process.env.KATA_SEED ?? randomSeed()));

export default defineConfig({
  test: {
    projects: projectsFor(plan),
    ...SPEC_TIME_LIMITS,
    // Specs mostly wait on sockets and child processes, not the CPU: four workers finish the
    // self-check in about half the time of vitest's default (one fewer than the cores) on 2 cores.
    maxWorkers: 4,
    // Worker threads, not forked processes: a spec file's worker starts faster, which is most of
    // what `npm run watch` waits for on a save (0.60 s → 0.53 s median here). The servers still
    // run as processes of their own, so the specs see no difference.
    pool: 'threads',
    // Long lists of failures from stubs and mutants are expected; keep going.
    bail: 0,
  },
});
