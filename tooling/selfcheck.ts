// The kata's self-check (`npm test` with no target), modelled on rustlings' `dev check`: every
// solution passes every spec; every stub and every mutant fails at least one spec; every spec
// fails against the stub or at least one mutant (a spec that never fails checks nothing).
import type { Plan } from './plan.ts';
import { UNIT_TESTS_PROJECT } from './plan.ts';
import type { SpecRun } from './core/spec-run.ts';
import type { ProjectResult } from './core/results.ts';
import { formatLearnerReport } from './learner-report.ts';
import { firstLines } from './core/text.ts';
import { loadCurriculum, type Exercise } from './core/curriculum.ts';

/** A learner's terminal: the report of a stub's or a mutant's run must fit on it. */
export const SCREEN_LINES = 60;

export interface Check {
  /** What was checked, as a sentence. */
  name: string;
  ok: boolean;
  /** Why it failed and what to do. */
  detail?: string;
}

export interface ExerciseSummary {
  exercise: string;
  specs: number;
  solutionPassing: number;
  stubFailing: number;
  mutants: { name: string; failing: number; seconds: number; firstStep?: number; expectedStep?: number }[];
  variants: { name: string; passing: boolean; seconds: number }[];
  /** Failures a learner would see that teach nothing (not a KataFailure), over stub, mutant and variant runs. */
  rawFailures: number;
  /** How long the stub's and the solution's runs took, in seconds. */
  seconds: { solution: number; stub: number };
  /** Specs that no stub or mutant fails. */
  neverFailing: string[];
}

// A spec "not run" because the server was already gone proves nothing about that spec.
const failedNames = (r: ProjectResult | undefined) => new Set(r?.specs.filter((s) => s.state === 'failed' && s.failure !== 'not-run').map((s) => s.name));

/** The specs of each exercise that fail against its stub or are some mutant's first failure. */
function caughtSpecs(plan: Plan, results: Map<string, ProjectResult>): Map<string, Set<string>> {
  const caught = new Map<string, Set<string>>();
  for (const run of plan.runs.filter((r) => (r.role === 'stub' || r.role === 'mutant') && r.repeatOf === undefined)) {
    const names = caught.get(run.exercise) ?? new Set<string>();
    for (const name of failedNames(results.get(run.name))) names.add(name);
    caught.set(run.exercise, names);
  }
  return caught;
}

/**
 * Whether `name`, a spec of `exercise`, is one it runs from another exercise (curriculum.json's
 * reusesSpecs: 05 runs 04's board specs) that fails against that exercise's stub or a mutant of
 * it. The same code is then proven able to fail; this exercise's own mutants of 04's bugs show
 * that it still catches them here, at the right step.
 */
function provenWhereDefined(exercise: string, name: string, caught: Map<string, Set<string>>, exercises: Exercise[]): boolean {
  const reuses = exercises.find((ex) => ex.slug === exercise)?.reusesSpecs;
  if (!reuses || !name.startsWith(`${reuses.as} > `)) return false;
  const of = exercises.find((ex) => ex.id === reuses.of);
  return of !== undefined && (caught.get(of.slug)?.has(name.slice(reuses.as.length + 3)) ?? false);
}

export function judge(plan: Plan, results: Map<string, ProjectResult>): { checks: Check[]; summaries: ExerciseSummary[] } {
  const checks: Check[] = [];
  const caughtByExercise = caughtSpecs(plan, results);
  const curriculum = loadCurriculum();

  if (plan.unitTests) {
    const unit = results.get(UNIT_TESTS_PROJECT);
    for (const spec of unit?.specs ?? []) {
      // A unit test skips itself only on purpose, with a reason (a line that needs sudo).
      checks.push({ name: `unit test: ${spec.name}`, ok: spec.state === 'passed' || spec.state === 'skipped', detail: spec.message });
    }
    for (const error of unit?.errors ?? []) checks.push({ name: 'unit test: a test file ran', ok: false, detail: error });
  }

  checks.push(...judgeRepeats(plan, results));
  const summaries: ExerciseSummary[] = [];
  for (const exercise of [...new Set(plan.runs.map((r) => r.exercise))]) {
    const runs = plan.runs.filter((r) => r.exercise === exercise && r.repeatOf === undefined);
    const solutionRun = runs.find((r) => r.role === 'solution');
    const solution = solutionRun && results.get(solutionRun.name);
    // A spec skipped here (e.g. no curl on the machine) is not counted either way.
    const specNames = solution?.specs.filter((s) => s.state !== 'skipped').map((s) => s.name) ?? [];
    for (const error of solution?.errors ?? []) {
      checks.push({ name: `${exercise}: the solution's server starts`, ok: false, detail: error });
    }
    for (const spec of solution?.specs.filter((s) => s.state !== 'skipped') ?? []) {
      checks.push({
        name: `${exercise}: the solution passes "${spec.name}"`,
        ok: spec.state === 'passed',
        detail: spec.message && `${firstLines(spec.message, 30)}\nFix solutions/${exercise}, or the spec if it is wrong.`,
      });
    }

    const seconds = (name: string | undefined) => (results.get(name ?? '')?.durationMs ?? 0) / 1000;
    const summary: ExerciseSummary = {
      exercise,
      specs: specNames.length,
      solutionPassing: 0,
      stubFailing: 0,
      mutants: [],
      variants: [],
      rawFailures: 0,
      neverFailing: [],
      seconds: { solution: seconds(solutionRun?.name), stub: seconds(runs.find((r) => r.role === 'stub')?.name) },
    };
    summary.solutionPassing = solution?.specs.filter((s) => s.state === 'passed').length ?? 0;
    for (const run of runs.filter((r) => r.role === 'stub' || r.role === 'mutant')) {
      const result = results.get(run.name);
      const failed = failedNames(result);
      const what = run.role === 'stub' ? `the stub exercises/${exercise}` : `mutant "${run.mutant}"`;
      if (result?.errors.length) {
        checks.push({
          name: `${exercise}: ${what} starts`,
          ok: false,
          detail: `${firstLines(result.errors.join('\n'), 12)}\n${run.role === 'stub' ? 'A stub must compile, start and listen, so that specs fail for the right reason.' : 'A mutant must be a server with one bug, not one that cannot start: fix its edits in specs/mutants/.'}`,
        });
        continue;
      }
      checks.push({
        name: `${exercise}: ${what} fails at least one spec`,
        ok: failed.size > 0,
        detail:
          run.role === 'stub'
            ? stubPassesEverything(exercise, run.stubFrom)
            : `No spec catches this mutant (${run.mutant}). Add a spec that fails against it, or drop it if the bug is not one.`,
      });
      checks.push(...rawFailureChecks(exercise, what, result, summary));
      const report = formatLearnerReport({ plan: { ...plan, runs: [run] }, results, unhandled: [], typeErrors: [] }).split('\n');
      checks.push({
        name: `${exercise}: what a learner reads for ${what} fits one screen`,
        ok: report.length <= SCREEN_LINES,
        detail: `It is ${report.length} lines (at most ${SCREEN_LINES}): shorten the first failure's message (what it shows of Sent / Got back), or its notes.`,
      });
      if (run.role === 'stub') {
        summary.stubFailing = failed.size;
        continue;
      }
      // The first failure in run order is the one a learner reads first, and is told to start with.
      const first = result?.specs.find((s) => s.state === 'failed');
      summary.mutants.push({ name: run.mutant ?? '?', failing: failed.size, seconds: seconds(run.name), firstStep: first?.step, expectedStep: run.expectedStep });
      if (failed.size > 0) {
        checks.push({
          name: `${exercise}: mutant "${run.mutant}" is first caught at the lesson step that explains it`,
          ok: run.expectedStep !== undefined && first?.step === run.expectedStep,
          detail:
            run.expectedStep === undefined
              ? `Give mutant "${run.mutant}" in specs/mutants/${exercise}.ts the lesson step its bug is explained at (step: N).`
              : `Its first failure, "${first?.name}", points at step ${first?.step ?? '(none: not a teaching failure)'}; the bug is explained at step ${run.expectedStep}. ` +
                'Make the spec that catches it first point at the right step, or reorder the specs so that it runs first.\n' +
                `What it said:\n${firstLines(first?.message ?? '', 16)}`,
        });
      }
    }
    for (const run of runs.filter((r) => r.role === 'variant')) {
      const result = results.get(run.name);
      checks.push(...rawFailureChecks(exercise, `valid variant "${run.variant}"`, result, summary));
      const failures = [...(result?.errors ?? []), ...(result?.specs.filter((s) => s.state === 'failed').map((s) => `"${s.name}": ${s.message ?? ''}`) ?? [])];
      const passing = result !== undefined && result.specs.length > 0 && failures.length === 0;
      summary.variants.push({ name: run.variant ?? '?', passing, seconds: seconds(run.name) });
      checks.push({
        name: `${exercise}: valid variant "${run.variant}" passes every spec`,
        ok: passing,
        detail: failures.length
          ? `${firstLines(failures.join('\n'), 30)}\nThis server is correct by HTTP and the lesson (specs/variants/${exercise}.ts says how it differs). A spec that fails it encodes our solution's choices: fix the spec, or teach the rule in the lesson and make the variant follow it.`
          : 'It ran no spec.',
      });
    }
    // A plan of solutions and variants alone (--repeat) has nothing that could fail them.
    const triesToFail = runs.some((r) => r.role === 'stub' || r.role === 'mutant');
    const caught = caughtByExercise.get(exercise) ?? new Set<string>();
    for (const name of triesToFail ? specNames : []) {
      const ok = caught.has(name) || provenWhereDefined(exercise, name, caughtByExercise, curriculum);
      if (!ok) summary.neverFailing.push(name);
      checks.push({
        name: `${exercise}: "${name}" fails against the stub or a mutant`,
        ok,
        detail: `This spec passes against the stub, and is no mutant's first failure (a mutant's run stops there), so nothing shows it can fail. ` +
          `Add a mutant to specs/mutants/${exercise}.ts with the bug it is there to catch, one that passes the specs before it.`,
      });
    }
    summaries.push(summary);
  }
  return { checks, summaries };
}

/** A failure a learner would see that teaches nothing (not a KataFailure) fails the self-check, and is counted. */
function rawFailureChecks(exercise: string, what: string, result: ProjectResult | undefined, summary: ExerciseSummary): Check[] {
  return (result?.specs.filter((s) => s.state === 'failed' && s.failure === 'raw') ?? []).map((spec) => {
    summary.rawFailures++;
    return {
      name: `${exercise}: ${what} gets a failure that teaches for "${spec.name}"`,
      ok: false,
      detail: `${firstLines(spec.message ?? '', 8)}\nA learner would see this raw error, with no Expected / Sent / Got back / Read. Catch it in the spec and fail with check() or fail() from specs/harness/teach.ts.`,
    };
  });
}

/**
 * Why a stub that passes every spec fails the self-check, and what to do: the kata's own stub (as
 * specs/stubs.json records it) leaves the learner nothing to do; exercises/ judged as it is, for
 * want of git, is most likely the learner's solved exercise.
 */
function stubPassesEverything(exercise: string, from: SpecRun['stubFrom']): string {
  if (from === 'exercises' || from === 'git') {
    return `Every spec passes against the kata's stub of ${exercise} (as specs/stubs.json records it): it leaves a learner nothing to do. ` +
      'Give it back its TODOs, then record it: npx tsx tooling/record-stubs.ts.';
  }
  return `Every spec passes against exercises/${exercise} as it is. If you solved it, this is your work, not the kata's stub ` +
    '(git could not give that one: see the note at the top), and nothing is wrong: npm test exercises checks your work. ' +
    'Otherwise the stub is solved: give it back its TODOs.';
}

/** Each spec's state in a run, as one comparable line per spec. */
function verdict(result: ProjectResult | undefined): string[] {
  if (!result) return ['(did not run)'];
  return [...result.errors.map((e) => `error: ${firstLines(e, 1)}`), ...result.specs.map((s) => `${s.state}: ${s.name}`)].sort();
}

/** A run repeated with the same seed (`--repeat N`) must get the same verdict every time. */
function judgeRepeats(plan: Plan, results: Map<string, ProjectResult>): Check[] {
  const checks: Check[] = [];
  for (const base of plan.runs.filter((r) => r.repeatOf === undefined)) {
    const repeats = plan.runs.filter((r) => r.repeatOf === base.name);
    if (repeats.length === 0) continue;
    const first = verdict(results.get(base.name));
    const differing = repeats
      .map((r) => ({ name: r.name, lines: verdict(results.get(r.name)) }))
      .filter((r) => r.lines.join('\n') !== first.join('\n'));
    const diff = differing.flatMap((r) => {
      const only = r.lines.filter((l) => !first.includes(l));
      const missing = first.filter((l) => !r.lines.includes(l));
      return [`${r.name}:`, ...only.map((l) => `  + ${l}`), ...missing.map((l) => `  - ${l}`)];
    });
    checks.push({
      name: `${base.name} gets the same verdict in all ${repeats.length + 1} runs with seed ${plan.seed}`,
      ok: differing.length === 0,
      detail: `${firstLines(diff.join('\n'), 20)}\nA spec whose verdict changes from run to run races the server: wait for an event, not a moment. Repeat it with KATA_SEED=${plan.seed} npm test -- --repeat ${repeats.length + 1}.`,
    });
  }
  return checks;
}
