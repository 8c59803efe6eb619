// --classroom: the result as GitHub Classroom's autograding reporter reads it (what its command
// grader writes: base64 of { version, status, max_score, tests: [{ name, status, score, message,
// ... }] }), with one test per spec and per exercise's coverage, so that the classroom shows points
// per spec. The scores of the tests add up to the submission's total.
import { appendFile } from 'node:fs/promises';
import { idOf } from '../../tooling/core/curriculum.ts';
import type { GradedSubmission } from '../types.ts';
import { plain, round2 } from '../../tooling/core/text.ts';

export interface ClassroomTest {
  name: string;
  status: 'pass' | 'fail' | 'error';
  score: number;
  message: string;
  test_code: string;
  filename: string;
  line_no: number;
  duration: number;
}

export interface ClassroomResult {
  version: 1;
  status: 'pass' | 'fail' | 'error';
  max_score: number;
  tests: ClassroomTest[];
}


export function classroomResult(s: GradedSubmission): ClassroomResult {
  const tests: ClassroomTest[] = [];
  const test = (name: string, passed: boolean, score: number, message: string, filename = '', line = 0, duration = 0) =>
    tests.push({ name, status: passed ? 'pass' : 'fail', score: round2(score), message: plain(message), test_code: '', filename, line_no: line, duration });
  for (const ex of s.exercises) {
    const id = idOf(ex.exercise);
    if (ex.zeroBecause) {
      test(`${id} grading`, false, 0, `scores 0: ${ex.zeroBecause}`);
      for (const spec of ex.specs) test(`${id} ${spec.name}`, spec.passed, 0, spec.message ?? '', spec.file, spec.line, spec.durationMs);
      continue;
    }
    let earned = 0;
    for (const spec of ex.specs) {
      earned += spec.earned;
      const note = spec.startingPoint ? ' (the untouched stub passes this spec too: it earns nothing, and failing it costs its points)' : '';
      test(`${id} ${spec.name}`, spec.passed, spec.earned, `${spec.message ?? ''}${note}`.trim(), spec.file, spec.line, spec.durationMs);
    }
    // Behaviour never goes below 0: the difference, if any, is its own line.
    if (Math.abs(ex.behaviour.score - earned) > 0.005) test(`${id} floor at 0 points`, true, ex.behaviour.score - earned, 'an exercise scores at least 0 for its specs');
    // No coverage points to earn (a --server run, or a rubric without them): no line for it.
    if (ex.coverage.max === 0) continue;
    const covered = ex.coverage.lines === null ? 'not measured' : `lines ${ex.coverage.lines}%, branches ${ex.coverage.branches}%`;
    test(`${id} coverage`, ex.coverage.score >= ex.coverage.max - 0.005, ex.coverage.score, `${covered}: ${ex.coverage.score} of ${ex.coverage.max} points`);
  }
  const status = s.errors.length > 0 ? 'error' : tests.every((t) => t.status === 'pass') ? 'pass' : 'fail';
  return { version: 1, status, max_score: round2(s.max), tests };
}

export function encodeClassroom(result: ClassroomResult): string {
  return Buffer.from(JSON.stringify(result)).toString('base64');
}

/** In GitHub Actions, the step output `result`; elsewhere, printed. */
export async function writeClassroom(s: GradedSubmission, githubOutput = process.env.GITHUB_OUTPUT): Promise<void> {
  const encoded = encodeClassroom(classroomResult(s));
  if (githubOutput) await appendFile(githubOutput, `result=${encoded}\n`);
  else console.log(encoded);
}
