// Grades a list of submissions: one work folder; the submissions in batches, `jobs` batches at a
// time, each batch in its own grading child (batch.ts); the starting point (starting-point.ts)
// alongside; then scores them all by the rubric. The command (command.ts), the bench and the
// tests call this.
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { serverFlag, showCommand } from '../tooling/core/args.ts';
import { gradeBatch, type RunSettings } from './batch.ts';
import { sandboxSupport } from './isolation.ts';
import { DEFAULT_RUBRIC, loadRubric } from './rubric.ts';
import { createWorkDir, removeWorkDir } from './work-dir.ts';
import { scoreSubmission } from './score.ts';
import { findStartingPoint } from './starting-point.ts';
import type { GradedSubmission, GradeReport, Submission, SubmissionRun } from './types.ts';

export interface GradeSettings {
  exercises: string[];
  rubric?: string;
  privateSpecs?: Record<string, string[]>;
  seed: number;
  timeoutSeconds: number;
  /** Grading children at once. */
  jobs: number;
  /** Submissions per grading child (default: an even share of the class per job, at most MAX_BATCH). */
  batchSize?: number;
  /** Spec files run at once inside one grading child (default: 2). */
  maxWorkers?: number;
  /** Address-space cap per server process, in MB (default: 2048). */
  memoryMb?: number;
  /** JavaScript heap cap per server process, in MB (default: 256). */
  heapMb?: number;
  /** What a server may print, in bytes (default: 1 MiB). */
  outputLimit?: number;
  /** Where to make the run's work folder (default .netkata/grade/); it must be inside the kata. */
  workRoot?: string;
  /** Run this command in each exercise folder instead of its server.ts (--server). */
  serverCommand?: string[];
  /**
   * Run every server in the bubblewrap sandbox (isolation.ts). Default: when it can be made here.
   * The command refuses to grade without it unless told to (--no-sandbox).
   */
  sandbox?: boolean;
  /** Called when a submission's grading is over. */
  onProgress?: (event: { done: number; total: number }) => void;
}

/** What grading with --server changes, for the reports (grading/README.md gives the reasons). */
const SERVER_COMMAND_NOTE =
  'coverage is not measured, so the specs carry all the points; the guard (a node preload) does not apply, the sandbox does';

/** What grading without the sandbox means, for the reports. */
const NO_SANDBOX_NOTE =
  'graded without the sandbox (--no-sandbox): each server ran with the rights of whoever ran the grader, with its network, files and processes in reach; fine for your own code on a throwaway machine, not for a class';

/** The name of a private spec's copy: reports call it private/<this>. */
export function privateCopyName(exercise: string, file: string): string {
  const name = path.basename(file);
  return name.startsWith(exercise.slice(0, 3)) ? name : `${exercise}.${name}`;
}

/** Private specs are copied into the work folder, inside the kata, where vitest runs spec files. */
async function copyPrivateSpecs(specs: Record<string, string[]>, workDir: string): Promise<Record<string, string[]>> {
  const copies: Record<string, string[]> = {};
  const dir = path.join(workDir, 'private-specs');
  for (const [exercise, files] of Object.entries(specs)) {
    await mkdir(dir, { recursive: true });
    copies[exercise] = [];
    for (const file of files) {
      const copy = path.join(dir, privateCopyName(exercise, file));
      await copyFile(file, copy);
      copies[exercise].push(copy);
    }
  }
  return copies;
}

/** A work folder and the settings a grading child needs; `dispose` removes the folder. */
export async function prepareRun(settings: GradeSettings): Promise<{ run: RunSettings; dispose: () => Promise<void> }> {
  const work = await createWorkDir(settings.workRoot);
  const dispose = () => removeWorkDir(work.dir);
  try {
    const run: RunSettings = {
      workDir: work.dir,
      guard: work.guard,
      exercises: settings.exercises,
      privateSpecs: await copyPrivateSpecs(settings.privateSpecs ?? {}, work.dir),
      seed: settings.seed,
      timeoutMs: settings.timeoutSeconds * 1000,
      maxWorkers: settings.maxWorkers ?? 2,
      memoryMb: settings.memoryMb ?? 2048,
      heapMb: settings.heapMb ?? 256,
      outputLimit: settings.outputLimit ?? 1024 * 1024,
      serverCommand: settings.serverCommand,
      sandbox: settings.sandbox ?? (await sandboxSupport()).ok,
    };
    return { run, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** The most submissions a grading child gets, unless told (GradeSettings.batchSize). */
const MAX_BATCH = 16;

export async function grade(submissions: Submission[], settings: GradeSettings): Promise<GradeReport> {
  const started = Date.now();
  const rubricFile = settings.rubric ?? DEFAULT_RUBRIC;
  const rubric = loadRubric(rubricFile);
  const { run, dispose } = await prepareRun(settings);
  try {
    const jobs = Math.max(1, settings.jobs);
    // A batch's spec workers start, and load the harness's libraries, a few times per exercise
    // whatever the batch's size (tooling/core/shared-runs.ts): fewer, larger batches cost less.
    // A class of 30 on 2 cores: batches of 8 took 108 s, of 15 86 s. At most 16, so that a batch
    // whose child breaks (then each of its submissions is graded again alone) stays small.
    const size = settings.batchSize ?? Math.min(MAX_BATCH, Math.max(1, Math.ceil(submissions.length / jobs)));
    const queue: number[][] = [];
    for (let i = 0; i < submissions.length; i += size) queue.push(submissions.slice(i, i + size).map((_, j) => i + j));

    const results: SubmissionRun[] = new Array<SubmissionRun>(submissions.length);
    const done = new Set<number>();
    const finish = (index: number) => {
      if (done.has(index)) return;
      done.add(index);
      settings.onProgress?.({ done: done.size, total: submissions.length });
    };
    const runBatch = async (indices: number[]) => {
      const outcome = await gradeBatch(
        indices.map((i) => submissions[i]!),
        run,
        (j) => finish(indices[j]!),
      );
      if (outcome.broken && indices.length > 1) {
        // Something in the batch broke its child: grade each submission again, alone, so that
        // only the one at fault bears it.
        for (const index of indices) queue.push([index]);
        for (const index of indices) done.delete(index);
        return;
      }
      outcome.runs.forEach((result, j) => {
        results[indices[j]!] = result;
        finish(indices[j]!);
      });
    };
    const worker = async () => {
      for (let batch = queue.shift(); batch; batch = queue.shift()) await runBatch(batch);
    };
    const gradingExercisesDir = submissions.some((s) => s.self);
    const [{ start, notes }] = await Promise.all([findStartingPoint(run, { gradingExercisesDir }), ...Array.from({ length: Math.min(jobs, queue.length) }, worker)]);

    const graded: GradedSubmission[] = results.map((result) => scoreSubmission(result, start, rubric, settings.exercises, { serverCommand: settings.serverCommand !== undefined }));
    const server = settings.serverCommand && showCommand(settings.serverCommand);
    if (settings.serverCommand) notes.unshift(`every server ran as ${serverFlag(settings.serverCommand)}: ${SERVER_COMMAND_NOTE}`);
    if (!run.sandbox) notes.unshift(NO_SANDBOX_NOTE);
    return {
      tool: 'netkata grade',
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      seed: settings.seed,
      rubric: rubricFile,
      timeoutSeconds: settings.timeoutSeconds,
      server,
      sandbox: run.sandbox,
      notes,
      submissions: graded,
    };
  } finally {
    await dispose();
  }
}
