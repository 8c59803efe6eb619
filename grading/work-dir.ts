// Where grading happens: a work folder per grading run under .netkata/grade/ (inside the kata, so
// that servers resolve the kata's node_modules, and git-ignored), holding the guard preload and,
// per batch (batch.ts), a copy of each submission's exercise folders only. The submission's own
// folder is never written to: whatever a server writes or deletes, it does so in the copy.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { KATA_ROOT } from '../tooling/core/curriculum.ts';
import type { Submission } from './types.ts';

export const WORK_ROOT = path.join(KATA_ROOT, '.netkata', 'grade');

/** Files larger than this in an exercise folder are left out (and reported). */
const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** An exercise folder holding more than this is not graded. */
const MAX_EXERCISE_BYTES = 50 * 1024 * 1024;
/** Never copied: installed packages and version control. */
const SKIPPED_NAMES = new Set(['node_modules', '.git']);

/** The work folders of the grading runs in progress, for an interrupted command to remove. */
const workDirs = new Set<string>();

export function removeWorkDirsNow(): void {
  for (const dir of workDirs) rmSync(dir, { recursive: true, force: true });
  workDirs.clear();
}

export async function removeWorkDir(dir: string): Promise<void> {
  workDirs.delete(dir);
  await rm(dir, { recursive: true, force: true });
}

/** A fresh work folder for one grading run, with the guard built into it. */
export async function createWorkDir(root: string = WORK_ROOT): Promise<{ dir: string; guard: string }> {
  await mkdir(root, { recursive: true });
  const dir = await mkdtemp(path.join(root, 'run-'));
  workDirs.add(dir);
  const guard = path.join(dir, 'guard.mjs');
  // Imported here, not with the file: the commands' bundle (tooling/core/load-tooling.mjs) would
  // load esbuild for every command, ~20 ms, and most commands bundle nothing.
  const { build } = await import('esbuild');
  await build({
    entryPoints: [path.join(import.meta.dirname, 'guard.ts')],
    outfile: guard,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
  });
  return { dir, guard };
}

export interface CopyResult {
  /** Exercises copied into the sandbox. */
  copied: string[];
  /** Exercises the submission has no folder for. */
  missing: string[];
  /** Exercises not graded because of what their folder holds, with the reason. */
  refused: Record<string, string>;
  /** What was left out of the copy, with the reason. */
  skipped: string[];
}

/** Copies `from` into `to`, files and folders only, within the size limits. */
async function copyExercise(from: string, to: string, label: string, skipped: string[]): Promise<number> {
  await mkdir(to, { recursive: true });
  let bytes = 0;
  for (const name of readdirSync(from).sort()) {
    const source = path.join(from, name);
    const shown = `${label}/${name}`;
    const info = lstatSync(source);
    if (SKIPPED_NAMES.has(name)) skipped.push(`${shown} (not used: the grader's own packages are)`);
    else if (info.isSymbolicLink()) skipped.push(`${shown} (a symbolic link: not followed)`);
    else if (info.isDirectory()) bytes += await copyExercise(source, path.join(to, name), shown, skipped);
    else if (!info.isFile()) skipped.push(`${shown} (not a regular file)`);
    else if (info.size > MAX_FILE_BYTES) skipped.push(`${shown} (${(info.size / 1024 / 1024).toFixed(1)} MB: larger than 5 MB)`);
    else {
      await copyFile(source, path.join(to, name));
      bytes += info.size;
    }
    if (bytes > MAX_EXERCISE_BYTES) throw new Error(`its folder holds more than ${MAX_EXERCISE_BYTES / 1024 / 1024} MB`);
  }
  return bytes;
}

/**
 * Copies each exercise folder of the submission to `copyOf(exercise)`. An exercise is handed in
 * when its folder holds server.ts; with a --server command (any language), when the folder exists.
 */
export async function copySubmission(
  submission: Submission,
  exercises: string[],
  copyOf: (exercise: string) => string,
  { serverCommand = false }: { serverCommand?: boolean } = {},
): Promise<CopyResult> {
  const result: CopyResult = { copied: [], missing: [], refused: {}, skipped: [] };
  for (const exercise of exercises) {
    const from = path.join(submission.exercisesDir, exercise);
    const handedIn = existsSync(from) && lstatSync(from).isDirectory() && (serverCommand || existsSync(path.join(from, 'server.ts')));
    if (!handedIn) {
      result.missing.push(exercise);
      continue;
    }
    try {
      await copyExercise(from, copyOf(exercise), `exercises/${exercise}`, result.skipped);
      result.copied.push(exercise);
    } catch (error) {
      result.refused[exercise] = (error as Error).message;
      await rm(copyOf(exercise), { recursive: true, force: true });
    }
  }
  return result;
}

/** The grader's own files: a submission's version of any of them is ignored. */
const GRADER_OWNED = ['specs', 'tooling', 'grading', 'package.json', 'package-lock.json', 'vitest.config.ts', 'tsconfig.json', 'eslint.config.js', 'eslint.layers.js', 'eslint.layers.d.ts', 'curriculum.json'];
const MAX_LISTED = 2000;

function digest(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function filesUnder(root: string, relative: string, out: string[]): void {
  if (out.length >= MAX_LISTED) return;
  const full = path.join(root, relative);
  let info;
  try {
    info = lstatSync(full);
  } catch {
    return;
  }
  if (info.isSymbolicLink()) out.push(relative);
  else if (info.isFile()) out.push(relative);
  else if (info.isDirectory()) {
    for (const name of readdirSync(full).sort()) {
      if (!SKIPPED_NAMES.has(name)) filesUnder(root, path.join(relative, name), out);
    }
  }
}

/**
 * The submission's files that the grader has its own of (specs, harness, rubric, package.json,
 * configs) and that differ from the grader's: they are not used, and the report says so.
 */
export function ignoredFiles(submission: Submission): string[] {
  if (submission.self || submission.exercisesDir === submission.root) return [];
  const theirs: string[] = [];
  for (const owned of GRADER_OWNED) filesUnder(submission.root, owned, theirs);
  return theirs
    .filter((relative) => {
      const ours = path.join(KATA_ROOT, relative);
      const mine = path.join(submission.root, relative);
      if (!existsSync(ours) || lstatSync(mine).isSymbolicLink() || !lstatSync(ours).isFile()) return true;
      return digest(ours) !== digest(mine);
    })
    .map((relative) => relative.split(path.sep).join('/'));
}
