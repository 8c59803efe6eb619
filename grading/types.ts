// The grader's data, from what one grading child reports (ExerciseRun) to the scored report that
// every output format is written from (GradeReport).
import type { SpecResult } from '../tooling/core/results.ts';
import type { Incident } from './guard.ts';

export type { Incident };

/** A folder to grade: a clone of the kata (holding exercises/), or an exercises/ folder itself. */
export interface Submission {
  /** Shown in every report: the folder's name, made unique within a class. */
  name: string;
  /** The folder as given. */
  root: string;
  /** Its exercises/ folder (the same as root when an exercises/ folder was given). */
  exercisesDir: string;
  /** This checkout grading itself (`npm run grade` with no argument): nothing of it is ignored. */
  self: boolean;
}

/** One spec's outcome, as the grading child saw it: a spec's result, and which file it is in. */
export interface SpecOutcome extends SpecResult {
  /** The spec file, relative to the kata ("specs/01-raw-socket.spec.ts") or "private/<file>". */
  file: string;
}

export interface CoverageFigure {
  covered: number;
  total: number;
  /** 0..100; 100 when there is nothing to cover. */
  pct: number;
}

export interface ExerciseCoverage {
  lines: CoverageFigure;
  branches: CoverageFigure;
  /** The learner's files it was measured on, relative to the exercise folder. */
  files: string[];
}

/** What running one exercise's specs against one submission produced. */
export interface ExerciseRun {
  exercise: string;
  specs: SpecOutcome[];
  /** Errors outside any spec: the server did not compile or start, a spec file did not load. */
  errors: string[];
  /** The per-exercise time budget ran out and its servers were stopped. */
  timedOut: boolean;
  /** Every spec file of it ran to the end. */
  complete: boolean;
  /** Not run: its folder is the untouched stub, whose results are the starting point. */
  untouchedStub?: boolean;
  /** Undefined when no server of it ran to the end (nothing was measured). */
  coverage?: ExerciseCoverage;
  durationMs: number;
}

/** What a grading child writes (result.json), complete or, if it was stopped, as far as it got. */
export interface ChildResult {
  /** By submission id (job.ts), then exercise. */
  submissions: Record<string, Record<string, ExerciseRun>>;
  /** Errors vitest could not tie to a spec. */
  unhandled: string[];
  /** The child got to the end (coverage included). */
  finished: boolean;
}

/** One submission, run: what the parent knows before scoring. */
export interface SubmissionRun {
  submission: Submission;
  runs: Record<string, ExerciseRun>;
  /** Exercises the submission has no folder for. */
  missing: string[];
  /** What the guard recorded, by exercise. */
  incidents: Record<string, Incident[]>;
  /** Files of the submission that grading did not use because the grader's own are used instead. */
  ignored: string[];
  /** What went wrong with grading itself (not the learner's fault), if anything. */
  errors: string[];
  /** What its specs took, exercise by exercise, added up. */
  durationMs: number;
}

export interface GradedSpec {
  name: string;
  file: string;
  passed: boolean;
  /** Its weight in the rubric. */
  points: number;
  /** What it is worth in the exercise's score (points scaled to the exercise). */
  value: number;
  /** What it added to the score: value when passed; for a starting-point spec, 0 or -value. */
  earned: number;
  /** A spec that the untouched stub already passes: it earns nothing, and failing it costs. */
  startingPoint: boolean;
  message?: string;
  line?: number;
  durationMs?: number;
}

export interface GradedExercise {
  exercise: string;
  title: string;
  /** The most this exercise can add to the total. */
  max: number;
  score: number;
  behaviour: { score: number; max: number; passed: number; specs: number };
  coverage: { score: number; max: number; lines: number | null; branches: number | null; files: string[] };
  specs: GradedSpec[];
  /** Why it scores 0 whatever its specs did (a hostile act, the time budget), if so. */
  zeroBecause?: string;
  /** Everything worth telling about it: the server did not start, files ignored, ... */
  problems: string[];
  durationMs: number;
}

export interface GradedSubmission {
  name: string;
  path: string;
  score: number;
  max: number;
  /** score / max, 0..100. */
  percent: number;
  exercises: GradedExercise[];
  ignored: string[];
  errors: string[];
  durationMs: number;
}

export interface GradeReport {
  tool: 'netkata grade';
  startedAt: string;
  durationMs: number;
  seed: number;
  rubric: string;
  timeoutSeconds: number;
  /** The --server command every exercise ran as, if one was given (as it would be typed). */
  server?: string;
  /** Every server ran in the bubblewrap sandbox (false: --no-sandbox). */
  sandbox: boolean;
  /** About the grading run as a whole (a starting point measured now rather than read from the record). */
  notes: string[];
  /** Graded with --shard i/n: which slice of the class this is (shards.ts). */
  shard?: { index: number; count: number };
  submissions: GradedSubmission[];
}
