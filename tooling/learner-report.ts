// What a learner reads after `npm test exercises/03`: one screen. The first failure in full (it
// teaches: Expected / Sent / Got back / Read / Try it), every other failure as one line with its
// lesson step, why specs were skipped, TypeScript's errors, then one summary line per exercise and
// the next command. vitest's own report (code frames of spec source, stack lines) is for
// contributors: `--verbose` shows it.
import { serverFlag } from './core/args.ts';
import { loadCurriculum, loadReadings } from './core/curriculum.ts';
import type { Plan } from './plan.ts';
import type { SpecRun } from './core/spec-run.ts';
import type { ProjectResult, SpecResult } from './core/results.ts';
import { displayPath } from './core/curriculum.ts';
import { formatTypeErrors, type TypeScriptError } from './type-errors.ts';
import { dim, green, red } from './core/colors.ts';

/** One-line failures shown under the first one; the rest are counted. */
const MORE_FAILURES = 15;

export interface LearnerReport {
  plan: Plan;
  results: Map<string, ProjectResult>;
  /** Errors vitest caught outside any spec. */
  unhandled: string[];
  typeErrors: TypeScriptError[];
}

const failedSpecs = (r: ProjectResult | undefined) => r?.specs.filter((s) => s.state === 'failed') ?? [];

function oneLine(spec: SpecResult): string {
  return `  ✗ ${spec.name}${spec.step !== undefined ? dim(`  (step ${spec.step})`) : ''}`;
}

/** The other failures, one line each; specs not run because the server was gone, as one line. */
function otherFailures(failures: SpecResult[]): string[] {
  const notRun = failures.filter((s) => s.failure === 'not-run');
  const rest = failures.filter((s) => s.failure !== 'not-run');
  const lines = rest.slice(0, MORE_FAILURES).map(oneLine);
  if (rest.length > MORE_FAILURES) lines.push(`  … and ${rest.length - MORE_FAILURES} more`);
  if (notRun.length > 0) lines.push(`  ✗ ${notRun.length} spec${notRun.length === 1 ? '' : 's'} not run: the server was gone (see the first failure)`);
  return lines.length > 0 ? ['', `Also failing (${failures.length}):`, ...lines] : [];
}

/** One line per reason specs were skipped, so a learner knows what was not checked. */
function skipped(results: ProjectResult[]): string[] {
  const byNote = new Map<string, number>();
  for (const spec of results.flatMap((r) => r.specs.filter((s) => s.state === 'skipped'))) {
    const note = spec.skipNote ?? /\(skipped: (.+)\)$/.exec(spec.name)?.[1] ?? 'no reason given';
    byNote.set(note, (byNote.get(note) ?? 0) + 1);
  }
  return [...byNote].map(([note, n]) => `Skipped ${n} spec${n === 1 ? '' : 's'}: ${note}`);
}

function passes(r: ProjectResult | undefined): boolean {
  return r !== undefined && r.errors.length === 0 && r.specs.length > 0 && failedSpecs(r).length === 0;
}

function summaryLine(run: SpecRun, r: ProjectResult | undefined): string {
  const passing = r?.specs.filter((s) => s.state === 'passed').length ?? 0;
  const total = r?.specs.filter((s) => s.state !== 'skipped').length ?? 0;
  if (!r || r.errors.length > 0) return red(`✗ ${run.name}: the specs could not run (see above)`);
  return passes(r) ? green(`✓ ${run.name}: all ${total} specs pass`) : red(`✗ ${run.name}: ${passing} of ${total} specs pass`);
}

/** What to type next once every run passed: the exercise after the last one, or the closing reading. */
function nextAfter(runs: SpecRun[]): string {
  const exercises = loadCurriculum();
  const last = Math.max(...runs.map((run) => exercises.findIndex((ex) => ex.slug === run.exercise)));
  const next = exercises[last + 1];
  const server = runs[0]?.serverCommand ? ` -- ${serverFlag(runs[0].serverCommand)}` : '';
  if (next) return `Next: npm test exercises/${next.id}${server}   (read exercises/${next.slug}/README.md first)`;
  const reading = loadReadings().at(-1);
  return `Every exercise is done: the kata is complete.${reading ? ` To finish, read ${reading.path}` : ''}`;
}

export function formatLearnerReport({ plan, results, unhandled, typeErrors }: LearnerReport): string {
  const out: string[] = [];
  const runs = plan.runs.map((run) => ({ run, result: results.get(run.name) }));
  const broken = runs.find(({ result }) => !result || result.errors.length > 0);
  const failing = runs.find(({ result }) => failedSpecs(result).length > 0);
  if (broken) {
    // A server that does not start: that is the one thing to fix, said once.
    out.push('', red(`✗ ${broken.run.name}: the server did not start`), '', ...(broken.result?.errors ?? ['no result: the spec file did not run']));
  } else if (failing) {
    const [first, ...others] = failedSpecs(failing.result);
    out.push('', red(`✗ ${first!.name}`), '', first!.message ?? '', ...otherFailures(others));
  }
  for (const error of unhandled) out.push('', red('An error outside any spec (a bug in the kata: please report it):'), `  ${error}`);
  const notes = skipped(runs.flatMap(({ result }) => (result ? [result] : [])));
  if (notes.length > 0) out.push('', ...notes.map(dim));
  if (typeErrors.length > 0) {
    out.push('', `TypeScript: ${typeErrors.length} error${typeErrors.length === 1 ? '' : 's'} in your files (they do not fail the specs, but fix them):`, ...formatTypeErrors(typeErrors));
  }
  out.push('');
  for (const { run, result } of runs) out.push(summaryLine(run, result));
  const typeNote = typeErrors.length > 0 ? ` · ${typeErrors.length} TypeScript error${typeErrors.length === 1 ? '' : 's'}` : '';
  const allPass = unhandled.length === 0 && runs.every(({ result }) => passes(result));
  if (allPass) out.push(`${nextAfter(plan.runs)}${typeNote}`);
  else if (broken) out.push(`Fix the error above first, then run the specs again: npm test ${displayPath(broken.run.dir)}${typeNote}`);
  else out.push(`Start with the first failure above: it names the lesson step to read.${typeNote}`);
  out.push(dim(`Seed: KATA_SEED=${plan.seed} (set it to repeat this run exactly) · all of vitest's output: add -- --verbose`));
  return out.join('\n');
}

/** Whether a learner's run passed: every run ran and no spec failed. */
export function learnerRunPassed(plan: Plan, results: Map<string, ProjectResult>, unhandled: string[]): boolean {
  return unhandled.length === 0 && plan.runs.every((run) => passes(results.get(run.name)));
}
