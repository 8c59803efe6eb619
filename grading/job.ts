// What the grader hands a grading child (job.json), and the layout of its batch folder: one copy
// per submission, and what the batch's servers leave behind (temp files, coverage, incidents).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface JobSubmission {
  /** Short and unique in the batch ("s3"): the copy's folder name, and part of each vitest project's name. */
  id: string;
  name: string;
  /** The exercises to run: the slugs of the folders copied into <batch>/<id>/exercises/. */
  exercises: string[];
}

/** How a grading child runs its batch: the same for every batch of one grading run. */
export interface ChildSettings {
  /** An instructor's own specs (--specs), by exercise: absolute paths inside the kata's folder. */
  privateSpecs: Record<string, string[]>;
  seed: number;
  /** Per exercise. */
  timeoutMs: number;
  /** Spec files run at once inside the child. */
  maxWorkers: number;
  /** The guard preload (guard.mjs) for every server. */
  guard: string;
  /** Address-space cap per server process. */
  memoryMb: number;
  /** JavaScript heap cap per server process (--max-old-space-size). */
  heapMb: number;
  /** What a server may print before it is stopped. */
  outputLimit: number;
  /** Run this command in each exercise folder instead of its server.ts (--server). */
  serverCommand?: string[];
  /** Run the child and every server in the bubblewrap sandbox (isolation.ts). */
  sandbox: boolean;
}

/** What the grader hands a grading child: its batch, and how to run it. */
export interface ChildJob extends ChildSettings {
  batch: string;
  submissions: JobSubmission[];
}

export function batchPaths(batch: string) {
  return {
    /** TMPDIR for the child: server bundles and the specs' temp folders. */
    tmp: path.join(batch, 'tmp'),
    /** NODE_V8_COVERAGE of every server. */
    coverage: path.join(batch, 'coverage'),
    /** What the guard recorded, and node's reports of fatal errors (the heap ran out). */
    incidents: path.join(batch, 'incidents'),
    /** The run files through which an exercise's runs share spec workers (tooling/core/shared-runs.ts). */
    runFiles: path.join(batch, 'spec-runs'),
    job: path.join(batch, 'job.json'),
    result: path.join(batch, 'result.json'),
    /**
     * The temp folder of the batch's Chromium: short, in the grader's own temp folder, since
     * Chromium makes a Unix socket there, whose path may hold 107 bytes at most (the batch's own
     * is too deep in most checkouts: Chromium aborts, "Socket path too long"). Named after the
     * batch, so that batch.ts removes it also when the child was killed.
     */
    browserTmp: path.join(tmpdir(), `netkata-chromium-${createHash('sha256').update(batch).digest('hex').slice(0, 12)}`),
  };
}

/** The copy of a submission's exercise: the folder its server runs in. */
export function exerciseCopy(batch: string, id: string, exercise: string): string {
  return path.join(batch, id, 'exercises', exercise);
}

/** The vitest project of one submission's exercise: "s3/01-raw-socket". */
export const projectName = (id: string, exercise: string) => `${id}/${exercise}`;

/** Which submission and exercise a path inside the batch belongs to (a server's folder, a source file). */
export function ownerOf(batch: string, file: string): { id: string; exercise: string; rest: string } | undefined {
  const parts = path.relative(batch, file).split(path.sep);
  if (parts.length < 3 || parts[0] === '..' || parts[1] !== 'exercises' || !parts[0] || !parts[2]) return undefined;
  return { id: parts[0], exercise: parts[2], rest: parts.slice(3).join('/') };
}

export function readJob(file: string | undefined): ChildJob {
  if (!file) throw new Error('no grading job: KATA_GRADE_JOB is not set (this config is for `npm run grade`)');
  return JSON.parse(readFileSync(file, 'utf8')) as ChildJob;
}
