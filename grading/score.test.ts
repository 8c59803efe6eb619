// How runs become points (score.ts), on made-up runs: the starting point, coverage scaled by
// behaviour, the floor at 0, weights and spec points from the rubric, and the reasons for a 0.
import { describe, expect, it } from 'vitest';
import { loadRubric, rampScore, type Rubric } from './rubric.ts';
import { exerciseMaxima, scoreExercise, scoreSubmission, UNTOUCHED } from './score.ts';
import type { StartingPoint } from './starting-point.ts';
import type { ExerciseRun, SpecOutcome, SubmissionRun } from './types.ts';

const EX = '01-raw-socket';
const FILE = 'specs/01-raw-socket.spec.ts';
const NAMES = ['a > one', 'a > two', 'a > three', 'the code > rule'];
/** The stub passes only the rule. */
const START: StartingPoint = { [EX]: { specs: NAMES.map((name) => ({ name, file: FILE })), passed: [{ name: 'the code > rule', file: FILE }] } };
const rubric: Rubric = loadRubric();

function exerciseRun(passed: string[], extra: Partial<ExerciseRun> = {}): ExerciseRun {
  const specs: SpecOutcome[] = NAMES.map((name) => ({ name, file: FILE, state: passed.includes(name) ? 'passed' : 'failed', message: passed.includes(name) ? undefined : `${name} failed` }));
  return { exercise: EX, specs, errors: [], timedOut: false, complete: true, durationMs: 10, ...extra };
}

function submissionRun(run: ExerciseRun | undefined, extra: Partial<SubmissionRun> = {}): SubmissionRun {
  return {
    submission: { name: 'alice', root: '/x', exercisesDir: '/x/exercises', self: false },
    runs: run ? { [EX]: run } : {},
    missing: [],
    incidents: {},
    ignored: [],
    errors: [],
    durationMs: 0,
    ...extra,
  };
}

const FULL_COVERAGE = { lines: { covered: 10, total: 10, pct: 100 }, branches: { covered: 10, total: 10, pct: 100 }, files: ['server.ts'] };
const score = (run: SubmissionRun, r: Rubric = rubric, max = 20) => scoreExercise(EX, 'title', max, run, START, r);

describe('scoreExercise', () => {
  it('gives full marks for every spec passed and full coverage', () => {
    const graded = score(submissionRun(exerciseRun(NAMES, { coverage: FULL_COVERAGE })));
    expect(graded.score).toBe(20);
    expect(graded.behaviour).toEqual({ score: 16, max: 16, passed: 4, specs: 4 });
    expect(graded.coverage.score).toBe(4);
  });

  it('gives nothing for the specs the untouched stub already passes', () => {
    const graded = score(submissionRun(exerciseRun(['the code > rule'], { coverage: FULL_COVERAGE })));
    expect(graded.behaviour.score).toBe(0);
    expect(graded.score).toBe(0);
    const rule = graded.specs.find((s) => s.name === 'the code > rule')!;
    expect(rule).toMatchObject({ passed: true, startingPoint: true, earned: 0 });
  });

  it('shares the behaviour points among the specs there are to gain, and takes a failed starting-point spec off', () => {
    const graded = score(submissionRun(exerciseRun(['a > one', 'a > two', 'a > three'])));
    // Three specs to gain, 16 points: each is worth 16/3; the rule, failed, costs as much.
    expect(graded.specs.find((s) => s.name === 'a > one')!.value).toBeCloseTo(16 / 3);
    expect(graded.behaviour.score).toBeCloseTo(16 - 16 / 3, 1);
  });

  it('never goes below 0', () => {
    const graded = score(submissionRun(exerciseRun([])));
    expect(graded.specs.reduce((sum, s) => sum + s.earned, 0)).toBeLessThan(0);
    expect(graded.behaviour.score).toBe(0);
    expect(graded.score).toBe(0);
  });

  it('scales coverage points by the share of behaviour earned', () => {
    const half = score(submissionRun(exerciseRun(['a > one', 'the code > rule'], { coverage: FULL_COVERAGE })));
    expect(half.behaviour.score).toBeCloseTo(16 / 3, 1);
    expect(half.coverage.score).toBeCloseTo((4 * (16 / 3)) / 16, 1);
  });

  it('puts lines and branches each on their ramp', () => {
    const coverage = { lines: { covered: 5, total: 10, pct: 50 }, branches: { covered: 10, total: 10, pct: 100 }, files: ['server.ts'] };
    const graded = score(submissionRun(exerciseRun(NAMES, { coverage })));
    const expected = 4 * ((rampScore(50, rubric.coverage.lines) + 1) / 2);
    expect(graded.coverage.score).toBeCloseTo(expected, 1);
    expect(rampScore(rubric.coverage.lines.zero, rubric.coverage.lines)).toBe(0);
    expect(rampScore(rubric.coverage.lines.full, rubric.coverage.lines)).toBe(1);
  });

  it('counts specs skipped on this machine for nobody, and specs skipped because the server did not start as failed', () => {
    const skippedHere = exerciseRun(NAMES);
    skippedHere.specs[0]!.state = 'skipped';
    expect(score(submissionRun(skippedHere)).behaviour).toMatchObject({ specs: 3, score: 16 });

    const crashed = exerciseRun([], { errors: ['Your server exited with code 1 before it listened'] });
    for (const spec of crashed.specs) spec.state = 'skipped';
    const graded = score(submissionRun(crashed));
    expect(graded.behaviour).toMatchObject({ specs: 4, passed: 0, score: 0 });
    expect(graded.problems[0]).toMatch(/exited with code 1/);
  });

  it.each([
    ['a missing folder', submissionRun(undefined, { missing: [EX] }), /no exercises\/01-raw-socket\/server\.ts/],
    ['an exhausted time budget', submissionRun(exerciseRun(NAMES, { timedOut: true })), /time budget/],
    [
      'a write outside its folder',
      submissionRun(exerciseRun(NAMES), { incidents: { [EX]: [{ kind: 'write-outside', detail: 'writeFile /etc/x', cwd: '/x' }] } }),
      /write outside its own folder: writeFile \/etc\/x/,
    ],
  ])('scores 0, with the reason, for %s', (_name, run, reason) => {
    const graded = score(run);
    expect(graded.score).toBe(0);
    expect(graded.zeroBecause).toMatch(reason);
    expect(graded.problems[0]).toMatch(/^scores 0: /);
  });

  it('scores an untouched stub from the starting point, without running it', () => {
    const graded = score(submissionRun({ exercise: EX, specs: [], errors: [], timedOut: false, complete: true, untouchedStub: true, durationMs: 0 }));
    expect(graded.score).toBe(0);
    expect(graded.specs.filter((s) => s.passed).map((s) => s.name)).toEqual(['the code > rule']);
    expect(graded.problems).toContain(UNTOUCHED);
  });

  it('weighs specs by the rubric', () => {
    const weighted: Rubric = { ...rubric, specPoints: { [EX]: { 'a > one': 2 } } };
    const graded = score(submissionRun(exerciseRun(['a > one', 'the code > rule'])), weighted);
    // 4 points to gain (2 + 1 + 1): "a > one" earns half of the 16.
    expect(graded.behaviour.score).toBe(8);
  });
});

describe('a run with a --server command (a server in another language)', () => {
  const ANY_LANGUAGE = { serverCommand: true };

  it('gives the coverage weight to the specs, as there is no coverage to measure', () => {
    // The rule reads server.ts: skipped for a --server command, it counts for nobody.
    const run = exerciseRun(['a > one', 'a > two', 'a > three']);
    run.specs.find((s) => s.name === 'the code > rule')!.state = 'skipped';
    const [graded] = scoreSubmission(submissionRun(run), START, rubric, [EX], ANY_LANGUAGE).exercises;
    expect(graded).toMatchObject({ score: 100, max: 100, behaviour: { score: 100, max: 100, specs: 3 }, coverage: { score: 0, max: 0, lines: null } });
  });

  it('counts an exercise handed in when its folder exists, and says so when it does not', () => {
    const [graded] = scoreSubmission(submissionRun(undefined, { missing: [EX] }), START, rubric, [EX], ANY_LANGUAGE).exercises;
    expect(graded).toMatchObject({ score: 0, zeroBecause: `no exercises/${EX}/ folder in the submission` });
  });
});

describe('exerciseMaxima and scoreSubmission', () => {
  it('shares the total among exercises by their weights', () => {
    const maxima = exerciseMaxima({ ...rubric, exercises: { b: 3 } }, ['a', 'b']);
    expect(maxima).toEqual({ a: 25, b: 75 });
  });

  it('adds the exercises up to the total and a percentage', () => {
    const graded = scoreSubmission(submissionRun(exerciseRun(NAMES, { coverage: FULL_COVERAGE })), START, rubric, [EX]);
    expect(graded).toMatchObject({ score: 100, max: 100, percent: 100 });
  });
});
