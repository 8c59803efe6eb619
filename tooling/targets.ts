// Turns what the learner typed after `npm test` into the spec runs to do: "03", "exercises/03",
// "exercises/03-file-server/", "solutions/03", "exercises", or any folder shaped like an exercise
// (its name starts "NN-") or like exercises/ (holding such folders), e.g. a student's submission.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { displayPath, KATA_ROOT, loadCurriculum, idRange, type Exercise } from './core/curriculum.ts';
import type { SpecRun } from './core/spec-run.ts';
import { UsageError } from './core/args.ts';

/** A target that matches nothing; its message is shown as it is, with exit status 2. */
export class TargetError extends UsageError {}

const EXERCISE_FOLDER = /^(\d{2})(-|$)/;

function isDir(p: string): boolean {
  return existsSync(p) && statSync(p).isDirectory();
}

function exerciseFolders(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => /^\d{2}-/.test(name) && isDir(path.join(dir, name)))
    .sort();
}

function runFor(dir: string, exercises: Exercise[]): SpecRun {
  const id = EXERCISE_FOLDER.exec(path.basename(dir))?.[1] ?? '';
  const exercise = exercises.find((ex) => ex.id === id);
  if (!exercise) throw new TargetError(`no exercise ${id} (for ${dir}); exercises are ${idRange(exercises)}`);
  const role = path.relative(path.join(KATA_ROOT, 'solutions'), dir) === exercise.slug ? 'solution' : 'learner';
  return { name: `${exercise.slug} › ${displayPath(dir)}`, exercise: exercise.slug, dir, role };
}

/**
 * Resolves a target relative to `cwd` (npm runs scripts from the package root, so the CLI passes
 * the folder the learner typed in: INIT_CWD).
 */
export function resolveTarget(target: string, cwd: string, exercises: Exercise[] = loadCurriculum()): SpecRun[] {
  const bare = target.replace(/[/\\]+$/, '');
  // "3" or "6": an exercise meant by its number, not a folder.
  if (/^\d{1,3}$/.test(bare) && !/^\d{2}$/.test(bare) && !isDir(path.resolve(cwd, bare))) {
    const id = bare.padStart(2, '0');
    const exercise = exercises.find((ex) => ex.id === id);
    throw new TargetError(exercise ? `exercises are numbered with two digits: ${id}, not ${bare}` : `no exercise ${bare}; exercises are ${idRange(exercises)}`);
  }
  // "03" alone means the kata's own exercises/03-*.
  const full = /^\d{2}$/.test(bare) ? path.join(KATA_ROOT, 'exercises', bare) : path.resolve(cwd, bare);

  if (isDir(full)) {
    if (EXERCISE_FOLDER.test(path.basename(full))) return [runFor(full, exercises)];
    const inner = isDir(path.join(full, 'exercises')) && exerciseFolders(full).length === 0 ? path.join(full, 'exercises') : full;
    const folders = exerciseFolders(inner);
    if (folders.length > 0) return folders.map((name) => runFor(path.join(inner, name), exercises));
    throw new TargetError(`${target} holds no exercise folders (named like 01-raw-socket); try exercises/01`);
  }

  // "exercises/03": find the folder in exercises/ whose name starts "03-".
  const parent = path.dirname(full);
  const id = EXERCISE_FOLDER.exec(path.basename(full))?.[1];
  if (id && isDir(parent)) {
    const match = exerciseFolders(parent).find((name) => name.startsWith(`${id}-`) && name.startsWith(path.basename(full)));
    if (match) return [runFor(path.join(parent, match), exercises)];
    if (!exercises.some((ex) => ex.id === id)) throw new TargetError(`no exercise ${id}; exercises are ${idRange(exercises)}`);
    throw new TargetError(`no folder ${path.basename(full)} in ${path.relative(cwd, parent) || '.'}; it has ${exerciseFolders(parent).join(', ') || 'no exercise folders'}`);
  }
  throw new TargetError(`no folder ${target}; try exercises/01 (exercises are ${idRange(exercises)}), or a folder holding exercises`);
}
