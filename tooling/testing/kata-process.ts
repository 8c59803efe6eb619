// For the tooling's tests: runs the kata's commands as a learner would, as real child processes.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'vitest';
import { KATA_ROOT } from '../core/curriculum.ts';
import { processesWithEnv } from '../core/processes.ts';

export interface KataProcess {
  child: ChildProcess;
  /** Everything printed so far, stdout and stderr together. */
  output: () => string;
  /** Resolves with the exit status. */
  exited: Promise<number | null>;
  /** Waits (bounded) until the output matches; returns whether it did. */
  waitForOutput: (pattern: RegExp, ms?: number) => Promise<boolean>;
}

export interface KataOptions {
  /** Another copy of the kata to run the command in (its own tooling, in its folder). */
  root?: string;
}

/**
 * Starts `node tooling/kata.mjs <args>` in its own process group, like a command typed in a
 * terminal, and makes sure that group is gone after the test, whatever happens in it. Pass the
 * test's own context: in concurrent tests, the global onTestFinished may belong to another test.
 */
export function startKata(context: TestContext, args: string[], env: Record<string, string> = {}, { root = KATA_ROOT }: KataOptions = {}): KataProcess {
  return startInGroup(context, process.execPath, [path.join(root, 'tooling', 'kata.mjs'), ...args], env, root);
}

/**
 * Starts `npm <args>` in the kata (npm start 02, npm run watch ...), as an IDE or a background job
 * does: `child` is npm itself, so `child.kill(signal)` signals npm alone, as they do, not its group.
 */
export function startNpm(context: TestContext, args: string[], env: Record<string, string> = {}, { root = KATA_ROOT }: KataOptions = {}): KataProcess {
  return startInGroup(context, 'npm', args, env, root);
}

function startInGroup(context: TestContext, file: string, args: string[], env: Record<string, string>, root: string): KataProcess {
  const child = spawn(file, args, {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1', KATA_PLAN: '', INIT_CWD: root, ...env },
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (status) => resolve(status)));
  context.onTestFinished(() => endGroup(child.pid!, exited));
  return {
    child,
    output: () => output,
    exited,
    waitForOutput: (pattern, ms = 30_000) => waitFor(() => pattern.test(output), ms),
  };
}

/** How long a command's group may take to stop on SIGTERM: its servers get 1 s. */
const GROUP_STOP_MS = 5000;

/** Sends a signal to a process group; false when the group is gone. */
function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Ends what a test left running of a command's group, as `kill` would: SIGTERM first, so that the
 * command stops its servers. Each server runs in a group of its own, watched by a watchdog in this
 * group (specs/harness/watchdog.sh): a SIGKILL at once would end the watchdogs and leave
 * their servers running, with their bundles in the temp folder. SIGKILL only for what is still
 * there after a while.
 */
async function endGroup(pgid: number, exited: Promise<unknown>): Promise<void> {
  if (!signalGroup(pgid, 'SIGTERM')) return;
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, GROUP_STOP_MS))]);
  // The command may end before its watchdogs do: wait for the whole group.
  await waitFor(() => !signalGroup(pgid, 0), GROUP_STOP_MS);
  signalGroup(pgid, 'SIGKILL');
}

/** Runs a kata command to its end (60 s at most) and gives its status and output. */
export async function runKata(context: TestContext, args: string[], env: Record<string, string> = {}, options: KataOptions = {}): Promise<{ status: number | null; output: string }> {
  const kata = startKata(context, args, env, options);
  const timer = setTimeout(() => kata.child.kill('SIGKILL'), 60_000);
  const status = await kata.exited;
  clearTimeout(timer);
  return { status, output: kata.output() };
}

/** Sends Ctrl-C to the whole command, as a terminal does. */
export function interrupt(kata: KataProcess): void {
  process.kill(-kata.child.pid!, 'SIGINT');
}

export async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return condition();
}

/** Processes whose environment holds `marker=1`: everything a command started, however deep. */
export function processesMarked(marker: string): { pid: number; args: string }[] {
  return processesWithEnv(marker, '1').map(({ pid }) => {
    try {
      return { pid, args: readFileSync(`/proc/${pid}/cmdline`, 'latin1').replace(/\0/g, ' ') };
    } catch {
      return { pid, args: '' }; // it ended while we looked
    }
  });
}
