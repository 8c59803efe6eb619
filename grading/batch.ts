// Grades a batch of submissions in one grading child (child.ts): copies each one's exercise
// folders into the batch folder, runs the child in a process group of its own with a time bound,
// then ends whatever the submissions left running, reads what the child and the guard wrote, and
// removes the batch folder. One child per batch, not per submission: vitest's start-up (~2 s) is
// then paid once per batch; grade.ts regrades alone any submission whose batch went wrong.
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { KATA_ROOT } from '../tooling/core/curriculum.ts';
import { batchPaths, exerciseCopy, ownerOf, type ChildJob, type ChildSettings, type JobSubmission } from './job.ts';
import { childSandbox, ownerOf as serverOf } from './isolation.ts';
import { killProcessesWithEnv, signal } from '../tooling/core/processes.ts';
import { copySubmission, ignoredFiles } from './work-dir.ts';
import { isUntouchedStub } from './starting-point-record.ts';
import type { ChildResult, ExerciseRun, Incident, Submission, SubmissionRun } from './types.ts';

/** A grading run, settled (grade.ts prepareRun): how each child runs, and what the run grades where. */
export interface RunSettings extends ChildSettings {
  /** The grading run's work folder (work-dir.ts createWorkDir). */
  workDir: string;
  /** Exercise slugs to grade, in curriculum order. */
  exercises: string[];
}

/** The environment variable that marks every process of one batch (see processes.ts). */
export const BATCH_MARK = 'KATA_GRADE_BATCH';
/** What a grading child may print before the rest is dropped (it prints little when all is well). */
const CHILD_OUTPUT_LIMIT = 64 * 1024;
const CHILD_ENTRY = path.join(import.meta.dirname, 'child.mjs');

let batches = 0;

/** The grading children running now, by batch folder: what stopAllBatches ends. */
const running = new Map<string, number>();

/**
 * Ends every grading child and whatever its batch started, at once (the command's Ctrl-C): the
 * children run in process groups of their own, which the terminal's signal does not reach.
 */
export function stopAllBatches(): void {
  for (const [batch, pid] of running) {
    signal(-pid, 'SIGKILL');
    killProcessesWithEnv(BATCH_MARK, batch);
    // Outside the work folder, which the command removes on its way out (job.ts batchPaths).
    rmSync(batchPaths(batch).browserTmp, { recursive: true, force: true });
  }
  running.clear();
}

/** The child's whole-run bound: every exercise using its full budget, in waves of maxWorkers. */
export function childBoundMs(exerciseRuns: number, settings: Pick<RunSettings, 'maxWorkers' | 'timeoutMs'>): number {
  const waves = Math.ceil(exerciseRuns / Math.max(1, settings.maxWorkers));
  return (waves + 1) * settings.timeoutMs + 30_000;
}

function readResult(file: string): ChildResult | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ChildResult;
  } catch {
    return undefined;
  }
}

/**
 * One incident file: the guard's record, or node's fatal-error report (--report-on-fatalerror: the
 * JavaScript heap ran out, --max-old-space-size). A report cut short, because the server was
 * killed while it wrote it (seen on a loaded 2-core CI), is still a report: its header, written
 * first, says what happened and where.
 */
export function readIncident(file: string): Incident | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  let data: (Incident & { header?: { event?: string; cwd?: string } }) | undefined;
  try {
    data = JSON.parse(text) as typeof data;
  } catch {
    data = undefined;
  }
  if (data && !data.header) return data;
  if (!data && !/^\s*\{\s*"header"/.test(text)) return undefined; // the guard's own, half written
  const event = data?.header?.event ?? /"event": "((?:[^"\\]|\\.)*)"/.exec(text)?.[1];
  const cwd = data?.header?.cwd ?? /"cwd": "((?:[^"\\]|\\.)*)"/.exec(text)?.[1];
  if (cwd === undefined) return undefined; // cut off before it said where the server ran
  return { kind: 'memory', detail: `ran out of memory (${event ?? 'a fatal error'})`, cwd: JSON.parse(`"${cwd}"`) as string };
}

/** The guard's records and node's fatal-error reports, by submission id and exercise. */
function readIncidents(batch: string): Record<string, Record<string, Incident[]>> {
  const dir = batchPaths(batch).incidents;
  const found: Record<string, Record<string, Incident[]>> = {};
  if (!existsSync(dir)) return found;
  // Recursive: a sandboxed server writes in a folder of its own (sandbox-wrap.mjs).
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    // A server's link would have the grader read (and quote) a file of its choosing.
    if (name.endsWith('.owner') || lstatSync(path.join(dir, name)).isSymbolicLink()) continue;
    const incident = readIncident(path.join(dir, name));
    if (!incident) continue;
    // A sandboxed server's: whose, by the wrapper's record, whatever the file says.
    const server = serverOf(dir, name);
    if (server) incident.cwd = server.cwd;
    const owner = ownerOf(batch, path.join(incident.cwd, 'x'));
    if (owner) ((found[owner.id] ??= {})[owner.exercise] ??= []).push(incident);
  }
  return found;
}

interface ChildExit {
  output: string;
  code: number | null;
  killed: boolean;
}

/**
 * This process's environment, less what would confuse a vitest run inside the child: the marks
 * of a vitest run this process may itself be part of (the grader's own tests), and a plan.
 */
function childEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '', FORCE_COLOR: '0' };
  for (const name of Object.keys(env)) {
    if (/^(VITEST|KATA_PLAN$|KATA_GRADE_|KATA_SERVER_|TEST$)/.test(name)) delete env[name];
  }
  return env;
}

/** Runs the child; resolves when it has exited or been killed at its bound. */
function startGradingChild(jobFile: string, batch: string, boundMs: number, sandbox: boolean, onDone: (id: string) => void): Promise<ChildExit> {
  return new Promise((resolve) => {
    const [file, ...args]: string[] = [...(sandbox ? childSandbox() : []), process.execPath, CHILD_ENTRY, jobFile];
    const child = spawn(file!, args, {
      cwd: KATA_ROOT,
      env: { ...childEnvironment(), [BATCH_MARK]: batch },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: one signal ends the child, vitest's workers and their watchdogs.
      detached: true,
    });
    let output = '';
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const done = /^done (\S+)$/.exec(line);
        if (done) onDone(done[1]!);
        else if (output.length < CHILD_OUTPUT_LIMIT) output += `${line}\n`;
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (output.length < CHILD_OUTPUT_LIMIT) output += chunk.toString('utf8');
    });
    if (child.pid) running.set(batch, child.pid);
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      if (child.pid) signal(-child.pid, 'SIGKILL');
    }, boundMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      running.delete(batch);
      if (child.pid) signal(-child.pid, 'SIGKILL'); // whatever is left of its group
      resolve({ output, code, killed });
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ output: error.message, code: null, killed: false });
    });
  });
}

function notRun(exercise: string, reason: string): ExerciseRun {
  return { exercise, specs: [], errors: [reason], timedOut: false, complete: false, durationMs: 0 };
}

export interface BatchOutcome {
  runs: SubmissionRun[];
  /** The child did not get to the end: results may be missing through no fault of a submission. */
  broken: boolean;
}

export async function gradeBatch(
  submissions: Submission[],
  settings: RunSettings,
  onDone: (index: number) => void = () => {},
  { runStubs = false }: { runStubs?: boolean } = {},
): Promise<BatchOutcome> {
  const batch = path.join(settings.workDir, `batch-${++batches}`);
  const paths = batchPaths(batch);
  const runs: SubmissionRun[] = submissions.map((submission) => ({ submission, runs: {}, missing: [], incidents: {}, ignored: [], errors: [], durationMs: 0 }));
  let broken = false;
  try {
    await mkdir(batch, { recursive: true });
    const jobSubmissions: JobSubmission[] = [];
    for (const [index, submission] of submissions.entries()) {
      const id = `s${index + 1}`;
      const run = runs[index]!;
      // An untouched stub scores 0 by the rubric (it is the starting point): no need to run it.
      const untouched = runStubs ? [] : settings.exercises.filter((ex) => isUntouchedStub(ex, path.join(submission.exercisesDir, ex), submission.self));
      for (const exercise of untouched) run.runs[exercise] = { exercise, specs: [], errors: [], timedOut: false, complete: true, untouchedStub: true, durationMs: 0 };
      const toCopy = settings.exercises.filter((ex) => !untouched.includes(ex));
      const copy = await copySubmission(submission, toCopy, (exercise) => exerciseCopy(batch, id, exercise), { serverCommand: settings.serverCommand !== undefined });
      run.missing = copy.missing;
      run.ignored = [...ignoredFiles(submission), ...copy.skipped];
      for (const [exercise, reason] of Object.entries(copy.refused)) run.runs[exercise] = notRun(exercise, reason);
      if (copy.copied.length > 0) jobSubmissions.push({ id, name: submission.name, exercises: copy.copied });
      else onDone(index);
    }
    if (jobSubmissions.length > 0) {
      const job: ChildJob = { ...childSettings(settings), batch, submissions: jobSubmissions };
      await writeFile(paths.job, JSON.stringify(job, null, 2));
      const boundMs = childBoundMs(
        jobSubmissions.reduce((sum, s) => sum + s.exercises.length, 0),
        settings,
      );
      const byId = new Map(jobSubmissions.map((s) => [s.id, Number(s.id.slice(1)) - 1]));
      const child = await startGradingChild(paths.job, batch, boundMs, settings.sandbox, (id) => {
        const index = byId.get(id);
        if (index !== undefined) onDone(index);
      });
      // A server that escaped its group (setsid) still carries the mark in its environment.
      killProcessesWithEnv(BATCH_MARK, batch);
      const result = readResult(paths.result);
      const incidents = readIncidents(batch);
      broken = child.killed || !result?.finished;
      const why = child.killed
        ? `grading stopped after ${Math.round(boundMs / 1000)} s (the bound for the whole batch)`
        : `the grading child ended early (exit code ${child.code}):\n${child.output.trim()}`;
      for (const { id, exercises } of jobSubmissions) {
        const run = runs[byId.get(id)!]!;
        for (const exercise of exercises) run.runs[exercise] = result?.submissions[id]?.[exercise] ?? notRun(exercise, 'the grader could not run its specs');
        run.incidents = incidents[id] ?? {};
        if (broken) run.errors.push(why);
        if (result?.unhandled.length) run.errors.push(...result.unhandled.map((m) => `an error outside any spec: ${m.split('\n')[0]}`));
        rewritePaths(run, path.join(batch, id, 'exercises'), run.submission.exercisesDir);
      }
    }
  } catch (error) {
    broken = true;
    for (const run of runs) run.errors.push(`grading failed: ${(error as Error).stack ?? String(error)}`);
  } finally {
    await rm(batch, { recursive: true, force: true }).catch(() => {});
    await rm(paths.browserTmp, { recursive: true, force: true }).catch(() => {});
  }
  // A submission's time: what its specs took (its batch ran others alongside).
  for (const run of runs) run.durationMs = Object.values(run.runs).reduce((sum, ex) => sum + ex.durationMs, 0);
  return { runs, broken };
}

/** What of a run a child needs: all but where the run works and what it grades (the batch says). */
function childSettings({ workDir: _workDir, exercises: _exercises, ...child }: RunSettings): ChildSettings {
  return child;
}

/** Messages name the batch's copy; a reader wants the submission's own folder. */
function rewritePaths(run: SubmissionRun, copyDir: string, originalDir: string): void {
  const shown = path.relative(KATA_ROOT, originalDir);
  const replacements: [string, string][] = [
    [copyDir, originalDir],
    [path.relative(KATA_ROOT, copyDir), shown.startsWith('..') ? originalDir : shown || '.'],
  ];
  const fix = (text: string) => replacements.reduce((acc, [from, to]) => acc.split(from).join(to), text);
  for (const exercise of Object.values(run.runs)) {
    exercise.errors = exercise.errors.map(fix);
    for (const spec of exercise.specs) if (spec.message) spec.message = fix(spec.message);
  }
  for (const list of Object.values(run.incidents)) for (const incident of list) incident.detail = fix(incident.detail);
}
