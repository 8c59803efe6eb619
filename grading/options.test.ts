// The command line of `npm run grade` and which folders it grades: the spellings an instructor
// types, and one-line errors for what cannot be done.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../tooling/core/args.ts';
import { KATA_ROOT, loadCurriculum } from '../tooling/core/curriculum.ts';
import { discoverSubmissions, findPrivateSpecs } from './discover.ts';
import { parseGradeOptions } from './options.ts';

const slugs = loadCurriculum().map((ex) => ex.slug);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'netkata-grade-options-'));
  await mkdir(path.join(dir, 'class', 'alice', 'exercises', slugs[0]!), { recursive: true });
  await mkdir(path.join(dir, 'class', 'bob', 'exercises'), { recursive: true });
  await mkdir(path.join(dir, 'class', 'carol', slugs[0]!), { recursive: true }); // an exercises/ folder, renamed
  await mkdir(path.join(dir, 'class', 'notes'), { recursive: true });
  await mkdir(path.join(dir, 'private', slugs[1]!), { recursive: true });
  await writeFile(path.join(dir, 'private', `${slugs[0]}.extra.spec.ts`), '');
  await writeFile(path.join(dir, 'private', slugs[1]!, 'more.spec.ts'), '');
  await writeFile(path.join(dir, 'private', 'unrelated.txt'), '');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('parseGradeOptions', () => {
  it('reads submissions, reports and bounds, relative to the folder it was typed in', () => {
    const options = parseGradeOptions(['a', '--json', 'out/r.json', '--timeout', '5', '--jobs', '3', '--min-score', '50', '--classroom', '--exercises', '01,02'], dir);
    expect(options).toMatchObject({
      submissions: [path.join(dir, 'a')],
      json: path.join(dir, 'out', 'r.json'),
      timeoutSeconds: 5,
      jobs: 3,
      minScore: 50,
      classroom: true,
      exercises: slugs.slice(0, 2),
    });
  });

  it('reads a --server command into its words', () => {
    expect(parseGradeOptions(['--server', 'python3 "my server.py"'], dir).serverCommand).toEqual(['python3', 'my server.py']);
    expect(parseGradeOptions([], dir).serverCommand).toBeUndefined();
  });

  it('defaults to every exercise, 60 s each, and the seed in KATA_SEED', () => {
    process.env.KATA_SEED = '77';
    try {
      expect(parseGradeOptions([], dir)).toMatchObject({ exercises: slugs, timeoutSeconds: 60, seed: 77, classroom: false });
    } finally {
      delete process.env.KATA_SEED;
    }
  });

  it.each([
    [['--timeout', 'soon'], /--timeout needs a number/],
    [['--jobs', '1.5'], /--jobs needs a whole number/],
    [['--json'], /--json needs a value/],
    [['--exercises', '42'], /no exercise "42"/],
    [['--frobnicate'], /unknown option --frobnicate/],
    [['--server', '  '], /--server needs a command/],
  ])('refuses %j', (args, message) => {
    expect(() => parseGradeOptions(args, dir)).toThrow(UsageError);
    expect(() => parseGradeOptions(args, dir)).toThrow(message);
  });
});

describe('discoverSubmissions', () => {
  it('grades this checkout when given nothing', () => {
    const { submissions } = discoverSubmissions([], undefined);
    expect(submissions).toEqual([{ name: path.basename(KATA_ROOT), root: KATA_ROOT, exercisesDir: path.join(KATA_ROOT, 'exercises'), self: true }]);
  });

  it('finds every submission in a class, clones and exercises/ folders alike, and says what it skips', () => {
    const { submissions, skipped } = discoverSubmissions([], path.join(dir, 'class'));
    expect(submissions.map((s) => [s.name, path.relative(dir, s.exercisesDir)])).toEqual([
      ['alice', 'class/alice/exercises'],
      ['bob', 'class/bob/exercises'],
      ['carol', 'class/carol'],
    ]);
    expect(skipped).toEqual(['notes (holds neither exercises/ nor exercise folders)']);
  });

  it('names an exercises/ folder after the clone that holds it, and keeps names unique', () => {
    const alice = path.join(dir, 'class', 'alice');
    const { submissions } = discoverSubmissions([path.join(alice, 'exercises'), alice], undefined);
    expect(submissions.map((s) => s.name)).toEqual(['alice', 'alice (2)']);
  });

  it('refuses a folder that is not a submission', () => {
    expect(() => discoverSubmissions([path.join(dir, 'class', 'notes')], undefined)).toThrow(/is not a submission/);
  });
});

describe('findPrivateSpecs', () => {
  it('finds NN-slug*.spec.ts files and the specs in NN-slug/ folders', () => {
    const found = findPrivateSpecs(path.join(dir, 'private'), slugs);
    expect(found).toEqual({
      [slugs[0]!]: [path.join(dir, 'private', `${slugs[0]}.extra.spec.ts`)],
      [slugs[1]!]: [path.join(dir, 'private', slugs[1]!, 'more.spec.ts')],
    });
  });
});
