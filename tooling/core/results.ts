// What a vitest run produced, reduced to plain data: per project, each spec's state and message,
// and the errors that stopped a file or a suite (a server that did not start).
import type { TestModule } from 'vitest/node';
import { runOfModule } from './shared-runs.ts';

export interface SpecResult {
  /** "GET / > answers 200" (describe blocks and the spec's title). */
  name: string;
  state: 'passed' | 'failed' | 'skipped' | 'pending';
  /** The failure message, for a failed spec. */
  message?: string;
  /**
   * For a failed spec, what kind of failure a learner sees: one that teaches (a KataFailure from
   * specs/harness/teach.ts: Expected / Sent / Got back / Read), "not run" because an earlier
   * failure said the server is gone, or a raw error (a client library's, an assertion's) that
   * teaches nothing and is a bug in the spec.
   */
  failure?: 'teaching' | 'not-run' | 'raw';
  /** The lesson step a teaching failure points at. */
  step?: number;
  /** For a skipped spec, why (the note given to `context.skip`), when it says. */
  skipNote?: string;
  /** Where the spec is written (line, 1-based), when vitest was asked (includeTaskLocation). */
  line?: number;
  durationMs?: number;
}

export interface ProjectResult {
  project: string;
  specs: SpecResult[];
  /** Errors outside any spec: the file did not load, or a beforeAll (server start) failed. */
  errors: string[];
  durationMs: number;
}

export function collectResults(modules: ReadonlyArray<TestModule>): Map<string, ProjectResult> {
  const byProject = new Map<string, ProjectResult>();
  for (const module of modules) {
    const project = runOfModule(module).run;
    const result = byProject.get(project) ?? { project, specs: [], errors: [], durationMs: 0 };
    byProject.set(project, result);
    result.durationMs += module.diagnostic().duration;
    const { specs, errors } = moduleResults(module);
    result.specs.push(...specs);
    result.errors.push(...errors);
  }
  return byProject;
}

/** One spec file's results: each spec's, and the errors outside any spec. */
export function moduleResults(module: TestModule): { specs: SpecResult[]; errors: string[] } {
  const errors = module.errors().map((e) => e.message);
  for (const suite of module.children.allSuites()) errors.push(...suite.errors().map((e) => e.message));
  const specs = [...module.children.allTests()].map((test): SpecResult => {
    const outcome = test.result();
    const where = { ...(test.location && { line: test.location.line }), durationMs: test.diagnostic()?.duration };
    if (outcome.state === 'skipped') return { name: test.fullName, state: outcome.state, ...(outcome.note ? { skipNote: outcome.note } : {}), ...where };
    if (outcome.state !== 'failed') return { name: test.fullName, state: outcome.state, ...where };
    const message = outcome.errors.map((e) => e.message).join('\n');
    return { name: test.fullName, state: outcome.state, message, ...failureKind(outcome.errors), ...where };
  });
  return { specs, errors };
}

/** What kind of failure a spec's errors are (see SpecResult.failure): its first error decides. */
export function failureKind(errors: ReadonlyArray<{ name?: unknown; step?: unknown; notRun?: unknown }>): Pick<SpecResult, 'failure' | 'step'> {
  const first = errors[0];
  if (first?.name !== 'KataFailure') return { failure: 'raw' };
  if (first.notRun === true) return { failure: 'not-run' };
  return { failure: 'teaching', step: typeof first.step === 'number' ? first.step : undefined };
}
