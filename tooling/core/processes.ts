// Finding and ending a submission's processes through /proc (Linux): the servers of an exercise
// whose time budget ran out, and, after a submission, anything it started that is still running.
// Elsewhere these find nothing, and the process groups (each server's, the grading child's own
// group) are the only bound.
import { readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** Process group. */
  pgid: number;
}

function stat(pid: number): ProcessInfo | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (command) state ppid pgrp ...": the command may hold spaces and parentheses.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z') return undefined; // ended, waiting to be reaped
    return { pid, ppid: Number(fields[1]), pgid: Number(fields[2]) };
  } catch {
    return undefined;
  }
}

export function allProcesses(): ProcessInfo[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  return names
    .filter((name) => /^\d+$/.test(name))
    .map((name) => stat(Number(name)))
    .filter((info): info is ProcessInfo => info !== undefined && info.pid !== process.pid);
}

function readOr(file: string, fallback: string): string {
  try {
    return readFileSync(file, 'latin1');
  } catch {
    return fallback;
  }
}

/** Processes whose environment holds `name=value` (they, or an ancestor, were started with it). */
export function processesWithEnv(name: string, value: string): ProcessInfo[] {
  const entry = `${name}=${value}`;
  return allProcesses().filter((p) => readOr(`/proc/${p.pid}/environ`, '').split('\0').includes(entry));
}

/** Processes whose command line holds `text`. */
export function processesWhoseCommandHolds(text: string): ProcessInfo[] {
  return allProcesses().filter((p) => readOr(`/proc/${p.pid}/cmdline`, '').includes(text));
}

/** Whether `pid` still runs (not ended, nor ended and waiting to be reaped). */
export function stillRuns(pid: number): boolean {
  return stat(pid) !== undefined;
}

/**
 * The harness's servers running from `dir`: the first process of each of their process groups
 * (specs/harness/server-group.ts starts each server in a group of its own, in its folder).
 */
export function serverGroupsIn(dir: string): ProcessInfo[] {
  const real = realOr(dir);
  return allProcesses().filter((p) => {
    if (p.pid !== p.pgid) return false;
    try {
      return readlinkSync(`/proc/${p.pid}/cwd`) === real;
    } catch {
      return false;
    }
  });
}

function realOr(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}

export function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

/** SIGKILL for every process with `name=value` in its environment, except this process's own group. */
export function killProcessesWithEnv(name: string, value: string): number {
  const own = stat(process.pid)?.pgid;
  const found = processesWithEnv(name, value).filter((p) => p.pgid !== own);
  for (const p of found) signal(p.pid, 'SIGKILL');
  return found.length;
}
