// Reporters for `npm test`: the self-check's table of what was caught, and the learner's report
// (tooling/learner-report.ts).
import type { Reporter, TestModule } from 'vitest/node';
import { collectResults, type ProjectResult } from './core/results.ts';
import { judge, type Check } from './selfcheck.ts';
import type { Plan } from './plan.ts';
import { dim, red } from './core/colors.ts';
import { formatLearnerReport, learnerRunPassed } from './learner-report.ts';
import { startTypeCheck, typeScriptFiles, type TypeCheck, type TypeChecker } from './type-errors.ts';


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
  async onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<UnhandledError>): Promise<void> {
    this.results = collectResults(modules);
    this.unhandled = errors.map(describeUnhandled);
    await this.report();
  }
  protected abstract report(): void | Promise<void>;
}

/** Collects results and prints nothing: for commands that show results their own way. */
export class QuietReporter extends CollectingReporter {
  protected report(): void {}
}

export class SelfCheckReporter extends CollectingReporter {
  /** What the self-check prints first: a learner who typed plain `npm test` learns what it is for. */
  static readonly firstLine = 'netkata self-check: this checks the kata itself, not your work; npm test exercises checks your work.';
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
    const unit = checks.filter((c) => c.name.startsWith('unit test: '));
    if (this.plan.unitTests) out.push(`  unit tests  ${unit.filter((c) => c.ok).length}/${unit.length} pass (the end-to-end tests: npm run test:e2e)`);
    for (const s of summaries) {
      const caught = s.mutants.filter((m) => m.failing > 0).length;
      const rightStep = s.mutants.filter((m) => m.failing > 0 && m.firstStep === m.expectedStep).length;
      out.push(
        `  ${s.exercise.padEnd(20)} solution ${s.solutionPassing}/${s.specs} pass · stub fails ${s.stubFailing} · ` +
          `mutants caught ${caught}/${s.mutants.length} · specs that can fail ${s.specs - s.neverFailing.length}/${s.specs}`,
      );
      out.push(
        `  ${''.padEnd(20)} valid variants pass ${s.variants.filter((v) => v.passing).length}/${s.variants.length} · ` +
          `first failure at the right step ${rightStep}/${caught} · raw errors ${s.rawFailures}`,
      );
      out.push(dim(`      solution ${s.seconds.solution.toFixed(1)} s, stub ${s.seconds.stub.toFixed(1)} s`));
      for (const m of s.mutants) {
        const step = m.firstStep === m.expectedStep ? `step ${m.firstStep}` : `step ${m.firstStep ?? '-'}, not ${m.expectedStep ?? '?'}`;
        out.push(dim(`      mutant ${m.name.padEnd(26)} fails ${String(m.failing).padStart(2)} spec${m.failing === 1 ? ' ' : 's'}, first at ${step.padEnd(14)} ${m.seconds.toFixed(1)} s`));
      }
      for (const v of s.variants) out.push(dim(`      variant ${v.name.padEnd(25)} ${v.passing ? 'passes' : 'FAILS '}  ${v.seconds.toFixed(1)} s`));
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

/**
 * The learner's report for `npm test <target>` and every rerun of `npm run watch`: see
 * learner-report.ts. TypeScript's check of the learner's files starts with each run, alongside the
 * specs, and the report waits for it.
 */
export class LearnerReporter extends CollectingReporter {
  private readonly plan: Plan;
  private typeCheck: TypeCheck = { errors: () => Promise.resolve([]) };
  private passed = false;
  private readonly clearScreen: boolean;
  /** A checker that stays up between runs (npm run watch); without one, each run starts its own. */
  private readonly typeChecker: TypeChecker | undefined;
  constructor(plan: Plan, { clearScreen = false, typeChecker }: { clearScreen?: boolean; typeChecker?: TypeChecker } = {}) {
    super();
    this.plan = plan;
    this.clearScreen = clearScreen && process.stdout.isTTY;
    this.typeChecker = typeChecker;
  }
  onTestRunStart(): void {
    // Only a learner's own TypeScript: solutions are checked by npm run typecheck, and a --server
    // program may be in any language.
    const files = this.plan.runs.filter((run) => run.role === 'learner' && !run.serverCommand).flatMap((run) => typeScriptFiles(run.dir));
    this.typeCheck = this.typeChecker ? this.typeChecker.check(files) : startTypeCheck(files);
  }
  protected async report(): Promise<void> {
    const typeErrors = await this.typeCheck.errors();
    this.passed = learnerRunPassed(this.plan, this.results, this.unhandled);
    // npm run watch shows each new verdict in place of the last.
    if (this.clearScreen) process.stdout.write('\x1b[2J\x1b[H');
    console.log(formatLearnerReport({ plan: this.plan, results: this.results, unhandled: this.unhandled, typeErrors }));
  }
  get ok(): boolean {
    return this.passed;
  }
}
