// The kata's own stubs, as it ships them, for the self-check (`npm test` with no target). In a
// learner's checkout exercises/ holds their work, and a solved exercise is no stub to judge. So
// specs/stubs.json records the git blob id of every file of each exercises/<slug>/ (README.md
// aside, as the grader's starting point leaves it: the lesson is read from the kata, not from the
// folder under test), and the self-check judges those files: in place when exercises/<slug> holds
// exactly them, else a copy read from git (`git cat-file`) into a temp folder. Without git or its
// objects (a zip download) it says so and judges exercises/ as it is.
// Written by `npx tsx tooling/record-stubs.ts`; tooling/pristine-stubs.test.ts checks it is current.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KATA_ROOT } from './curriculum.ts';

/** Where the record is, relative to the kata's root. */
export const STUBS_RECORD = path.join('specs', 'stubs.json');

/** Each exercise's stub files: path in the folder ("public/index.html") → git blob id. */
export type StubRecord = Record<string, Record<string, string>>;

interface RecordFile {
  $comment: string;
  exercises: StubRecord;
}

/** Where the self-check takes one exercise's stub from. */
export interface StubFolder {
  /** The folder the stub run starts. */
  dir: string;
  /**
   * "exercises": exercises/<slug> holds the kata's stub and is used in place; "git": a copy of the
   * recorded stub, read from git; "as-is": the recorded stub could not be had, so exercises/<slug>
   * is judged as it is (it may hold the learner's work).
   */
  from: 'exercises' | 'git' | 'as-is';
}

export interface PristineStubs {
  stubs: Map<string, StubFolder>;
  /** What the self-check says about them, one line each (none when exercises/ is untouched). */
  notes: string[];
}

/** git's id of a blob, as `git hash-object` gives it: computed here, so that comparing needs no git. */
export function blobId(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

/** Every file below `dir` as a sorted path relative to it ("public/sub/index.html"), the lesson aside. */
export function stubFiles(dir: string, prefix = ''): string[] {
  let entries;
  try {
    entries = readdirSync(path.join(dir, prefix), { withFileTypes: true });
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const entry of entries) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...stubFiles(dir, relative));
    else if (relative !== 'README.md') files.push(relative);
  }
  return files.sort();
}

/** A folder's files with their blob ids, as the record holds them. */
export function recordOf(dir: string): Record<string, string> {
  return Object.fromEntries(stubFiles(dir).map((file) => [file, blobId(readFileSync(path.join(dir, file)))]));
}

export function readStubRecord(root = KATA_ROOT): StubRecord | undefined {
  try {
    return (JSON.parse(readFileSync(path.join(root, STUBS_RECORD), 'utf8')) as RecordFile).exercises;
  } catch {
    return undefined;
  }
}

export function writeStubRecord(exercises: StubRecord, root = KATA_ROOT): void {
  const file: RecordFile = {
    $comment:
      'The stubs as the kata ships them: the git blob id of each file of exercises/<slug>/ (README.md aside). ' +
      "npm test (the self-check) judges these, not a learner's edited exercises/. Written by `npx tsx tooling/record-stubs.ts`; do not edit by hand.",
    exercises,
  };
  writeFileSync(path.join(root, STUBS_RECORD), `${JSON.stringify(file, null, 2)}\n`);
}

/** Whether the folder holds exactly the recorded files, byte for byte. */
export function holdsRecorded(dir: string, recorded: Record<string, string>): boolean {
  const files = stubFiles(dir);
  if (files.join('\n') !== Object.keys(recorded).sort().join('\n')) return false;
  return files.every((file) => blobId(readFileSync(path.join(dir, file))) === recorded[file]);
}

/** A blob's content from the git repository at `root`, or why git could not give it. */
function readBlob(root: string, id: string): Buffer | { why: string } {
  const result = spawnSync('git', ['-C', root, 'cat-file', 'blob', id], { maxBuffer: 256 * 1024 * 1024 });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') return { why: 'git is not installed' };
  if (result.error) return { why: `git failed: ${result.error.message}` };
  if (result.status === 0) return result.stdout;
  const stderr = String(result.stderr).trim();
  if (/not a git repository/i.test(stderr)) return { why: 'no git repository: a zip download?' };
  return { why: `git has no blob ${id.slice(0, 12)}: a clone made before specs/stubs.json last changed, or a shallow one?` };
}

export interface ResolveOptions {
  /** The kata's root: its exercises/ and its git repository. */
  root?: string;
  record?: StubRecord | undefined;
  /** Where copies go (the caller removes it); asked for only when one is needed. */
  tempDir: () => string;
}

/**
 * The stub folder to judge for each exercise: exercises/<slug> itself when it holds the recorded
 * stub, else a copy of the recorded stub from git under `tempDir()`, else exercises/<slug> as it
 * is, with a note that says why.
 */
export function resolvePristineStubs(slugs: string[], { root = KATA_ROOT, record = readStubRecord(root), tempDir }: ResolveOptions): PristineStubs {
  const stubs = new Map<string, StubFolder>();
  const notes: string[] = [];
  const exercises = (slug: string) => path.join(root, 'exercises', slug);
  for (const slug of slugs) {
    const recorded = record?.[slug];
    if (!recorded) {
      stubs.set(slug, { dir: exercises(slug), from: 'as-is' });
      notes.push(`${STUBS_RECORD} has no record of ${slug}: judging exercises/${slug} as it is (record it: npx tsx tooling/record-stubs.ts)`);
      continue;
    }
    if (holdsRecorded(exercises(slug), recorded)) {
      stubs.set(slug, { dir: exercises(slug), from: 'exercises' });
      continue;
    }
    const blobs = new Map<string, Buffer>();
    let why: string | undefined;
    for (const id of new Set(Object.values(recorded))) {
      const blob = readBlob(root, id);
      if (!Buffer.isBuffer(blob)) {
        why = blob.why;
        break;
      }
      blobs.set(id, blob);
    }
    if (why) {
      stubs.set(slug, { dir: exercises(slug), from: 'as-is' });
      notes.push(`exercises/${slug} differs from the kata's stub, which git cannot give here (${why}): judging it as it is`);
      continue;
    }
    const dir = path.join(tempDir(), slug);
    for (const [file, id] of Object.entries(recorded)) {
      const target = path.join(dir, ...file.split('/'));
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, blobs.get(id)!);
    }
    stubs.set(slug, { dir, from: 'git' });
    notes.push(`exercises/${slug} differs from the kata's stub (your work?): judging the kata's own, read from git`);
  }
  return { stubs, notes };
}
