// vitest's config inside a grading child (child.ts): one project per submission and exercise, each
// running the grader's own spec file (and an instructor's private specs) against the submission's
// copy. The job comes from KATA_GRADE_JOB.
import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { KATA_ROOT } from '../tooling/core/curriculum.ts';
import { SPEC_TIME_LIMITS, specProject, type SpecRun } from '../tooling/core/spec-run.ts';
import { exerciseCopy, projectName, readJob } from './job.ts';

const job = readJob(process.env.KATA_GRADE_JOB);

export default defineConfig({
  resolve: {
    // Private specs are written like the kata's own (import ... from './harness/kata.ts') but live
    // elsewhere: point that import at the kata's harness.
    alias: [{ find: /^\.\/harness\//, replacement: `${path.join(KATA_ROOT, 'specs', 'harness')}/` }],
  },
  test: {
    projects: job.submissions.flatMap((submission) =>
      submission.exercises.map((exercise) => {
        const name = projectName(submission.id, exercise);
        const run: SpecRun = { name, exercise, dir: exerciseCopy(job.batch, submission.id, exercise), role: 'learner', serverCommand: job.serverCommand };
        return specProject(run, job.seed, { extraSpecs: job.privateSpecs[exercise] });
      }),
    ),
    ...SPEC_TIME_LIMITS,
    maxWorkers: job.maxWorkers,
    bail: 0,
    // Each spec's line, for the reports that show a spec's code (Exercism's test_code).
    includeTaskLocation: true,
  },
});
