// The curriculum manifest (curriculum.json) and the paths every tool derives from it.
// Nobody guesses an exercise's folder: they ask this module.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface Exercise {
  /** Two digits, the order in the kata: "03". */
  id: string;
  /** The folder name under exercises/ and solutions/, and the spec file's name: "03-file-server". */
  slug: string;
  title: string;
  teaches: string;
  /**
   * This exercise's spec file runs another's specs (the same code, against this exercise's
   * server) as its block `as`: 05 runs 04's board specs as "the board from exercise 04".
   */
  reusesSpecs?: { of: string; as: string };
}

/** A page to read between or after exercises, with no code to write: no stub, solution or specs. */
export interface Reading {
  /** The id of the exercise it comes after: "05". */
  after: string;
  /** The page, relative to the kata's root: "exercises/after-05-what-next.md". */
  path: string;
  title: string;
  teaches: string;
}

/** The kata's root folder (where package.json and curriculum.json are). */
export const KATA_ROOT = path.resolve(import.meta.dirname, '..', '..');

export function loadCurriculum(root: string = KATA_ROOT): Exercise[] {
  const file = path.join(root, 'curriculum.json');
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { exercises?: Exercise[] };
  if (!Array.isArray(parsed.exercises)) throw new Error(`${file} has no "exercises" list`);
  return parsed.exercises;
}

/** The readings of curriculum.json, in order; none when it lists none. */
export function loadReadings(root: string = KATA_ROOT): Reading[] {
  const parsed = JSON.parse(readFileSync(path.join(root, 'curriculum.json'), 'utf8')) as { readings?: Reading[] };
  return parsed.readings ?? [];
}

export const exerciseDir = (ex: Pick<Exercise, 'slug'>, root = KATA_ROOT) => path.join(root, 'exercises', ex.slug);
export const solutionDir = (ex: Pick<Exercise, 'slug'>, root = KATA_ROOT) => path.join(root, 'solutions', ex.slug);
export const specFile = (ex: Pick<Exercise, 'slug'>, root = KATA_ROOT) => path.join(root, 'specs', `${ex.slug}.spec.ts`);
export const mutantsFile = (ex: Exercise, root = KATA_ROOT) => path.join(root, 'specs', 'mutants', `${ex.slug}.ts`);
export const lessonFile = (ex: Pick<Exercise, 'slug'>, root = KATA_ROOT) => path.join(exerciseDir(ex, root), 'README.md');

/** "03" or "03-file-server" → the exercise, or undefined. */
export function findExercise(key: string, exercises = loadCurriculum()): Exercise | undefined {
  return exercises.find((ex) => ex.id === key || ex.slug === key);
}

/** The id of the exercise of this slug ("03-file-server" → "03"), from the curriculum, not the name. */
export function idOf(slug: string, exercises = loadCurriculum()): string {
  const exercise = findExercise(slug, exercises);
  if (!exercise) throw new Error(`no exercise ${slug} in curriculum.json`);
  return exercise.id;
}

/** The range of ids, for messages: "01..05". */
export function idRange(exercises = loadCurriculum()): string {
  const first = exercises[0]?.id ?? '';
  const last = exercises.at(-1)?.id ?? '';
  return first === last ? first : `${first}..${last}`;
}

/** A folder as the learner would type it: relative to the kata when inside it, else absolute. */
export function displayPath(dir: string): string {
  const relative = path.relative(KATA_ROOT, dir);
  return relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? dir : relative;
}
