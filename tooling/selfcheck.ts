// The kata's self-check (`npm test` with no target), modelled on rustlings' `dev check`: every
// solution passes every spec; every stub and every mutant fails at least one spec; every spec
// fails against the stub or at least one mutant (a spec that never fails checks nothing).
import type { Plan } from './plan.ts';
import { TOOLING_PROJECT } from './plan.ts';
import type { ProjectResult } from './results.ts';

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
  mutants: { name: string; failing: number; seconds: number }[];
  /** How long the stub's and the solution's runs took, in seconds. */
  seconds: { solution: number; stub: number };
  /** Specs that no stub or mutant fails. */
  neverFailing: string[];
}

const firstLines = (text: string, n = 12) => text.split('\n').slice(0, n).join('\n');
const failedNames = (r: ProjectResult | undefined) => new Set(r?.specs.filter((s) => s.state === 'failed').map((s) => s.name));

export function judge(plan: Plan, results: Map<string, ProjectResult>): { checks: Check[]; summaries: ExerciseSummary[] } {
  const checks: Check[] = [];

  if (plan.tooling) {
    const tooling = results.get(TOOLING_PROJECT);
    for (const spec of tooling?.specs ?? []) {
      checks.push({ name: `tooling: ${spec.name}`, ok: spec.state === 'passed', detail: spec.message });
    }
    for (const error of tooling?.errors ?? []) checks.push({ name: 'tooling: a test file ran', ok: false, detail: error });
  }

  const summaries: ExerciseSummary[] = [];
  for (const exercise of [...new Set(plan.runs.map((r) => r.exercise))]) {
    const runs = plan.runs.filter((r) => r.exercise === exercise);
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

    const caught = new Set<string>();
    const seconds = (name: string | undefined) => (results.get(name ?? '')?.durationMs ?? 0) / 1000;
    const summary: ExerciseSummary = {
      exercise,
      specs: specNames.length,
      solutionPassing: 0,
      stubFailing: 0,
      mutants: [],
      neverFailing: [],
      seconds: { solution: seconds(solutionRun?.name), stub: seconds(runs.find((r) => r.role === 'stub')?.name) },
    };
    summary.solutionPassing = solution?.specs.filter((s) => s.state === 'passed').length ?? 0;
    for (const run of runs.filter((r) => r.role === 'stub' || r.role === 'mutant')) {
      const result = results.get(run.name);
      const failed = failedNames(result);
      for (const name of failed) caught.add(name);
      const what = run.role === 'stub' ? `the stub exercises/${exercise}` : `mutant "${run.mutant}"`;
      if (result?.errors.length) {
        checks.push({
          name: `${exercise}: ${what} starts`,
          ok: false,
          detail: `${firstLines(result.errors.join('\n'))}\n${run.role === 'stub' ? 'A stub must compile, start and listen, so that specs fail for the right reason.' : 'A mutant must be a server with one bug, not one that cannot start: fix its edits in specs/mutants/.'}`,
        });
        continue;
      }
      checks.push({
        name: `${exercise}: ${what} fails at least one spec`,
        ok: failed.size > 0,
        detail:
          run.role === 'stub'
            ? 'Every spec passes against the stub: is the exercise already solved? Put the stub back to its TODOs.'
            : `No spec catches this mutant (${run.mutant}). Add a spec that fails against it, or drop it if the bug is not one.`,
      });
      if (run.role === 'stub') summary.stubFailing = failed.size;
      else summary.mutants.push({ name: run.mutant ?? '?', failing: failed.size, seconds: seconds(run.name) });
    }
    for (const name of specNames) {
      const ok = caught.has(name);
      if (!ok) summary.neverFailing.push(name);
      checks.push({
        name: `${exercise}: "${name}" fails against the stub or a mutant`,
        ok,
        detail: `This spec passes against the stub and every mutant, so nothing shows it can fail. Add a mutant to specs/mutants/${exercise}.ts with the bug it is there to catch.`,
      });
    }
    summaries.push(summary);
  }
  return { checks, summaries };
}
