// Runs a server in a process group of its own and ends the whole group with it (the server and
// anything it spawned): SIGTERM then SIGKILL after a grace to stop it, SIGKILL at once for a
// crash. The grader's settings (tooling/core/server-settings.mjs; unset for npm test) wrap its
// command: a cap on its address space, and the sandbox (sandbox-wrap.mjs). Should this process
// die first (a spec worker at Ctrl-C, npm start at a kill -9), watchdog.sh ends the groups it
// leaves. The server is this process's own child, with no supervisor between: a second node per
// server start cost a fifth of 05's CPU.
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import path from 'node:path';
import { serverSettings, type ServerSettings } from '../../tooling/core/server-settings.mjs';
import { sandboxed } from './sandbox-wrap.mjs';

/** How long a server may take to end after SIGTERM, before SIGKILL. */
export const STOP_GRACE_MS = Number(process.env.KATA_STOP_GRACE_MS ?? 1000);
const WATCHDOG = path.join(import.meta.dirname, 'watchdog.sh');

export interface ServerCommand {
  file: string;
  argv: string[];
  env: NodeJS.ProcessEnv;
}

/**
 * The command a server runs as, in `cwd`, under the grader's settings: `ulimit -v` for its memory
 * (so that a server that takes all it can fails alone), the variables meant for the server
 * (NODE_V8_COVERAGE, the guard's), and the sandbox. As given when there are no settings.
 */
export function serverCommandFor(
  command: string[],
  { env, cwd, bundle, settings = serverSettings() }: { env: NodeJS.ProcessEnv; cwd: string; bundle?: string; settings?: ServerSettings },
): ServerCommand {
  const memoryKb = Math.round((settings.memoryMb ?? 0) * 1024);
  let file = command[0]!;
  let argv = command.slice(1);
  if (memoryKb > 0) [file, argv] = ['/bin/sh', ['-c', `ulimit -c 0; ulimit -v ${memoryKb} && exec "$0" "$@"`, ...command]];
  const serverEnv = { ...env, ...settings.env };
  if (settings.sandbox) ({ file, argv } = sandboxed(settings.sandbox, { file, argv, env: serverEnv, cwd, bundle }));
  return { file, argv, env: serverEnv };
}

let watchdog: ChildProcess | undefined;
/** Resolves once the watchdog has set its traps (it says "ready"), or is gone. */
let watchdogListens: Promise<void> = Promise.resolve();
/** Servers of this thread (each vitest worker thread has its own) that have not ended yet. */
let serversRunning = 0;
/** Settles once the last watchdog told to end has exited. */
let watchdogEnded: Promise<void> = Promise.resolve();

const alive = (child: ChildProcess | undefined): child is ChildProcess => !!child && child.exitCode === null && child.signalCode === null && !!child.stdin?.writable;

/**
 * Starts this thread's watchdog unless one runs, and resolves once it handles Ctrl-C: a Ctrl-C
 * that came before would end it by default, and the servers started meanwhile would outlive the
 * run (seen in CI, a Ctrl-C just after three servers had started).
 */
function watchdogReady(): Promise<void> {
  if (alive(watchdog)) return watchdogListens;
  // In this process's group: a Ctrl-C reaches it too.
  const child = spawn('/bin/sh', [WATCHDOG, String(STOP_GRACE_MS / 1000)], { stdio: ['pipe', 'pipe', 'ignore'] });
  watchdog = child;
  child.on('error', () => {});
  child.stdin.on('error', () => {});
  watchdogListens = new Promise((resolve) => {
    child.stdout.once('data', () => {
      // From now on it must not keep this thread alive: it is there for when the thread is gone.
      child.unref();
      for (const pipe of [child.stdin, child.stdout]) (pipe as unknown as Socket).unref();
      resolve();
    });
    child.once('exit', () => resolve()); // gone: no reason to hold the servers back
  });
  return watchdogListens;
}

/** Tells this thread's watchdog a line. */
function tellWatchdog(line: string): void {
  if (!alive(watchdog)) {
    if (line.startsWith('-')) return; // no watchdog knows of the group: none has to forget it
    void watchdogReady();
  }
  watchdog!.stdin!.write(`${line}\n`);
}

/**
 * Once no server of this thread runs, its watchdog is told to end (the end of its pipe, with no
 * group left to end), and the stop that ended the last server waits for it to exit: a watchdog
 * still running when its thread ends is reaped by nobody (a zombie per spec file, and per rerun of
 * npm run watch). The next server starts a new one.
 */
function endWatchdogIfIdle(): void {
  if (serversRunning > 0 || !watchdog) return;
  const ending = watchdog;
  watchdog = undefined;
  watchdogEnded = ending.exitCode !== null || ending.signalCode !== null ? Promise.resolve() : new Promise((resolve) => ending.once('exit', () => resolve()));
  ending.stdin?.end();
}

/** Resolves once this thread's watchdog, told to end, has exited (at once when none was). */
export function watchdogSettled(): Promise<void> {
  return watchdogEnded;
}

interface GroupOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  output: 'pipe' | 'inherit';
  removeAfter?: string;
}

export class ServerGroup {
  readonly child: ChildProcess;
  private stopping = false;
  private killTimer: NodeJS.Timeout | undefined;

  /**
   * Starts `command` in a group of its own, once this thread's watchdog is ready. `output`: 'pipe'
   * to read what it prints, 'inherit' to show it. `removeAfter`: a folder to remove once the
   * server has ended (its bundle).
   */
  static async start(command: string[], options: GroupOptions): Promise<ServerGroup> {
    await watchdogReady();
    return new ServerGroup(command, options);
  }

  private constructor(command: string[], { cwd, env, output, removeAfter }: GroupOptions) {
    const run = serverCommandFor(command, { env, cwd, bundle: removeAfter });
    this.child = spawn(run.file, run.argv, { cwd, env: run.env, stdio: ['ignore', output, output], detached: true });
    const group = this.child.pid;
    // A folder name with a line break would break the watchdog's list: then the temp root removes it.
    if (group !== undefined) {
      serversRunning++;
      tellWatchdog(`+${group}${removeAfter && !removeAfter.includes('\n') ? ` ${removeAfter}` : ''}`);
    }
    this.child.once('exit', () => {
      clearTimeout(this.killTimer);
      this.signal('SIGKILL'); // what the server left in its group
      if (removeAfter) rmSync(removeAfter, { recursive: true, force: true });
      if (group === undefined) return;
      tellWatchdog(`-${group}`);
      serversRunning--;
      endWatchdogIfIdle();
    });
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null && this.child.pid !== undefined;
  }

  /** SIGTERM to the group, then SIGKILL after the grace if it is still there. */
  stop(): void {
    if (this.stopping || !this.running) return;
    this.stopping = true;
    this.signal('SIGTERM');
    this.killTimer = setTimeout(() => this.signal('SIGKILL'), STOP_GRACE_MS);
  }

  /** SIGKILL to the group at once: no chance to clean up, as in a crash or a power cut. */
  kill(): void {
    if (!this.running) return;
    this.stopping = true;
    this.signal('SIGKILL');
  }

  private signal(signal: NodeJS.Signals): void {
    if (this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // The group is gone already.
    }
  }
}
