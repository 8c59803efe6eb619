// The grader on real submissions of exercises 01 and 02, graded together as a class: solutions get
// full marks, stubs nothing, a mutant loses exactly the points of the specs it fails, and a
// submission's own spec file and configs are ignored.
import { appendFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCurriculum } from '../tooling/core/curriculum.ts';
import { asSubmission } from './discover.ts';
import { grade } from './grade.ts';
import { WORK_ROOT } from './work-dir.ts';
import { UNTOUCHED } from './score.ts';
import { writeSubmission } from './submissions.ts';
import type { GradedSubmission, GradeReport } from './types.ts';

const [first, second] = [loadCurriculum()[0]!, loadCurriculum()[1]!];
const MUTANT = 'wrong-content-type'; // in specs/mutants/01-raw-socket.ts

let root: string;
let report: GradeReport;
const byName = (name: string): GradedSubmission => report.submissions.find((s) => s.name === name)!;

/** A stub that is not byte for byte the stub, so that the grader runs it. */
async function touch(dir: string, exercise: string): Promise<void> {
  await appendFile(path.join(dir, 'exercises', exercise, 'server.ts'), '\n// started reading the lesson\n');
}

beforeAll(async () => {
  await mkdir(WORK_ROOT, { recursive: true });
  root = await mkdtemp(path.join(WORK_ROOT, 'test-class-'));
  await writeSubmission(path.join(root, 'solved'), { [first.slug]: 'solution', [second.slug]: 'solution' });
  const stubs = await writeSubmission(path.join(root, 'stubs'), {});
  await touch(stubs, first.slug);
  await touch(stubs, second.slug);
  await writeSubmission(path.join(root, 'mutant'), { [first.slug]: { mutant: MUTANT }, [second.slug]: 'solution' });
  // A clone whose specs and configs were edited to pass anything: none of it may count.
  const tampered = await writeSubmission(path.join(root, 'tampered'), {});
  await touch(tampered, first.slug);
  await mkdir(path.join(tampered, 'specs'), { recursive: true });
  await writeFile(path.join(tampered, 'specs', `${first.slug}.spec.ts`), "import { it } from 'vitest';\nit('passes', () => {});\n");
  await writeFile(path.join(tampered, 'package.json'), '{ "scripts": { "grade": "echo 100" } }\n');
  await writeFile(path.join(tampered, 'vitest.config.ts'), 'export default {};\n');

  const submissions = ['solved', 'stubs', 'mutant', 'tampered'].map((name) => asSubmission(path.join(root, name))!);
  report = await grade(submissions, { exercises: [first.slug, second.slug], seed: 1, timeoutSeconds: 40, jobs: 2, workRoot: root });
}, 180_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('grading a class of exercises 01 and 02', () => {
  it('gives the reference solutions full marks', () => {
    const solved = byName('solved');
    expect(solved.errors).toEqual([]);
    for (const ex of solved.exercises) {
      expect(ex.specs.filter((s) => !s.passed).map((s) => s.message)).toEqual([]);
      expect(ex.coverage.lines).toBeGreaterThan(90);
      expect(ex.score).toBe(ex.max);
    }
    expect(solved).toMatchObject({ score: 100, max: 100, percent: 100 });
  });

  it('gives the stubs nothing for behaviour, having run them', () => {
    for (const ex of byName('stubs').exercises) {
      expect(ex.problems).not.toContain(UNTOUCHED);
      expect(ex.specs.some((s) => s.message?.startsWith('Expected:'))).toBe(true);
      expect(ex.behaviour.score).toBe(0);
      expect(ex.score).toBe(0);
    }
  });

  it('takes off a mutant exactly the points of the specs it fails', () => {
    const [mutated, untouched] = byName('mutant').exercises as [GradedSubmission['exercises'][0], GradedSubmission['exercises'][0]];
    const failed = mutated.specs.filter((s) => !s.passed);
    expect(failed.length).toBeGreaterThan(0);
    const solvedSpecs = byName('solved').exercises[0]!.specs;
    for (const spec of failed) expect(solvedSpecs.find((s) => s.name === spec.name)?.passed).toBe(true);
    const lost = failed.reduce((sum, s) => sum + s.value, 0);
    expect(mutated.behaviour.score).toBeCloseTo(mutated.behaviour.max - lost, 1);
    expect(untouched.score).toBe(untouched.max);
  });

  it("ignores a submission's own spec file and configs, and says so", () => {
    const tampered = byName('tampered');
    expect(tampered.score).toBe(0);
    expect(tampered.exercises[0]!.specs.length).toBe(byName('solved').exercises[0]!.specs.length);
    expect(tampered.ignored).toEqual(expect.arrayContaining([`specs/${first.slug}.spec.ts`, 'package.json', 'vitest.config.ts']));
  });

  it('scores an untouched stub 0 without running it', () => {
    const ex = byName('tampered').exercises[1]!;
    expect(ex.problems).toContain(UNTOUCHED);
    expect(ex.score).toBe(0);
  });

  it('names the submission\'s own folder in failure messages, not its copy', () => {
    const message = byName('stubs').exercises[0]!.specs.find((s) => !s.passed)!.message!;
    expect(message).toContain(path.relative(process.cwd(), path.join(root, 'stubs', 'exercises', first.slug)));
    expect(message).not.toMatch(/batch-\d+/);
  });
});
