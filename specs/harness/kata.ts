// What a spec file runs against: the run vitest.config.ts gave this project (which exercise, which
// server folder, which seed), and `useServer`, which starts that server for the file's specs.
import { afterAll, beforeAll, inject } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serverFlag } from '../../tooling/args.ts';
import type { SpecRun } from '../../tooling/plan.ts';
import { displayPath } from '../../tooling/targets.ts';
import { buildMutant, loadMutants } from '../mutants/index.ts';
import { RandomData, hash } from './random.ts';
import { teachAbout } from './teach.ts';
import { startServer, useServerCommand, type RunningServer, type StartOptions } from './server-process.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    run: SpecRun;
    seed: number;
  }
}

const run = inject('run');
const seed = inject('seed');

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
};
teachAbout(kata);
useServerCommand(run.serverCommand);

/** Skips a spec that reads server.ts itself, when the server is a command in another language. */
export function onlyForTypeScript(context: { skip: (note?: string) => void }): void {
  if (kata.serverCommand) context.skip(`this spec reads server.ts; it does not apply to ${serverFlag(kata.serverCommand)}`);
}

/**
 * The folder to start: the run's own, or, for a mutant, a temp copy of the solution with the
 * mutant's edits. Call the returned cleanup when done.
 */
export async function prepareServerDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  if (run.role !== 'mutant') return { dir: run.dir, cleanup: async () => {} };
  const mutant = (await loadMutants(run.exercise)).find((m) => m.name === run.mutant);
  if (!mutant) throw new Error(`no mutant "${run.mutant}" in specs/mutants/${run.exercise}.ts`);
  const root = await mkdtemp(path.join(tmpdir(), 'netkata-mutant-'));
  const dir = path.join(root, run.exercise);
  await buildMutant(mutant, run.dir, dir);
  return { dir, cleanup: () => rm(root, { recursive: true, force: true }) };
}

export interface ServerHandle {
  /** The server started before this file's specs. */
  readonly current: RunningServer;
  /** The folder it runs from (for a mutant, a temp copy). */
  readonly dir: string;
  /** Starts another server from the same folder; it is stopped after the file's specs too. */
  start(options?: Omit<StartOptions, 'dir'>): Promise<RunningServer>;
}

/**
 * Starts the server under test before this file's specs and stops it after them, also when they
 * fail. If it cannot start, the run says so once (the specs are then reported as not run).
 */
export function useServer(options: Omit<StartOptions, 'dir'> = {}): ServerHandle {
  let first: RunningServer | undefined;
  let dir: string | undefined;
  let cleanup = async () => {};
  const started: RunningServer[] = [];
  const start = async (more: Omit<StartOptions, 'dir'> = {}) => {
    if (!dir) throw new Error('the server folder is not ready (its beforeAll failed)');
    const server = await startServer({ ...more, dir });
    started.push(server);
    return server;
  };
  beforeAll(async () => {
    const prepared = await prepareServerDir();
    dir = prepared.dir;
    cleanup = prepared.cleanup;
    try {
      first = await start(options);
    } catch (error) {
      await cleanup();
      throw error;
    }
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
