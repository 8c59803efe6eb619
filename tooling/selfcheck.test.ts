// The self-check's verdicts, on made-up results: what counts as a mutant caught, a stub that
// fails, and a spec that can fail.
import { describe, expect, it } from 'vitest';
import type { Plan } from './plan.ts';
import type { ProjectResult, SpecResult } from './core/results.ts';
import { judge } from './selfcheck.ts';

const plan: Plan = {
  seed: 1,
  unitTests: false,
  runs: [
    { name: 'x › solution', exercise: 'x', dir: '/s', role: 'solution' },
    { name: 'x › stub', exercise: 'x', dir: '/e', role: 'stub' },
    { name: 'x › mutant m', exercise: 'x', dir: '/s', role: 'mutant', mutant: 'm', expectedStep: 2 },
  ],
};

function results(stub: SpecResult['state'][], mutant: SpecResult['state'][], solution: SpecResult['state'][] = ['passed', 'passed']) {
  const project = (name: string, states: SpecResult['state'][]): ProjectResult => ({
    project: name,
    // Each failure teaches, and points at step 2, the mutant's.
    specs: states.map((state, i) => ({ name: `spec ${i + 1}`, state, ...(state === 'failed' ? { failure: 'teaching' as const, step: 2 } : {}) })),
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

  it('flags a mutant whose first failure points at another lesson step than its bug', () => {
    const r = results(['failed', 'failed'], ['failed', 'failed']);
    r.get('x › mutant m')!.specs[0]!.step = 5;
    expect(failing(plan, r)).toEqual(['x: mutant "m" is first caught at the lesson step that explains it']);
    r.get('x › mutant m')!.specs[0]!.state = 'passed';
    expect(failing(plan, r)).toEqual([]);
  });

  it('flags a failure that does not teach (a raw error), in a stub or a mutant', () => {
    const r = results(['failed', 'passed'], ['passed', 'failed']);
    r.get('x › stub')!.specs[0]!.failure = 'raw';
    expect(failing(plan, r)).toEqual(['x: the stub exercises/x gets a failure that teaches for "spec 1"']);
  });

  it('does not count a spec "not run" because the server was gone as one that can fail', () => {
    const r = results(['passed', 'passed'], ['passed', 'failed']);
    r.get('x › mutant m')!.specs[1]!.failure = 'not-run';
    expect(failing(plan, r)).toContain('x: "spec 2" fails against the stub or a mutant');
  });

  it('requires every valid variant to pass every spec', () => {
    const withVariant: Plan = { ...plan, runs: [...plan.runs, { name: 'x › variant v', exercise: 'x', dir: '/s', role: 'variant', variant: 'v' }] };
    const r = results(['failed', 'passed'], ['passed', 'failed']);
    r.set('x › variant v', { project: 'x › variant v', specs: [{ name: 'spec 1', state: 'passed' }, { name: 'spec 2', state: 'failed', failure: 'teaching', step: 2 }], errors: [], durationMs: 0 });
    expect(failing(withVariant, r)).toEqual(['x: valid variant "v" passes every spec']);
    r.get('x › variant v')!.specs[1]!.state = 'passed';
    expect(failing(withVariant, r)).toEqual([]);
  });

  it('counts a raw error in a valid variant\'s run too', () => {
    const withVariant: Plan = { ...plan, runs: [...plan.runs, { name: 'x › variant v', exercise: 'x', dir: '/s', role: 'variant', variant: 'v' }] };
    const r = results(['failed', 'passed'], ['passed', 'failed']);
    r.set('x › variant v', { project: 'x › variant v', specs: [{ name: 'spec 1', state: 'failed', failure: 'raw' }, { name: 'spec 2', state: 'passed' }], errors: [], durationMs: 0 });
    const { checks, summaries } = judge(withVariant, r);
    expect(checks.filter((c) => !c.ok).map((c) => c.name)).toContain('x: valid variant "v" gets a failure that teaches for "spec 1"');
    expect(summaries[0]?.rawFailures).toBe(1);
  });

  it('takes a spec that 05 runs from 04 (curriculum.json, reusesSpecs) as proven by what fails it in 04', () => {
    const runsOf = (slug: string): Plan['runs'] => [
      { name: `${slug} › solution`, exercise: slug, dir: '/s', role: 'solution' },
      { name: `${slug} › stub`, exercise: slug, dir: '/e', role: 'stub' },
    ];
    const both: Plan = { seed: 1, unitTests: false, runs: [...runsOf('04-message-board'), ...runsOf('05-persistent-board')] };
    const spec = (name: string, state: SpecResult['state']): SpecResult => ({ name, state, ...(state === 'failed' ? { failure: 'teaching' as const, step: 1 } : {}) });
    const project = (name: string, specs: SpecResult[]): ProjectResult => ({ project: name, specs, errors: [], durationMs: 0 });
    const shared = 'the board from exercise 04 > Clear > empties it';
    const r = (failsIn04: boolean) =>
      new Map([
        ['04-message-board › solution', project('', [spec('Clear > empties it', 'passed')])],
        ['04-message-board › stub', project('', [spec('Clear > empties it', failsIn04 ? 'failed' : 'passed')])],
        ['05-persistent-board › solution', project('', [spec(shared, 'passed'), spec('timestamps > shows them', 'passed')])],
        ['05-persistent-board › stub', project('', [spec(shared, 'passed'), spec('timestamps > shows them', 'failed')])],
      ]);
    expect(failing(both, r(true))).toEqual([]);
    expect(failing(both, r(false))).toEqual([
      '04-message-board: the stub exercises/04-message-board fails at least one spec',
      '04-message-board: "Clear > empties it" fails against the stub or a mutant',
      `05-persistent-board: "${shared}" fails against the stub or a mutant`,
    ]);
  });

  it('flags a run whose verdict changes when it is repeated with the same seed (--repeat)', () => {
    const repeated: Plan = { seed: 1, unitTests: false, runs: [plan.runs[0]!, { ...plan.runs[0]!, name: 'x › solution · run 2', repeatOf: 'x › solution' }] };
    const r = results([], [], ['passed', 'passed']);
    r.set('x › solution · run 2', { ...r.get('x › solution')!, project: 'x › solution · run 2', specs: [{ name: 'spec 1', state: 'passed' }, { name: 'spec 2', state: 'passed' }] });
    expect(failing(repeated, r)).toEqual([]);
    r.get('x › solution · run 2')!.specs[1]!.state = 'failed';
    expect(failing(repeated, r)).toEqual(['x › solution gets the same verdict in all 2 runs with seed 1']);
  });
});
