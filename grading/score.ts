// Turns a submission's runs into points by the rubric. Per exercise:
//   behaviour = the value of the specs passed, where the specs the untouched stub already passes
//               (the starting point) earn nothing and cost their value when failed; 0 at least;
//   coverage  = the coverage points (lines and branches, each on its ramp) times the share of
//               behaviour earned: coverage of a server that does not work is worth nothing;
//   a hostile act, an exhausted time budget or a missing folder makes the exercise 0.
// With a --server command (a server in any language) there is no coverage to measure: the specs
// carry all of an exercise's points.
// grading/README.md explains each choice.
import { loadCurriculum } from '../tooling/core/curriculum.ts';
import { firstLine, firstLines, round2 as round } from '../tooling/core/text.ts';
import { rampScore, type Rubric } from './rubric.ts';
import { specKey, type ExerciseStart, type StartingPoint } from './starting-point.ts';
import type { ExerciseRun, GradedExercise, GradedSpec, GradedSubmission, Incident, SpecOutcome, SubmissionRun } from './types.ts';


const INCIDENT_REASONS: Record<Incident['kind'], string> = {
  'write-outside': 'it tried to write outside its own folder',
  'child-process': 'it tried to start another program',
  output: 'it printed more than the grader allows',
  memory: 'it ran out of the memory the grader allows',
  limit: 'it hit a limit of the sandbox',
};

/** Each exercise's share of the total, by the rubric's weights. */
export function exerciseMaxima(rubric: Rubric, exercises: string[]): Record<string, number> {
  const weight = (ex: string) => rubric.exercises[ex] ?? 1;
  const sum = exercises.reduce((acc, ex) => acc + weight(ex), 0);
  return Object.fromEntries(exercises.map((ex) => [ex, sum === 0 ? 0 : (rubric.total * weight(ex)) / sum]));
}

/** How the servers ran: with a --server command of the grader's, or from each exercise's server.ts. */
export interface ScoreMode {
  serverCommand?: boolean;
}

/** Why an exercise scores 0 whatever its specs did, if it does. */
function zeroReason(exercise: string, run: SubmissionRun, exerciseRun: ExerciseRun | undefined, mode: ScoreMode): string | undefined {
  if (run.missing.includes(exercise)) return `no exercises/${exercise}/${mode.serverCommand ? ' folder' : 'server.ts'} in the submission`;
  const incidents = run.incidents[exercise] ?? [];
  if (incidents.length > 0) {
    const first = incidents[0]!;
    return `${INCIDENT_REASONS[first.kind]}: ${first.detail}${incidents.length > 1 ? ` (and ${incidents.length - 1} more)` : ''}`;
  }
  if (exerciseRun?.timedOut) return 'it used up its time budget, so its servers were stopped';
  return undefined;
}

export function scoreExercise(exercise: string, title: string, max: number, run: SubmissionRun, start: StartingPoint, rubric: Rubric, mode: ScoreMode = {}): GradedExercise {
  const exerciseRun = run.runs[exercise];
  const outcomes = new Map<string, SpecOutcome>((exerciseRun?.untouchedStub ? stubOutcomes(start[exercise]) : (exerciseRun?.specs ?? [])).map((s) => [specKey(s), s]));
  // The specs to score: those that ran. A spec skipped while the server ran is skipped on this
  // machine (no curl, no Chromium): it counts for nobody. When the server could not start, every
  // spec is reported skipped: they all count, as failed. When nothing ran, the stub's list counts.
  const couldNotStart = (exerciseRun?.errors.length ?? 0) > 0;
  const ran = [...outcomes.values()].filter((s) => s.state !== 'skipped' || couldNotStart);
  const universe = ran.length > 0 ? ran : (start[exercise]?.specs ?? []);
  const freebies = new Set(rubric.startingPoint ? (start[exercise]?.passed ?? []).map(specKey) : []);
  const points = (name: string) => rubric.specPoints[exercise]?.[name] ?? rubric.defaultSpecPoints;
  let toEarn = universe.filter((s) => !freebies.has(specKey(s))).reduce((sum, s) => sum + points(s.name), 0);
  if (toEarn === 0) {
    // Every spec passes without work: score them all, or nothing would be left to earn.
    freebies.clear();
    toEarn = universe.reduce((sum, s) => sum + points(s.name), 0);
  }

  const weights = mode.serverCommand ? { behaviour: 1, coverage: 0 } : rubric.weights;
  const behaviourMax = max * weights.behaviour;
  const coverageMax = max * weights.coverage;
  const unit = toEarn === 0 ? 0 : behaviourMax / toEarn;
  const specs: GradedSpec[] = universe.map((spec) => {
    const outcome = outcomes.get(specKey(spec));
    const passed = outcome?.state === 'passed';
    const startingPoint = freebies.has(specKey(spec));
    const value = points(spec.name) * unit;
    const message = outcome?.message ?? (passed ? undefined : notRunMessage(exerciseRun));
    return {
      name: spec.name,
      file: spec.file,
      passed,
      points: points(spec.name),
      value,
      earned: startingPoint ? (passed ? 0 : -value) : passed ? value : 0,
      startingPoint,
      message,
      line: outcome?.line,
      durationMs: outcome?.durationMs,
    };
  });

  const zeroBecause = zeroReason(exercise, run, exerciseRun, mode);
  const behaviour = zeroBecause ? 0 : Math.min(behaviourMax, Math.max(0, specs.reduce((sum, s) => sum + s.earned, 0)));
  const share = behaviourMax === 0 ? 1 : behaviour / behaviourMax;
  const measured = exerciseRun?.coverage;
  const ramps = measured ? (rampScore(measured.lines.pct, rubric.coverage.lines) + rampScore(measured.branches.pct, rubric.coverage.branches)) / 2 : 0;
  const coverage = zeroBecause ? 0 : coverageMax * ramps * share;

  const problems = (exerciseRun?.errors ?? []).map((error) => firstLines(error, 12));
  if (exerciseRun?.untouchedStub) problems.push(UNTOUCHED);
  if (zeroBecause) problems.unshift(`scores 0: ${zeroBecause}`);
  return {
    exercise,
    title,
    max: round(max),
    score: round(behaviour + coverage),
    behaviour: { score: round(behaviour), max: round(behaviourMax), passed: specs.filter((s) => s.passed).length, specs: specs.length },
    coverage: {
      score: round(coverage),
      max: round(coverageMax),
      lines: measured ? measured.lines.pct : null,
      branches: measured ? measured.branches.pct : null,
      files: measured?.files ?? [],
    },
    specs,
    zeroBecause,
    problems,
    durationMs: exerciseRun?.durationMs ?? 0,
  };
}

export const UNTOUCHED = 'not run: the folder is the untouched stub (its results are the starting point)';

/** An untouched stub's outcomes, as recorded for the starting point. */
function stubOutcomes(start: ExerciseStart | undefined): SpecOutcome[] {
  const passed = new Set((start?.passed ?? []).map(specKey));
  return (start?.specs ?? []).map(({ name, file }) => {
    const ok = passed.has(specKey({ name, file }));
    return { name, file, state: ok ? 'passed' : 'failed', message: ok ? undefined : UNTOUCHED };
  });
}

function notRunMessage(run: ExerciseRun | undefined): string {
  if (!run) return 'not run';
  if (run.errors.length > 0) return `not run: ${firstLine(run.errors[0])}`;
  if (run.timedOut) return 'not run: the exercise used up its time budget';
  return 'not run';
}

export function scoreSubmission(run: SubmissionRun, start: StartingPoint, rubric: Rubric, exercises: string[], mode: ScoreMode = {}): GradedSubmission {
  const titles = new Map(loadCurriculum().map((ex) => [ex.slug, ex.title]));
  const maxima = exerciseMaxima(rubric, exercises);
  const graded = exercises.map((ex) => scoreExercise(ex, titles.get(ex) ?? ex, maxima[ex] ?? 0, run, start, rubric, mode));
  const score = graded.reduce((sum, ex) => sum + ex.score, 0);
  const max = graded.reduce((sum, ex) => sum + ex.max, 0);
  return {
    name: run.submission.name,
    path: run.submission.root,
    score: round(score),
    max: round(max),
    percent: max === 0 ? 0 : round((score / max) * 100),
    exercises: graded,
    ignored: run.ignored,
    errors: run.errors,
    durationMs: run.durationMs,
  };
}
