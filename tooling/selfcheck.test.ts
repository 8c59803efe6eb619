// The self-check's verdicts, on made-up results: what counts as a mutant caught, a stub that
// fails, and a spec that can fail.
import { describe, expect, it } from 'vitest';
import type { Plan } from './plan.ts';
import type { ProjectResult, SpecResult } from './results.ts';
import { judge } from './selfcheck.ts';

const plan: Plan = {
  seed: 1,
  tooling: false,
  runs: [
    { name: 'x › solution', exercise: 'x', dir: '/s', role: 'solution' },
    { name: 'x › stub', exercise: 'x', dir: '/e', role: 'stub' },
    { name: 'x › mutant m', exercise: 'x', dir: '/s', role: 'mutant', mutant: 'm' },
  ],
};

function results(stub: SpecResult['state'][], mutant: SpecResult['state'][], solution: SpecResult['state'][] = ['passed', 'passed']) {
  const project = (name: string, states: SpecResult['state'][]): ProjectResult => ({
    project: name,
    specs: states.map((state, i) => ({ name: `spec ${i + 1}`, state })),
    errors: [],
    durationMs: 0,
  });
  return new Map([
    ['x › solution', project('x › solution', solution)],
    ['x › stub', project('x › stub', stub)],
    ['x › mutant m', project('x › mutant m', mutant)],
  ]);
}

const failing = (plan: Plan, r: Map<string, ProjectResult>) => judge(plan, r).checks.filter((c) => !c.ok).map((c) => c.name);

describe('judge', () => {
  it('passes when the solution passes, and the stub and each mutant fail, and every spec fails somewhere', () => {
    expect(failing(plan, results(['failed', 'passed'], ['passed', 'failed']))).toEqual([]);
  });

  it('flags a mutant that no spec catches', () => {
    expect(failing(plan, results(['failed', 'failed'], ['passed', 'passed']))).toEqual(['x: mutant "m" fails at least one spec']);
  });

  it('flags a stub that already passes', () => {
    expect(failing(plan, results(['passed', 'passed'], ['failed', 'failed']))).toEqual(['x: the stub exercises/x fails at least one spec']);
  });

  it('flags a spec that passes against the stub and every mutant', () => {
    expect(failing(plan, results(['failed', 'passed'], ['failed', 'passed']))).toEqual(['x: "spec 2" fails against the stub or a mutant']);
  });

  it('flags a solution that fails a spec', () => {
    expect(failing(plan, results(['failed', 'failed'], ['failed', 'failed'], ['passed', 'failed']))).toEqual(['x: the solution passes "spec 2"']);
  });

  it('counts a spec skipped against the solution (no curl, no Chromium) neither way', () => {
    expect(failing(plan, results(['failed', 'skipped'], ['failed', 'skipped'], ['passed', 'skipped']))).toEqual([]);
  });

  it('flags a mutant that cannot start, instead of counting it as caught', () => {
    const r = results(['failed', 'failed'], []);
    r.get('x › mutant m')!.errors.push('Your server exited with code 1');
    expect(failing(plan, r)).toEqual(['x: mutant "m" starts']);
  });
});
