// --exercism <dir>: Exercism's test-runner results.json (interface version 3) for each submission
// and exercise, at <dir>/<submission>/<exercise>/results.json, so that tools speaking that format
// can show the same specs. Each test carries its code (test_code) and its lesson step (task_id).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { KATA_ROOT } from '../../tooling/core/curriculum.ts';
import type { GradedExercise, GradeReport } from '../types.ts';
import { specCode, specStep } from './spec-source.ts';
import { plain } from './text.ts';

/** Exercism caps a test's message and the top-level message at 65535 characters. */
const MAX_MESSAGE = 65_535;

export interface ExercismTest {
  name: string;
  status: 'pass' | 'fail' | 'error';
  message: string | null;
  output: string | null;
  test_code: string;
  task_id?: number;
}

export interface ExercismResults {
  version: 3;
  status: 'pass' | 'fail' | 'error';
  message?: string;
  tests: ExercismTest[];
}

/** Where a spec file is: the kata's own specs, or an instructor's private ones (by file name). */
export type SpecFileResolver = (label: string) => string | undefined;

export const kataSpecFiles: SpecFileResolver = (label) => (label.startsWith('specs/') ? path.join(KATA_ROOT, label) : undefined);

export function exercismResults(ex: GradedExercise, resolve: SpecFileResolver = kataSpecFiles): ExercismResults {
  const tests: ExercismTest[] = ex.specs.map((spec) => {
    const file = resolve(spec.file);
    const code = file ? specCode(file, spec.line) : undefined;
    const step = specStep(code, spec.message);
    const test: ExercismTest = {
      name: spec.name,
      status: spec.passed ? 'pass' : 'fail',
      message: spec.passed ? null : plain(spec.message ?? 'failed').slice(0, MAX_MESSAGE),
      output: null,
      test_code: code ?? `// ${spec.file}${spec.line ? `:${spec.line}` : ''}`,
    };
    if (step !== undefined) test.task_id = step;
    return test;
  });
  // "error": no test could run properly, e.g. the server does not compile or never starts.
  const ranNone = ex.specs.every((spec) => !spec.passed && spec.message?.startsWith('not run'));
  if (ex.zeroBecause || (ranNone && ex.problems.length > 0)) {
    return { version: 3, status: 'error', message: plain(ex.problems.join('\n\n')).slice(0, MAX_MESSAGE), tests };
  }
  return { version: 3, status: tests.every((t) => t.status === 'pass') ? 'pass' : 'fail', tests };
}

const safe = (name: string) => name.replace(/[^\w.-]+/g, '_');

export async function writeExercism(report: GradeReport, dir: string, resolve: SpecFileResolver = kataSpecFiles): Promise<void> {
  for (const s of report.submissions) {
    for (const ex of s.exercises) {
      const folder = path.join(dir, safe(s.name), ex.exercise);
      await mkdir(folder, { recursive: true });
      await writeFile(path.join(folder, 'results.json'), `${JSON.stringify(exercismResults(ex, resolve), null, 2)}\n`);
    }
  }
}
