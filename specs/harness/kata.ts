// What a spec file runs against: its run (which exercise, which server folder, which seed), as
// vitest.config.ts provides it to a project of one run, or as a run file gives it
// (tooling/core/shared-runs.ts); and `useServer`, which starts that server for the file's specs.
import { afterAll, afterEach, beforeAll, beforeEach, inject, type TestContext } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serverFlag } from '../../tooling/core/args.ts';
import type { SpecRun } from '../../tooling/core/spec-run.ts';
import { givenRun } from '../../tooling/core/shared-runs.ts';
import { displayPath } from '../../tooling/core/curriculum.ts';
import { buildMutant, loadMutants } from '../mutants/index.ts';
import { buildVariant, loadVariants } from '../variants/index.ts';
import { someoneListensOn } from './port-owner.ts';
import { RandomData, hash } from './random.ts';
import { formatTeaching, KataFailure, showBytes, teachAbout } from './teach.ts';
import { sleep, startServer, useServerCommand, type RunningServer, type StartOptions } from './server-process.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    run: SpecRun;
    seed: number;
    /** This run is the only one in its vitest (npm test 05): nothing else competes for the CPU. */
    alone: boolean;
  }
}

// A run file (tooling/core/shared-runs.ts) gives its run as it loads the spec file; a project of
// one run provides it.
const given = givenRun();
const run = given?.run ?? inject('run');
const seed = given?.seed ?? inject('seed');

export const kata = {
  exercise: run.exercise,
  role: run.role,
  seed,
  /** The folder under test as the learner would type it: "exercises/01-raw-socket". */
  relativeDir: displayPath(run.dir),
  /** Random data for this spec file, the same for the same KATA_SEED. */
  random: new RandomData(seed ^ hash(run.exercise)),
  /** The server is a command of the learner's (--server), not our server.ts. */
  serverCommand: run.serverCommand,
  /** The only run in its vitest: its specs may run side by side. */
  runsAlone: given ? false : (inject('alone') ?? false),
};
teachAbout(kata);
useServerCommand(run.serverCommand);

// A mutant's run in the self-check stops at its first failure (SpecRun.untilFirstFailure): the
// specs after it are skipped, in run order, so that the same seed stops at the same spec. These
// hooks are registered as the spec file imports the harness, so they run before the file's own.
let failedBefore: string | undefined;
if (run.untilFirstFailure) {
  beforeEach((context: TestContext) => {
    if (failedBefore) context.skip(`a mutant's run stops at its first failure ("${failedBefore}")`);
  });
  afterEach((context: TestContext) => {
    if (!failedBefore && context.task.result?.errors?.length) failedBefore = context.task.name;
  });
}

/** Skips a spec that reads server.ts itself, when the server is a command in another language. */
export function onlyForTypeScript(context: { skip: (note?: string) => void }): void {
  if (kata.serverCommand) context.skip(`this spec reads server.ts; it does not apply to ${serverFlag(kata.serverCommand)}`);
}

/**
 * The folder to start: the run's own, or, for a mutant or a variant, a temp copy of the solution
 * with the mutant's edits or the variant's files. Call the returned cleanup when done.
 */
export async function prepareServerDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  if (run.role !== 'mutant' && run.role !== 'variant') return { dir: run.dir, cleanup: async () => {} };
  const root = await mkdtemp(path.join(tmpdir(), `netkata-${run.role}-`));
  const dir = path.join(root, run.exercise);
  const cleanup = () => rm(root, { recursive: true, force: true });
  try {
    if (run.role === 'mutant') {
      const mutant = (await loadMutants(run.exercise)).find((m) => m.name === run.mutant);
      if (!mutant) throw new Error(`no mutant "${run.mutant}" in specs/mutants/${run.exercise}.ts`);
      await buildMutant(mutant, run.dir, dir);
    } else {
      const variant = (await loadVariants(run.exercise)).find((v) => v.name === run.variant);
      if (!variant) throw new Error(`no variant "${run.variant}" in specs/variants/${run.exercise}.ts`);
      await buildVariant(run.exercise, variant, run.dir, dir);
    }
  } catch (error) {
    await cleanup();
    throw error;
  }
  return { dir, cleanup };
}

export interface ServerHandle {
  /** The server started before this file's specs. */
  readonly current: RunningServer;
  /** The folder it runs from (for a mutant, a temp copy). */
  readonly dir: string;
  /** Starts another server from the same folder; it is stopped after the file's specs too. */
  start(options?: Omit<StartOptions, 'dir'>): Promise<RunningServer>;
}

export interface UseServerOptions extends Omit<StartOptions, 'dir'> {
  /**
   * The lesson step that says a server keeps serving: cited when the server stops or crashes.
   * The kata's spec files name theirs; an instructor's private spec may leave it out (step 1).
   */
  staysUpStep?: number;
}

/** The harness's own stack frames would only point the learner at code that is not theirs. */
function withoutHarnessFrames(error: KataFailure): KataFailure {
  error.stack = `${error.name}: ${error.message}`;
  return error;
}

/** How long a spec that failed with a raw client error waits to see whether the server is dying. */
const DYING_GRACE_MS = 500;

/** How long a server whose listener is gone may take to be seen exiting: a crash closes the listener first. */
const EXIT_GRACE_MS = 300;

function exited(server: RunningServer): string | undefined {
  if (!server.exit) return undefined;
  return `Your server ${server.exit.signal ? `was killed by ${server.exit.signal}` : `exited with code ${server.exit.code}`}`;
}

/** Why the server can no longer answer, in a sentence; undefined while it can. */
async function whyGone(server: RunningServer): Promise<string | undefined> {
  if (server.exit) return exited(server);
  if (someoneListensOn(server.port, server.listener) !== false) return undefined;
  // No listener: a crash, whose exit is on its way, or a server that called close() and lives on.
  await Promise.race([server.whenExited(), sleep(EXIT_GRACE_MS)]);
  return exited(server) ?? `Your server stopped listening on 127.0.0.1:${server.port} (it is still running, but accepts no connections)`;
}

async function waitUntilGone(server: RunningServer, ms: number): Promise<string | undefined> {
  const deadline = Date.now() + ms;
  for (;;) {
    const gone = await whyGone(server);
    if (gone || Date.now() > deadline) return gone;
    await sleep(10);
  }
}

/**
 * Starts the server under test before this file's specs and stops it after them, also when they
 * fail. If it cannot start, the run says so once (the specs are then reported as not run).
 * If it stops, crashes or stops listening, the spec during which it happened fails with that cause
 * (its exit code and output) instead of whatever the client saw (a reset, a hang-up), and every
 * later spec says it was not run: one cause, said once, at the right step.
 */
export function useServer(options: UseServerOptions = {}): ServerHandle {
  const { staysUpStep = 1, ...startOptions } = options;
  let first: RunningServer | undefined;
  let dir: string | undefined;
  let cleanup = async () => {};
  let goneSaid: string | undefined;
  const started: RunningServer[] = [];
  const start = async (more: Omit<StartOptions, 'dir'> = {}) => {
    if (!dir) throw new Error('the server folder is not ready (its beforeAll failed)');
    const server = await startServer({ ...more, dir });
    started.push(server);
    return server;
  };
  const goneFailure = (server: RunningServer, why: string, when: string, saw?: string) =>
    withoutHarnessFrames(new KataFailure(
      formatTeaching({
        expected: 'the server to keep running and listening, answering one request after another, whatever the last one was',
        got: `${why} ${when}.`,
        note: [
          `What it printed:\n${showBytes(server.printed.split('\n').slice(-30).join('\n'))}`,
          saw && `What the spec saw from its side:\n${saw.split('\n').slice(0, 12).map((l) => `  ${l}`).join('\n')}`,
          'The specs after this one are not run: fix this first.',
        ]
          .filter(Boolean)
          .join('\n\n'),
        step: staysUpStep,
      }),
      staysUpStep,
    ));
  beforeAll(async () => {
    const prepared = await prepareServerDir();
    dir = prepared.dir;
    cleanup = prepared.cleanup;
    try {
      first = await start(startOptions);
    } catch (error) {
      await cleanup();
      throw error;
    }
  });
  beforeEach(async (context: TestContext) => {
    if (!first) return; // it never started: beforeAll said why
    if (goneSaid) throw withoutHarnessFrames(new KataFailure(`Not run: the server is gone (${goneSaid}). See the first failure.`, staysUpStep, true));
    const why = await whyGone(first);
    if (why) {
      goneSaid = `${why} before "${context.task.name}"`;
      throw goneFailure(first, why, 'after the spec before this one');
    }
  });
  afterEach(async (context: TestContext) => {
    if (!first || goneSaid) return;
    const result = context.task.result;
    const errors = result?.errors ?? [];
    // A raw client error (a reset, a hang-up) is what a dying server looks like from outside:
    // give it a moment to be seen exiting, so that the cause is reported, not the symptom.
    const raw = errors.some((e) => e.name !== 'KataFailure');
    const why = raw ? await waitUntilGone(first, DYING_GRACE_MS) : await whyGone(first);
    if (!why) return;
    goneSaid = `${why} during "${context.task.name}"`;
    const saw = errors.map((e) => e.message).join('\n');
    // The cause replaces the symptoms in this spec's report (vitest adds this hook's error).
    if (result) result.errors = [];
    throw goneFailure(first, why, 'during this spec', saw || undefined);
  });
  afterAll(async () => {
    await Promise.all(started.map((server) => server.stop()));
    await cleanup(); // idempotent: rm with force
  });
  return {
    get current(): RunningServer {
      if (!first) throw new Error('the server is not running (it did not start)');
      return first;
    },
    get dir(): string {
      if (!dir) throw new Error('the server folder is not ready (its beforeAll failed)');
      return dir;
    },
    start,
  };
}
