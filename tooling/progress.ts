// Where a learner stands: each exercise's specs against their own exercises/ folder. A verdict
// recorded since the folder last changed (tooling/verdicts.ts) is read back; the exercises without
// one run again, all in one quiet vitest run, and their verdicts are recorded.
import { exerciseDir, loadCurriculum, type Exercise } from './core/curriculum.ts';
import type { Runtime } from './core/runtime.ts';
import { randomSeed, type SpecRun } from './core/spec-run.ts';
import { QuietReporter } from './reporters.ts';
import type { ProjectResult } from './core/results.ts';
import { runPlan } from './run-plan.ts';
import { folderHash, readVerdict, recordVerdict } from './verdicts.ts';
import { holdsRecorded, readStubRecord } from './core/pristine-stubs.ts';

export type State = 'passing' | 'in progress' | 'not started' | 'does not start';

export interface ExerciseProgress {
  exercise: Exercise;
  state: State;
  passing: number;
  total: number;
  /** The lesson step the first failure points at, for hints (a failure that teaches names one). */
  step?: number;
  /** Whether this came from a recorded verdict rather than a run just now. */
  recorded: boolean;
}

/**
 * An exercise's standing from its specs' result; no result at all means it did not start. A
 * folder that still holds the kata's stub (`untouched`) is not started, whatever its stub passes
 * already (a status line, say): the learner has done nothing there yet.
 */
export function progressOf(exercise: Exercise, result: ProjectResult | undefined, { recorded = false, untouched = false } = {}): ExerciseProgress {
  const specs = result?.specs.filter((s) => s.state !== 'skipped') ?? [];
  const passing = specs.filter((s) => s.state === 'passed').length;
  const failed = specs.filter((s) => s.state === 'failed');
  // The first failure decides; a raw one (a spec's own bug) names no step: then the next that does.
  const step = failed[0]?.step ?? failed.find((s) => s.step !== undefined)?.step;
  const state: State = !result || result.errors.length > 0 ? 'does not start' : passing === specs.length ? 'passing' : passing === 0 || untouched ? 'not started' : 'in progress';
  // The untouched stub's passes are not the learner's: the bar counts none of them.
  return { exercise, state, passing: untouched && state === 'not started' ? 0 : passing, total: specs.length, step, recorded };
}

export async function measureProgress(runtime: Runtime, exercises: Exercise[] = loadCurriculum()): Promise<ExerciseProgress[]> {
  const dirs = exercises.map((ex) => exerciseDir(ex));
  const hashes = exercises.map((ex, i) => folderHash(dirs[i]!, ex.slug));
  const recorded = exercises.map((ex, i) => readVerdict(ex.slug, dirs[i]!, { hash: hashes[i] }));
  const stale = exercises.flatMap((ex, i) => (recorded[i] ? [] : [i]));
  const fresh = new Map<number, ProjectResult | undefined>();
  if (stale.length > 0) {
    const runs: SpecRun[] = stale.map((i) => ({ name: `${exercises[i]!.slug} › progress`, exercise: exercises[i]!.slug, dir: dirs[i]!, role: 'learner' }));
    const reporter = new QuietReporter();
    await runPlan({ seed: randomSeed(), runs, unitTests: false }, [reporter], runtime);
    for (const [n, i] of stale.entries()) {
      const result = reporter.results.get(runs[n]!.name);
      if (result) recordVerdict(exercises[i]!.slug, dirs[i]!, result, { judgedHash: hashes[i] });
      fresh.set(i, result);
    }
  }
  const stubs = readStubRecord();
  return exercises.map((exercise, i) => {
    const stub = stubs?.[exercise.slug];
    const untouched = stub !== undefined && holdsRecorded(dirs[i]!, stub);
    return progressOf(exercise, recorded[i] ?? fresh.get(i), { recorded: recorded[i] !== undefined, untouched });
  });
}

/**
 * The first exercise, in order, whose specs do not all pass yet. Recorded verdicts answer at once;
 * an exercise without one runs alone, so that a learner at exercise 01 waits for 01's specs only.
 */
export async function firstNotPassing(runtime: Runtime, exercises: Exercise[] = loadCurriculum()): Promise<ExerciseProgress | undefined> {
  for (const exercise of exercises) {
    const [progress] = await measureProgress(runtime, [exercise]);
    if (progress && progress.state !== 'passing') return progress;
  }
  return undefined;
}
