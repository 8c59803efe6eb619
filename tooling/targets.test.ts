// How `npm test <target>` reads its target: the spellings a learner types, folders anywhere on
// disk, and one-line errors for targets that match nothing.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KATA_ROOT, loadCurriculum } from './core/curriculum.ts';
import { resolveTarget, TargetError } from './targets.ts';

const first = loadCurriculum()[0]!;
const last = loadCurriculum().at(-1)!;
const dirs = (target: string, cwd = KATA_ROOT) => resolveTarget(target, cwd).map((run) => path.relative(KATA_ROOT, run.dir));

describe('resolveTarget', () => {
  it.each([first.id, `exercises/${first.id}`, `exercises/${first.slug}`, `exercises/${first.slug}/`, `./exercises/${first.id}`])(
    'finds the exercise folder from "%s"',
    (target) => {
      expect(dirs(target)).toEqual([`exercises/${first.slug}`]);
    },
  );

  it('finds the reference solution from "solutions/NN", with the solution role', () => {
    const [run] = resolveTarget(`solutions/${first.id}`, KATA_ROOT);
    expect(path.relative(KATA_ROOT, run!.dir)).toBe(`solutions/${first.slug}`);
    expect(run!.role).toBe('solution');
  });

  it('finds every exercise from "exercises", in order', () => {
    const found = dirs('exercises');
    expect(found[0]).toBe(`exercises/${first.slug}`);
    expect(found).toEqual([...found].sort());
  });

  it('resolves a relative target from the folder the learner typed it in', () => {
    expect(dirs(first.id === '01' ? '../exercises/01' : `../exercises/${first.id}`, path.join(KATA_ROOT, 'specs'))).toEqual([`exercises/${first.slug}`]);
  });

  describe('a folder anywhere on disk', () => {
    let submission: string;
    beforeAll(async () => {
      submission = await mkdtemp(path.join(tmpdir(), 'netkata-targets-'));
      await mkdir(path.join(submission, 'exercises', first.slug), { recursive: true });
    });
    afterAll(() => rm(submission, { recursive: true, force: true }));

    it('takes a folder named like an exercise', () => {
      const [run] = resolveTarget(path.join(submission, 'exercises', first.slug), '/');
      expect(run!.exercise).toBe(first.slug);
      expect(run!.role).toBe('learner');
    });

    it('takes a folder holding exercise folders, and a clone holding exercises/', () => {
      expect(resolveTarget(path.join(submission, 'exercises'), '/').map((r) => r.exercise)).toEqual([first.slug]);
      expect(resolveTarget(submission, '/').map((r) => r.exercise)).toEqual([first.slug]);
    });
  });

  describe('a target that matches nothing', () => {
    const range = `${first.id}..${last.id}`;
    it.each([
      ['an exercise number past the last', 'exercises/99', `no exercise 99; exercises are ${range}`],
      ['a bare number past the last', '99', `no exercise 99; exercises are ${range}`],
      ['a one-digit number past the last', '6', `no exercise 6; exercises are ${range}`],
      ['an exercise typed with one digit', '3', 'exercises are numbered with two digits: 03, not 3'],
      ['a misspelt folder', 'exercise/01', `no folder exercise/01; try exercises/01 (exercises are ${range}), or a folder holding exercises`],
      ['a folder with no exercises in it', 'specs', 'specs holds no exercise folders (named like 01-raw-socket); try exercises/01'],
    ])('fails with one line for %s', (_name, target, message) => {
      expect(() => resolveTarget(target, KATA_ROOT)).toThrow(new TargetError(message));
    });
  });
});
