// Where a learner stands: each exercise's specs run against their own exercises/ folder, quietly.
import path from 'node:path';
import { KATA_ROOT, loadCurriculum, type Exercise } from './curriculum.ts';
import type { Runtime } from './kata.ts';
import { randomSeed, type SpecRun } from './plan.ts';
import { QuietReporter } from './reporters.ts';
import { runPlan } from './run-plan.ts';

export type State = 'passing' | 'in progress' | 'not started' | 'does not start';

export interface ExerciseProgress {
  exercise: Exercise;
  state: State;
  passing: number;
  total: number;
  /** The first failure's message (it names the lesson step), for hints. */
  firstFailure?: string;
}

export async function measureProgress(runtime: Runtime, exercises: Exercise[] = loadCurriculum()): Promise<ExerciseProgress[]> {
  const runs: SpecRun[] = exercises.map((ex) => ({
    name: `${ex.slug} › progress`,
    exercise: ex.slug,
    dir: path.join(KATA_ROOT, 'exercises', ex.slug),
    role: 'learner',
  }));
  const reporter = new QuietReporter();
  await runPlan({ seed: randomSeed(), runs, tooling: false }, [reporter], runtime);
  return exercises.map((exercise, i) => {
    const result = reporter.results.get(runs[i]!.name);
    const specs = result?.specs.filter((s) => s.state !== 'skipped') ?? [];
    const passing = specs.filter((s) => s.state === 'passed').length;
    const firstFailure = specs.find((s) => s.state === 'failed')?.message ?? result?.errors[0];
    const state: State = !result || result.errors.length > 0 ? 'does not start' : passing === specs.length ? 'passing' : passing === 0 ? 'not started' : 'in progress';
    return { exercise, state, passing, total: specs.length, firstFailure };
  });
}

/**
 * The first exercise, in order, whose specs do not all pass yet; one at a time, so that a learner
 * at exercise 01 waits for 01's specs only.
 */
export async function firstNotPassing(runtime: Runtime, exercises: Exercise[] = loadCurriculum()): Promise<ExerciseProgress | undefined> {
  for (const exercise of exercises) {
    const [progress] = await measureProgress(runtime, [exercise]);
    if (progress && progress.state !== 'passing') return progress;
  }
  return undefined;
}

/** The lesson step a failure message links to ("README.md#3-..."), if any. */
export function stepOf(message: string | undefined): number | undefined {
  const match = /README\.md#(\d+)-/.exec(message ?? '');
  return match ? Number(match[1]) : undefined;
}
