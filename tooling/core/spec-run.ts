// One spec run: one exercise's specs against one server folder, as the learner's commands, the
// self-check and the grader each hand it to vitest (a project of its own, given its run and seed
// through `provide`, or a run file among others that share workers: shared-runs.ts), and as the
// harness reads it back in the spec worker.
import { specFile } from './curriculum.ts';

/** One vitest project: one exercise's specs against one server. */
export interface SpecRun {
  /** Unique, shown in reports: "03-file-server › solution". */
  name: string;
  exercise: string;
  /** The folder whose server.ts is started (for a mutant: the solution it is made from). */
  dir: string;
  role: 'learner' | 'solution' | 'stub' | 'mutant' | 'variant';
  /** For role "mutant": the mutant's name in specs/mutants/<exercise>.ts. */
  mutant?: string;
  /** For role "mutant": the lesson step its first failure must point at. */
  expectedStep?: number;
  /**
   * For role "mutant": skip its specs after the first that fails. The self-check needs only that
   * one (it is caught, and at which step); the rest of the run cost most of its time.
   */
  untilFirstFailure?: boolean;
  /** For role "stub": where its folder comes from (StubFolder in tooling/core/pristine-stubs.ts); none: exercises/ as it is. */
  stubFrom?: 'exercises' | 'git' | 'as-is';
  /** For role "variant": the variant's name in specs/variants/<exercise>.ts. */
  variant?: string;
  /** Start this command in `dir` instead of server.ts (`--server "python3 server.py"`). */
  serverCommand?: string[];
  /** A repeat of the run of this name, with the same seed: its verdict must be the same. */
  repeatOf?: string;
}

/**
 * vitest's limits for every spec run, the kata's and the grader's. Specs bound their own waits (a
 * few seconds for a server that never answers), so these only catch a harness bug. 60 s, not 20:
 * on a 2-core machine loaded by another run, 05's kill-and-restart specs took over 20 s, and a
 * learner would have seen vitest's raw "Test timed out".
 */
export const SPEC_TIME_LIMITS = { testTimeout: 60_000, hookTimeout: 30_000 };

export function randomSeed(): number {
  return Math.floor(Math.random() * 1_000_000);
}

/**
 * The vitest project for a run: the exercise's spec file (and any `extraSpecs`, an instructor's
 * private ones), with the run and the seed provided to the harness, and whether it runs alone in
 * its vitest (npm test 05), so that a spec file may run its specs side by side.
 */
export function specProject(run: SpecRun, seed: number, { extraSpecs = [], alone = false }: { extraSpecs?: string[]; alone?: boolean } = {}) {
  return {
    extends: true as const,
    test: { name: run.name, include: [specFile({ slug: run.exercise }), ...extraSpecs], provide: { run, seed, alone } },
  };
}
