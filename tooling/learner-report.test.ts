// The learner's report, on made-up results: one screen, the first failure in full, the others one
// line each, why specs were skipped, TypeScript's errors, and what to type next.
import { describe, expect, it } from 'vitest';
import { formatLearnerReport, learnerRunPassed } from './learner-report.ts';
import type { Plan } from './plan.ts';
import type { ProjectResult, SpecResult } from './core/results.ts';

const plan: Plan = { seed: 7, unitTests: false, runs: [{ name: '02-http-handler › exercises/02-http-handler', exercise: '02-http-handler', dir: '/k/exercises/02-http-handler', role: 'learner' }] };
const result = (specs: SpecResult[], errors: string[] = []) => new Map<string, ProjectResult>([[plan.runs[0]!.name, { project: plan.runs[0]!.name, specs, errors, durationMs: 0 }]]);
const failed = (name: string, step: number, failure: SpecResult['failure'] = 'teaching'): SpecResult => ({ name, state: 'failed', failure, step, message: `Expected: ${name}\n\nRead: step ${step}` });
const report = (r: Map<string, ProjectResult>, typeErrors = [] as { file: string; line: number; column: number; message: string }[]) =>
  formatLearnerReport({ plan, results: r, unhandled: [], typeErrors });

describe('the learner report', () => {
  it('shows the first failure in full and every other one as one line with its step', () => {
    const text = report(result([{ name: 'a', state: 'passed' }, failed('b', 2), failed('c', 4), failed('d', 5)]));
    expect(text).toContain('Expected: b\n\nRead: step 2');
    expect(text).not.toContain('Expected: c');
    expect(text).toMatch(/✗ c {2}\(step 4\)/);
    expect(text).toContain('1 of 4 specs pass');
    expect(text).toContain('Start with the first failure above');
  });

  it('folds the specs not run because the server was gone into one line', () => {
    const text = report(result([failed('gone', 6), failed('x', 6, 'not-run'), failed('y', 6, 'not-run')]));
    expect(text).toContain('2 specs not run: the server was gone');
    expect(text).not.toMatch(/✗ x/);
  });

  it('says why specs were skipped, one line per reason', () => {
    const text = report(
      result([
        { name: 'a', state: 'passed' },
        { name: 'b', state: 'skipped', skipNote: 'no Chromium on this machine' },
        { name: 'c', state: 'skipped', skipNote: 'no Chromium on this machine' },
      ]),
    );
    expect(text).toContain('Skipped 2 specs: no Chromium on this machine');
  });

  it('says what comes next when every spec passes, with the TypeScript errors counted', () => {
    const text = report(result([{ name: 'a', state: 'passed' }]), [{ file: 'server.ts', line: 3, column: 7, message: "TS2322 Type 'string' is not assignable to type 'number'." }]);
    expect(text).toContain('Next: npm test exercises/03');
    expect(text).toContain('server.ts:3:7  TS2322');
    expect(text).toContain('1 TypeScript error');
  });

  it('says a server that did not start once, and nothing else', () => {
    const r = result([], ['Your server exited with code 1 before it listened']);
    const text = report(r);
    expect(text).toContain('the server did not start');
    expect(text).toContain('Your server exited with code 1');
    expect(learnerRunPassed(plan, r, [])).toBe(false);
  });

  it('fits one screen for a stub that fails 40 specs', () => {
    const text = report(result(Array.from({ length: 40 }, (_, i) => failed(`spec ${i}`, 3))));
    expect(text.split('\n').length).toBeLessThanOrEqual(60);
    expect(text).toContain('… and 24 more');
  });
});
