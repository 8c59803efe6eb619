// The record of each exercise's starting point (grading/starting-point.json: what its untouched
// stub passes) and how to tell an untouched stub. Apart from starting-point.ts, which measures it
// by grading the stubs, so that batch.ts can ask "is this the stub?" without importing the
// measuring (the two imported each other).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { KATA_ROOT, specFile } from '../tooling/core/curriculum.ts';

export interface SpecKey {
  name: string;
  file: string;
}

export interface ExerciseStart {
  /** Every spec of the exercise that ran against the stub. */
  specs: SpecKey[];
  /** Those the stub passes. */
  passed: SpecKey[];
}

export type StartingPoint = Record<string, ExerciseStart>;

export interface RecordedStart extends ExerciseStart {
  /** sha256 of the spec file it was measured with: the record holds while the specs are the same. */
  specsSha256: string;
  /** sha256 of the stub's files when it was measured (the tooling test checks it is current). */
  stubSha256: string;
}

export interface RecordFile {
  $comment: string;
  exercises: Record<string, RecordedStart>;
}

export const RECORD_FILE = path.join(KATA_ROOT, 'grading', 'starting-point.json');
export const STUBS = path.join(KATA_ROOT, 'exercises');

export const specKey = (spec: SpecKey) => `${spec.file} › ${spec.name}`;

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

function filesOf(dir: string, relative = ''): string[] {
  const full = path.join(dir, relative);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [relative];
  return readdirSync(full)
    .sort()
    .flatMap((name) => filesOf(dir, path.join(relative, name)));
}

export function specsHash(exercise: string): string {
  const file = specFile({ slug: exercise });
  return existsSync(file) ? sha256(readFileSync(file)) : '';
}

/** An exercise folder's files, README aside (a lesson can change without changing what a stub passes). */
export function folderHash(dir: string): string {
  const hash = createHash('sha256');
  for (const file of filesOf(dir).filter((f) => f !== 'README.md')) hash.update(file).update(readFileSync(path.join(dir, file)));
  return hash.digest('hex');
}

export const stubHash = (exercise: string) => folderHash(path.join(STUBS, exercise));

/**
 * Whether a submission's exercise folder is the untouched stub: the one the record was measured
 * with, or the kata's own in exercises/ (not when grading this checkout itself: there, exercises/
 * holds the learner's work).
 */
export function isUntouchedStub(exercise: string, dir: string, self: boolean): boolean {
  const hash = folderHash(dir);
  return hash === readRecord()[exercise]?.stubSha256 || (!self && hash === stubHash(exercise));
}

export function readRecord(): Record<string, RecordedStart> {
  try {
    return (JSON.parse(readFileSync(RECORD_FILE, 'utf8')) as RecordFile).exercises;
  } catch {
    return {};
  }
}

