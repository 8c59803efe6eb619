// Which folders to grade: this checkout, the folders named on the command line, or every
// submission folder inside a class folder (--class), each with a name unique in the reports; and
// an instructor's private specs (--specs).
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../tooling/core/args.ts';
import { KATA_ROOT } from '../tooling/core/curriculum.ts';
import type { Submission } from './types.ts';

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();
const holdsExerciseFolders = (dir: string) => readdirSync(dir).some((name) => /^\d{2}-/.test(name) && isDir(path.join(dir, name)));

/** A folder holding exercises/, or an exercises/ folder itself; undefined for anything else. */
export function asSubmission(folder: string): Submission | undefined {
  if (!isDir(folder)) return undefined;
  const name = path.basename(folder);
  if (isDir(path.join(folder, 'exercises'))) return { name, root: folder, exercisesDir: path.join(folder, 'exercises'), self: path.resolve(folder) === KATA_ROOT };
  if (holdsExerciseFolders(folder)) {
    const parent = path.dirname(folder);
    // An exercises/ folder is named after the clone that holds it.
    return { name: name === 'exercises' ? path.basename(parent) : name, root: folder, exercisesDir: folder, self: path.resolve(folder) === path.join(KATA_ROOT, 'exercises') };
  }
  return undefined;
}

export interface Discovered {
  submissions: Submission[];
  /** Folders of a class that are not submissions, with why: reported, not graded. */
  skipped: string[];
}

export function discoverSubmissions(named: string[], classDir: string | undefined): Discovered {
  const submissions: Submission[] = [];
  const skipped: string[] = [];
  for (const folder of named) {
    const submission = asSubmission(folder);
    if (!submission) throw new UsageError(`${folder} is not a submission: it holds neither exercises/ nor exercise folders (01-raw-socket, ...)`);
    submissions.push(submission);
  }
  if (classDir !== undefined) {
    if (!isDir(classDir)) throw new UsageError(`--class ${classDir}: no such folder`);
    for (const name of readdirSync(classDir).sort()) {
      const folder = path.join(classDir, name);
      if (name.startsWith('.') || !isDir(folder)) continue;
      const submission = asSubmission(folder);
      if (submission) submissions.push({ ...submission, name });
      else skipped.push(`${name} (holds neither exercises/ nor exercise folders)`);
    }
    if (submissions.length === 0) throw new UsageError(`--class ${classDir}: no submission folders in it (each must hold exercises/)`);
  }
  if (named.length === 0 && classDir === undefined) {
    submissions.push({ name: path.basename(KATA_ROOT), root: KATA_ROOT, exercisesDir: path.join(KATA_ROOT, 'exercises'), self: true });
  }
  return { submissions: uniqueNames(submissions), skipped };
}

function uniqueNames(submissions: Submission[]): Submission[] {
  const seen = new Map<string, number>();
  return submissions.map((s) => {
    const count = (seen.get(s.name) ?? 0) + 1;
    seen.set(s.name, count);
    return count === 1 ? s : { ...s, name: `${s.name} (${count})` };
  });
}

/** An instructor's private specs: <dir>/NN-slug*.spec.ts, or any *.spec.ts in <dir>/NN-slug/. */
export function findPrivateSpecs(dir: string, exercises: string[]): Record<string, string[]> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--specs ${dir}: no such folder`);
  const found: Record<string, string[]> = {};
  const add = (exercise: string | undefined, file: string) => {
    if (exercise) (found[exercise] ??= []).push(file);
  };
  const exerciseFor = (name: string) => exercises.find((slug) => name.startsWith(`${slug.slice(0, 2)}-`));
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      for (const inner of readdirSync(full).sort()) if (inner.endsWith('.spec.ts')) add(exerciseFor(name), path.join(full, inner));
    } else if (name.endsWith('.spec.ts')) add(exerciseFor(name), full);
  }
  if (Object.keys(found).length === 0) throw new UsageError(`--specs ${dir}: no spec files named NN-slug*.spec.ts in it (or in NN-slug/ folders)`);
  return found;
}
