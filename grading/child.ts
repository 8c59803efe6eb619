// The grading child: `node grading/child.mjs <job.json>`, started by batch.ts in a
// process group of its own. It runs a batch of submissions' exercises in vitest (vitest.config.ts
// here), stops the servers of an exercise whose time budget runs out, measures coverage, and
// writes result.json after every spec file and once more at the end. It prints "done <id>" when a
// submission's last spec file ends, for the progress line.
import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';
import { specsUseBrowser, startSharedChromium, type SharedChromium } from '../specs/harness/chromium.ts';
import { KATA_ROOT, specFile } from '../tooling/core/curriculum.ts';
import type { Runtime } from '../tooling/core/runtime.ts';
import { measureCoverage } from './coverage.ts';
import { batchPaths, exerciseCopy, projectName, readJob, type ChildJob } from './job.ts';
import { serverSandbox } from './isolation.ts';
import { encodeServerSettings, type ServerSettings } from '../tooling/core/server-settings.mjs';
import { serverGroupsIn, signal } from '../tooling/core/processes.ts';
import { STOP_GRACE_MS } from '../specs/harness/server-group.ts';
import { moduleResults } from '../tooling/core/results.ts';
import { runOfModule } from '../tooling/core/shared-runs.ts';
import type { ChildResult, ExerciseRun, SpecOutcome } from './types.ts';

const WATCH_EVERY_MS = 250;

function specLabel(file: string): string {
  const relative = path.relative(KATA_ROOT, file);
  return relative.startsWith(path.join('specs', '')) ? relative.split(path.sep).join('/') : `private/${path.basename(file)}`;
}

function outcomesOf(module: TestModule, specFile: string): { specs: SpecOutcome[]; errors: string[] } {
  const file = specLabel(specFile);
  const { specs, errors } = moduleResults(module);
  return { specs: specs.map((spec) => ({ ...spec, file })), errors };
}

interface Tracked {
  id: string;
  run: ExerciseRun;
  dir: string;
  filesLeft: number;
  startedAt?: number;
}

/** Collects results as spec files end, and enforces each exercise's time budget. */
class GradingReporter implements Reporter {
  readonly result: ChildResult = { submissions: {}, unhandled: [], finished: false };
  private readonly projects = new Map<string, Tracked>();
  private readonly timer: NodeJS.Timeout;
  private readonly job: ChildJob;
  private readonly save: (result: ChildResult) => void;

  constructor(job: ChildJob, save: (result: ChildResult) => void) {
    this.job = job;
    this.save = save;
    for (const { id, exercises } of job.submissions) {
      const runs: Record<string, ExerciseRun> = (this.result.submissions[id] = {});
      for (const exercise of exercises) {
        const run: ExerciseRun = (runs[exercise] = { exercise, specs: [], errors: [], timedOut: false, complete: false, durationMs: 0 });
        const filesLeft = 1 + (job.privateSpecs[exercise]?.length ?? 0);
        this.projects.set(projectName(id, exercise), { id, run, dir: exerciseCopy(job.batch, id, exercise), filesLeft });
      }
    }
    this.timer = setInterval(() => this.enforceBudgets(), WATCH_EVERY_MS);
  }

  onTestModuleStart(module: TestModule): void {
    const tracked = this.projects.get(runOfModule(module).run);
    if (tracked) tracked.startedAt ??= Date.now();
  }

  onTestModuleEnd(module: TestModule): void {
    const { run, specFile } = runOfModule(module);
    const tracked = this.projects.get(run);
    if (!tracked) return;
    const { specs, errors } = outcomesOf(module, specFile);
    // A spec file vitest loaded itself knows its specs' lines; a run file's take them from there.
    if (specFile === module.moduleId) for (const spec of specs) if (spec.line !== undefined) this.lines.set(`${spec.file}\0${spec.name}`, spec.line);
    tracked.run.specs.push(...specs);
    tracked.run.errors.push(...errors);
    tracked.run.durationMs = Date.now() - (tracked.startedAt ?? Date.now());
    tracked.filesLeft--;
    tracked.run.complete = tracked.filesLeft <= 0;
    this.save(this.result);
    const submissionDone = [...this.projects.values()].every((p) => p.id !== tracked.id || p.filesLeft <= 0);
    if (tracked.run.complete && submissionDone) process.stdout.write(`done ${tracked.id}\n`);
  }

  onTestRunEnd(_modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<{ message: string }>): void {
    clearInterval(this.timer);
    this.result.unhandled.push(...errors.map((e) => e.message));
    for (const runs of Object.values(this.result.submissions)) {
      for (const run of Object.values(runs)) for (const spec of run.specs) spec.line ??= this.lines.get(`${spec.file}\0${spec.name}`);
    }
  }

  /** Where each spec is written, by its file and name, from the spec files vitest loaded itself (shared-runs.ts). */
  private readonly lines = new Map<string, number>();

  /**
   * An exercise past its budget has its servers stopped, now and whenever the specs start another:
   * its remaining specs then fail at once (nothing listens), and the other exercises go on.
   */
  private enforceBudgets(): void {
    const now = Date.now();
    for (const tracked of this.projects.values()) {
      if (tracked.startedAt === undefined || tracked.filesLeft <= 0 || now - tracked.startedAt <= this.job.timeoutMs) continue;
      tracked.run.timedOut = true;
      // Each server's whole group, as the harness stops it: SIGTERM, then SIGKILL after the grace.
      for (const group of serverGroupsIn(tracked.dir)) {
        const told = this.stopping.get(group.pid);
        if (told === undefined) {
          this.stopping.set(group.pid, now);
          signal(-group.pid, 'SIGTERM');
        } else if (now - told >= STOP_GRACE_MS) signal(-group.pid, 'SIGKILL');
      }
    }
  }

  /** When each server group past its budget was first told to stop, by its number. */
  private readonly stopping = new Map<number, number>();
}

/** One Chromium for the whole batch, when its specs use one (specs/harness/chromium.ts). */
function startSharedBrowser(job: ChildJob, tmp: string): Promise<SharedChromium | undefined> {
  const exercises = new Set(job.submissions.flatMap((s) => s.exercises));
  const files = [...exercises].flatMap((exercise) => [specFile({ slug: exercise }), ...(job.privateSpecs[exercise] ?? [])]);
  // Not the batch's temp folder: see batchPaths' browserTmp.
  return specsUseBrowser(files) ? startSharedChromium(tmp) : Promise.resolve(undefined);
}

export async function runGradingChild(jobFile: string, { startVitest }: Runtime): Promise<number> {
  const job = readJob(jobFile);
  const paths = batchPaths(job.batch);
  for (const dir of [paths.tmp, paths.coverage, paths.incidents]) mkdirSync(dir, { recursive: true });
  const save = (result: ChildResult) => {
    writeFileSync(`${paths.result}.part`, JSON.stringify(result));
    renameSync(`${paths.result}.part`, paths.result);
  };

  // Read by vitest.config.ts here and in vitest's workers.
  Object.assign(process.env, {
    KATA_GRADE_JOB: jobFile,
    // Every temp folder of this run (server bundles, the specs' own) inside the batch folder.
    TMPDIR: paths.tmp,
  });
  // What the harness is told about the servers it starts (tooling/core/server-settings.mjs).
  const settings: ServerSettings = {
    nodeArgs: ['--import', job.guard, `--max-old-space-size=${job.heapMb}`, '--report-on-fatalerror', `--report-directory=${paths.incidents}`],
    env: {
      // For the guard inside each server (guard.ts).
      KATA_GRADE_INCIDENTS: paths.incidents,
      KATA_GRADE_OUTPUT_LIMIT: String(job.outputLimit),
      // A --server command is not our bundle: its coverage, if any, could not be mapped to source.
      ...(!job.serverCommand && { NODE_V8_COVERAGE: paths.coverage }),
    },
    memoryMb: job.memoryMb,
    outputLimit: job.outputLimit,
  };
  if (job.sandbox) {
    settings.sandbox = serverSandbox({ readOnly: [job.guard], coverage: paths.coverage, incidents: paths.incidents, serverCommand: job.serverCommand, timeoutMs: job.timeoutMs });
    // Servers run as uids of their own: each makes its own folder in these (sandbox-wrap.mjs).
    for (const dir of [paths.coverage, paths.incidents]) chmodSync(dir, 0o1777);
  }

  const shared = await startSharedBrowser(job, paths.browserTmp);
  if (shared) settings.browserWsEndpoint = shared.wsEndpoint;
  Object.assign(process.env, encodeServerSettings(settings));
  const reporter = new GradingReporter(job, save);
  try {
    const vitest = await startVitest('test', [], {
      watch: false,
      root: KATA_ROOT,
      config: path.join(import.meta.dirname, 'vitest.config.ts'),
      reporters: [reporter],
    });
    await vitest.close();
  } finally {
    await shared?.close();
  }

  const coverage = job.serverCommand ? {} : await measureCoverage(paths.coverage, job.batch, paths.tmp);
  for (const [id, runs] of Object.entries(reporter.result.submissions)) {
    for (const [exercise, run] of Object.entries(runs)) run.coverage = coverage[id]?.[exercise];
  }
  reporter.result.finished = true;
  save(reporter.result);
  return 0;
}
