// A test plan: which spec files run against which server folders, and what result each run
// should have. The `test` command builds one and hands it to vitest.config.ts through KATA_PLAN.
import { loadCurriculum, solutionDir, exerciseDir, type Exercise } from './core/curriculum.ts';
import { specProject, type SpecRun } from './core/spec-run.ts';
import { sharedRunProjects } from './core/shared-runs.ts';
import { loadMutants } from '../specs/mutants/index.ts';
import { loadVariants } from '../specs/variants/index.ts';

export interface Plan {
  seed: number;
  runs: SpecRun[];
  /** Also run the kata's own unit tests (*.test.ts in tooling/, grading/, specs/harness/). */
  unitTests: boolean;
  /**
   * Also run its end-to-end tests (*.e2e.test.ts): whole commands (npm test, npm start, the
   * grader) run as a learner or an instructor would, minutes of them. `npm run test:e2e`.
   */
  endToEndTests?: boolean;
  /**
   * Where the run files of runs that share workers go (tooling/core/shared-runs.ts): a temp
   * folder, set by whoever starts vitest on a plan of many runs. Without it, each run is a
   * project of its own (plain `npx vitest`, which an editor's vitest extension runs).
   */
  runFilesDir?: string;
  /** Environment variables for the spec runs' workers (not the unit tests'): the self-check's shared Chromium. */
  specEnv?: Record<string, string>;
}

export const UNIT_TESTS_PROJECT = 'unit tests';
export const END_TO_END_PROJECT = 'end-to-end tests';

/**
 * What `npm test` with no target runs: every spec against solutions, stubs and mutants. `stubs`
 * says where each exercise's stub is (tooling/pristine-stubs.ts: the kata's own, which in a
 * learner's checkout is a copy); without an entry, exercises/<slug> as it is.
 *
 * Each mutant's specs stop at its first failure, unless `everySpec` (npm test -- --every-spec):
 * that failure is what the self-check judges (caught, at the right step, teaching, on one
 * screen), and the specs after it took about two thirds of the self-check's time. Every spec
 * must then fail against the stub or be some mutant's first failure: a spec that only a mutant's
 * later failures reached needs a mutant of its own. --every-spec runs each mutant through, as a
 * learner's run does, so that the raw-error count covers every failure a learner can see.
 */
export async function selfCheckPlan(
  seed: number,
  exercises: Exercise[] = loadCurriculum(),
  stubs: ReadonlyMap<string, { dir: string; from: NonNullable<SpecRun['stubFrom']> }> = new Map(),
  { everySpec = false }: { everySpec?: boolean } = {},
): Promise<Plan> {
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
        untilFirstFailure: !everySpec,
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
  return { seed, runs, unitTests: true };
}

/**
 * `npm test -- --repeat N`: the solutions and the valid variants, each N times with one seed, all
 * at once (as loaded as a self-check gets). The same server with the same seed must get the same
 * verdict every time: a spec whose verdict changes is racing the server, not judging it.
 */
export async function repeatPlan(seed: number, times: number, exercises: Exercise[] = loadCurriculum()): Promise<Plan> {
  const once = (await selfCheckPlan(seed, exercises)).runs.filter((run) => run.role === 'solution' || run.role === 'variant');
  const again = once.flatMap((run) => Array.from({ length: times - 1 }, (_, i) => ({ ...run, name: `${run.name} · run ${i + 2}`, repeatOf: run.name })));
  return { seed, runs: [...once, ...again], unitTests: false };
}

/**
 * What plain `npx vitest` (and an editor's vitest extension) runs: every spec against the
 * solutions, and the kata's unit and end-to-end tests; all of it should pass. The self-check with stubs and
 * mutants is `npm test`.
 */
export function solutionsPlan(seed: number, exercises: Exercise[] = loadCurriculum()): Plan {
  const runs: SpecRun[] = exercises.map((ex) => ({ name: `${ex.slug} › solution`, exercise: ex.slug, dir: solutionDir(ex), role: 'solution' }));
  return { seed, runs, unitTests: true, endToEndTests: true };
}

export function encodePlan(plan: Plan): string {
  return JSON.stringify(plan);
}

export function decodePlan(text: string | undefined): Plan | undefined {
  return text ? (JSON.parse(text) as Plan) : undefined;
}

/** The vitest projects for a plan: one per run, each given its run and the seed through `provide`. */
export function projectsFor(plan: Plan) {
  const folders = ['tooling', 'grading', 'specs/harness'];
  const unit = {
    extends: true as const,
    test: { name: UNIT_TESTS_PROJECT, include: folders.map((f) => `${f}/**/*.test.ts`), exclude: ['**/*.e2e.test.ts', '**/node_modules/**'] },
  };
  const endToEnd = { extends: true as const, test: { name: END_TO_END_PROJECT, include: folders.map((f) => `${f}/**/*.e2e.test.ts`) } };
  const alone = plan.runs.length === 1 && !plan.unitTests && !plan.endToEndTests;
  const single = (run: SpecRun) => specProject(run, plan.seed, { alone });
  const specProjects = plan.runFilesDir ? sharedRunProjects(plan.runs, plan.seed, plan.runFilesDir, { single }) : plan.runs.map(single);
  const runs = plan.specEnv ? specProjects.map((project) => ({ ...project, test: { ...project.test, env: plan.specEnv } })) : specProjects;
  return [...(plan.unitTests ? [unit] : []), ...(plan.endToEndTests ? [endToEnd] : []), ...runs];
}
