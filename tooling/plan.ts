// A test plan: which spec files run against which server folders, and what result each run
// should have. The `test` command builds one and hands it to vitest.config.ts through KATA_PLAN.
import { loadCurriculum, solutionDir, exerciseDir, specFile, type Exercise } from './curriculum.ts';
import { loadMutants } from '../specs/mutants/index.ts';
import { loadVariants } from '../specs/variants/index.ts';

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
  /** For role "stub": where its folder comes from (StubFolder in tooling/pristine-stubs.ts); none: exercises/ as it is. */
  stubFrom?: 'exercises' | 'git' | 'as-is';
  /** For role "variant": the variant's name in specs/variants/<exercise>.ts. */
  variant?: string;
  /** Start this command in `dir` instead of server.ts (`--server "python3 server.py"`). */
  serverCommand?: string[];
  /** A repeat of the run of this name, with the same seed: its verdict must be the same. */
  repeatOf?: string;
}

export interface Plan {
  seed: number;
  runs: SpecRun[];
  /** Also run the kata's own unit tests (tooling/, specs/harness/). */
  tooling: boolean;
}

export const TOOLING_PROJECT = 'tooling';

/**
 * What `npm test` with no target runs: every spec against solutions, stubs and mutants. `stubs`
 * says where each exercise's stub is (tooling/pristine-stubs.ts: the kata's own, which in a
 * learner's checkout is a copy); without an entry, exercises/<slug> as it is.
 */
export async function selfCheckPlan(seed: number, exercises: Exercise[] = loadCurriculum(), stubs: ReadonlyMap<string, { dir: string; from: NonNullable<SpecRun['stubFrom']> }> = new Map()): Promise<Plan> {
  const runs: SpecRun[] = [];
  for (const ex of exercises) {
    const stub = stubs.get(ex.slug);
    runs.push({ name: `${ex.slug} › solution`, exercise: ex.slug, dir: solutionDir(ex), role: 'solution' });
    runs.push({ name: `${ex.slug} › stub`, exercise: ex.slug, dir: stub?.dir ?? exerciseDir(ex), role: 'stub', ...(stub && { stubFrom: stub.from }) });
    for (const mutant of await loadMutants(ex.slug)) {
      runs.push({
        name: `${ex.slug} › mutant ${mutant.name}`,
        exercise: ex.slug,
        dir: solutionDir(ex),
        role: 'mutant',
        mutant: mutant.name,
        expectedStep: mutant.step,
      });
    }
    for (const variant of await loadVariants(ex.slug)) {
      runs.push({
        name: `${ex.slug} › variant ${variant.name}`,
        exercise: ex.slug,
        dir: solutionDir(ex),
        role: 'variant',
        variant: variant.name,
        serverCommand: variant.server,
      });
    }
  }
  return { seed, runs, tooling: true };
}

/**
 * `npm test -- --repeat N`: the solutions and the valid variants, each N times with one seed, all
 * at once (as loaded as a self-check gets). The same server with the same seed must get the same
 * verdict every time: a spec whose verdict changes is racing the server, not judging it.
 */
export async function repeatPlan(seed: number, times: number, exercises: Exercise[] = loadCurriculum()): Promise<Plan> {
  const once = (await selfCheckPlan(seed, exercises)).runs.filter((run) => run.role === 'solution' || run.role === 'variant');
  const again = once.flatMap((run) => Array.from({ length: times - 1 }, (_, i) => ({ ...run, name: `${run.name} · run ${i + 2}`, repeatOf: run.name })));
  return { seed, runs: [...once, ...again], tooling: false };
}

/**
 * What plain `npx vitest` (and an editor's vitest extension) runs: every spec against the
 * solutions, and the tooling's tests; all of it should pass. The self-check with stubs and
 * mutants is `npm test`.
 */
export function solutionsPlan(seed: number, exercises: Exercise[] = loadCurriculum()): Plan {
  const runs: SpecRun[] = exercises.map((ex) => ({ name: `${ex.slug} › solution`, exercise: ex.slug, dir: solutionDir(ex), role: 'solution' }));
  return { seed, runs, tooling: true };
}

export function encodePlan(plan: Plan): string {
  return JSON.stringify(plan);
}

export function decodePlan(text: string | undefined): Plan | undefined {
  return text ? (JSON.parse(text) as Plan) : undefined;
}

export function randomSeed(): number {
  return Math.floor(Math.random() * 1_000_000);
}

/** The vitest projects for a plan: one per run, each given its run and the seed through `provide`. */
export function projectsFor(plan: Plan) {
  const tooling = {
    extends: true as const,
    test: { name: TOOLING_PROJECT, include: ['tooling/**/*.test.ts', 'specs/harness/**/*.test.ts'] },
  };
  const runs = plan.runs.map((run) => ({
    extends: true as const,
    test: { name: run.name, include: [specFile({ slug: run.exercise })], provide: { run, seed: plan.seed } },
  }));
  return plan.tooling ? [tooling, ...runs] : runs;
}
