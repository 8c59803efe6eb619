// vitest's config inside a grading child (child.ts): a run per submission and exercise, each
// running the grader's own spec file (and an instructor's private specs) against the submission's
// copy. The job comes from KATA_GRADE_JOB.
import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { KATA_ROOT, specFile } from '../tooling/core/curriculum.ts';
import { SPEC_TIME_LIMITS, specProject, type SpecRun } from '../tooling/core/spec-run.ts';
import { runFilesUncached, sharedRunProjects } from '../tooling/core/shared-runs.ts';
import { batchPaths, exerciseCopy, projectName, readJob } from './job.ts';

const job = readJob(process.env.KATA_GRADE_JOB);
const runs = job.submissions.flatMap((submission) =>
  submission.exercises.map((exercise): SpecRun => {
    const name = projectName(submission.id, exercise);
    return { name, exercise, dir: exerciseCopy(job.batch, submission.id, exercise), role: 'learner', serverCommand: job.serverCommand };
  }),
);
const privateSpecs = (run: SpecRun) => job.privateSpecs[run.exercise] ?? [];

export default defineConfig({
  plugins: [runFilesUncached()],
  resolve: {
    // Private specs are written like the kata's own (import ... from './harness/kata.ts') but live
    // elsewhere: point that import at the kata's harness.
    alias: [{ find: /^\.\/harness\//, replacement: `${path.join(KATA_ROOT, 'specs', 'harness')}/` }],
  },
  test: {
    // An exercise's runs share spec workers through run files; its first has a project of its
    // own, where vitest finds each spec's line (child.ts gives it to the others' specs).
    projects: sharedRunProjects(runs, job.seed, batchPaths(job.batch).runFiles, {
      single: (run) => specProject(run, job.seed, { extraSpecs: privateSpecs(run) }),
      specFiles: (run) => [specFile({ slug: run.exercise }), ...privateSpecs(run)],
      locate: true,
    }),
    ...SPEC_TIME_LIMITS,
    maxWorkers: job.maxWorkers,
    bail: 0,
    cache: false, // see runFilesUncached
    // Each spec's line, for the reports that show a spec's code (Exercism's test_code).
    includeTaskLocation: true,
  },
});
