// What a vitest run produced, reduced to plain data: per project, each spec's state and message,
// and the errors that stopped a file or a suite (a server that did not start).
import type { TestModule } from 'vitest/node';

export interface SpecResult {
  /** "GET / > answers 200" (describe blocks and the spec's title). */
  name: string;
  state: 'passed' | 'failed' | 'skipped' | 'pending';
  /** The failure message, for a failed spec. */
  message?: string;
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
    const project = module.project.name;
    const result = byProject.get(project) ?? { project, specs: [], errors: [], durationMs: 0 };
    byProject.set(project, result);
    result.durationMs += module.diagnostic().duration;
    for (const error of module.errors()) result.errors.push(error.message);
    for (const suite of module.children.allSuites()) {
      for (const error of suite.errors()) result.errors.push(error.message);
    }
    for (const test of module.children.allTests()) {
      const outcome = test.result();
      const message = outcome.state === 'failed' ? outcome.errors.map((e) => e.message).join('\n') : undefined;
      result.specs.push({ name: test.fullName, state: outcome.state, message });
    }
  }
  return byProject;
}
