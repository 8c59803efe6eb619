// Reporters for `npm test`: the self-check's table of what was caught, and the learner's summary
// line under vitest's own report.
import type { Reporter, TestModule } from 'vitest/node';
import { collectResults, type ProjectResult } from './results.ts';
import { judge, type Check } from './selfcheck.ts';
import type { Plan } from './plan.ts';

const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number) => (text: string) => (useColor ? `\x1b[${code}m${text}\x1b[0m` : text);
export const green = paint(32);
export const red = paint(31);
export const dim = paint(2);

/** An error vitest caught outside any spec, as it reports it (SerializedError, and where it arose). */
interface UnhandledError {
  message: string;
  stack?: string;
  VITEST_TEST_PATH?: string;
  VITEST_TEST_NAME?: string;
}

/** Its message, where it arose, and the top of its stack: enough to find the cause. */
export function describeUnhandled(error: UnhandledError): string {
  const during = error.VITEST_TEST_PATH ? [`during ${error.VITEST_TEST_PATH}${error.VITEST_TEST_NAME ? ` > ${error.VITEST_TEST_NAME}` : ''}`] : [];
  const frames = (error.stack ?? '').split('\n').filter((line) => line.trim().startsWith('at ')).slice(0, 6).map((line) => line.trim());
  return [error.message, ...during, ...frames].join('\n      ');
}

/** Collects results; `outcome` is filled in when the run ends. */
abstract class CollectingReporter implements Reporter {
  results = new Map<string, ProjectResult>();
  unhandled: string[] = [];
  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<UnhandledError>): void {
    this.results = collectResults(modules);
    this.unhandled = errors.map(describeUnhandled);
    this.report();
  }
  protected abstract report(): void;
}

/** Collects results and prints nothing: for commands that show results their own way. */
export class QuietReporter extends CollectingReporter {
  protected report(): void {}
}

export class SelfCheckReporter extends CollectingReporter {
  checks: Check[] = [];
  private readonly plan: Plan;
  constructor(plan: Plan) {
    super();
    this.plan = plan;
  }
  protected report(): void {
    const { checks, summaries } = judge(this.plan, this.results);
    this.checks = [...checks, ...this.unhandled.map((detail) => ({ name: 'no unhandled errors', ok: false, detail }))];
    const out: string[] = ['', 'netkata self-check', ''];
    const tooling = checks.filter((c) => c.name.startsWith('tooling: '));
    if (this.plan.tooling) out.push(`  tooling     ${tooling.filter((c) => c.ok).length}/${tooling.length} unit tests pass`);
    for (const s of summaries) {
      const caught = s.mutants.filter((m) => m.failing > 0).length;
      out.push(
        `  ${s.exercise.padEnd(20)} solution ${s.solutionPassing}/${s.specs} pass · stub fails ${s.stubFailing} · ` +
          `mutants caught ${caught}/${s.mutants.length} · specs that can fail ${s.specs - s.neverFailing.length}/${s.specs}`,
      );
      out.push(dim(`      solution ${s.seconds.solution.toFixed(1)} s, stub ${s.seconds.stub.toFixed(1)} s`));
      for (const m of s.mutants) {
        out.push(dim(`      mutant ${m.name.padEnd(26)} fails ${String(m.failing).padStart(2)} spec${m.failing === 1 ? ' ' : 's'}  ${m.seconds.toFixed(1)} s`));
      }
    }
    const failed = this.checks.filter((c) => !c.ok);
    if (failed.length > 0) {
      out.push('', red(`${failed.length} check${failed.length === 1 ? '' : 's'} failed:`));
      for (const c of failed) out.push('', red(`✗ ${c.name}`), ...(c.detail ? c.detail.split('\n').map((l) => `    ${l}`) : []));
    }
    out.push('', `Seed: KATA_SEED=${this.plan.seed}`);
    out.push(`self-check: ${this.checks.length - failed.length} passed, ${failed.length} failed`);
    console.log(out.join('\n'));
  }
  get ok(): boolean {
    return this.checks.length > 0 && this.checks.every((c) => c.ok);
  }
}

export class LearnerSummaryReporter extends CollectingReporter {
  private readonly plan: Plan;
  constructor(plan: Plan) {
    super();
    this.plan = plan;
  }
  protected report(): void {
    const out = [''];
    for (const run of this.plan.runs) {
      const r = this.results.get(run.name);
      const passing = r?.specs.filter((s) => s.state === 'passed').length ?? 0;
      const total = r?.specs.filter((s) => s.state !== 'skipped').length ?? 0;
      const line = r?.errors.length
        ? red(`✗ ${run.name}: the specs could not run (see the error above)`)
        : passing === total && total > 0
          ? green(`✓ ${run.name}: all ${total} specs pass`)
          : red(`✗ ${run.name}: ${passing} of ${total} specs pass`);
      out.push(line);
    }
    const didNotStart = this.plan.runs.some((run) => this.results.get(run.name)?.errors.length);
    if (didNotStart) out.push('', 'Your server did not start: fix the error shown above first, then run the specs again.');
    else if (!this.ok) out.push('', 'Start with the first failure above: it names the lesson step to read.');
    out.push(dim(`Seed: KATA_SEED=${this.plan.seed} (set it to repeat this run exactly)`));
    console.log(out.join('\n'));
  }
  get ok(): boolean {
    if (this.unhandled.length > 0) return false;
    return this.plan.runs.every((run) => {
      const r = this.results.get(run.name);
      return r !== undefined && r.errors.length === 0 && r.specs.length > 0 && r.specs.every((s) => s.state !== 'failed');
    });
  }
}
