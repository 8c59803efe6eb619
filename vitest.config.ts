// vitest's config. `npm test` (tooling/test-command.ts) decides what runs and passes it in
// KATA_PLAN; run vitest directly (`npx vitest run`, or an editor's vitest extension) and it runs
// every spec against the solutions, and the tooling's tests. A plan of one run (npm test 03) is
// given to vitest by tooling/run-plan.ts itself, with these same settings and no config file.
import type { ViteUserConfig } from 'vitest/config';
import { SPEC_TIME_LIMITS, randomSeed } from './tooling/core/spec-run.ts';
import { decodePlan, projectsFor, solutionsPlan } from './tooling/plan.ts';
import { runFilesUncached } from './tooling/core/shared-runs.ts';

/** What every run of the kata's specs uses, with a config file or without. */
export const testSettings = {
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
  // The specs and the harness, as vitest transforms them, kept in node_modules/.experimental-vitest-cache
  // and reused by the next run while their text is the same: a spec file then loads in about half
  // the time (the first thing every npm test waits for). vitest's own key covers each file's text,
  // the config and the lockfile, so an edit to a spec is seen at once.
  experimental: { fsModuleCache: true },
} satisfies ViteUserConfig['test'];

// A function, so that importing testSettings (tooling/run-plan.ts) reads no plan.
export default function config(): ViteUserConfig {
  const plan = decodePlan(process.env.KATA_PLAN) ?? solutionsPlan(Number(process.env.KATA_SEED ?? randomSeed()));
  if (!plan.runFilesDir) return { test: { projects: projectsFor(plan), ...testSettings } };
  return { plugins: [runFilesUncached()], test: { projects: projectsFor(plan), ...testSettings, cache: false } };
}
