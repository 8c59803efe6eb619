// Who listens on a port, through /proc (Linux): so that the harness can tell its server's listener
// from another process's that took the same port first. A free port is only free when it is
// chosen; another test's server can bind it before ours does, and then ours fails with EADDRINUSE
// while the other answers. Where /proc cannot say, every listener counts as the server's.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { allProcesses, type ProcessInfo } from '../../tooling/core/processes.ts';

const LISTEN = '0A';

/** The inodes of the sockets that listen on `port`, on any address; undefined where /proc cannot say. */
function listeningInodes(port: number): Set<string> | undefined {
  const inodes = new Set<string>();
  let read = false;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    read = true;
    // "sl local_address rem_address st ... uid timeout inode": local_address is ADDRESS:PORT in hex.
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[3] === LISTEN && parseInt(fields[1]?.split(':')[1] ?? '', 16) === port && fields[9]) inodes.add(fields[9]);
    }
  }
  return read ? inodes : undefined;
}

/** `pid` and every process it started, however deep (while they keep their parent). */
function processTree(pid: number, processes: ProcessInfo[]): Set<number> {
  const children = new Map<number, number[]>();
  for (const p of processes) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid]);
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return new Set(tree);
}

function holdsSocket(pid: number, inodes: Set<string>): boolean {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false; // gone, or not ours to read
  }
  return fds.some((fd) => {
    try {
      const link = readlinkSync(`/proc/${pid}/fd/${fd}`);
      return link.startsWith('socket:[') && inodes.has(link.slice('socket:['.length, -1));
    } catch {
      return false;
    }
  });
}

/**
 * Whether `port` is taken by a process other than `pid` and those below it: true only when such a
 * process is seen holding the listener there. Not when one of `pid`'s own does, nor when nobody
 * can be seen to (the listener closed as we looked, a server that has just ended), nor where /proc
 * cannot say.
 */
export function portTakenByAnother(pid: number, port: number): boolean {
  const inodes = listeningInodes(port);
  if (!inodes || inodes.size === 0) return false;
  const processes = allProcesses();
  const tree = processTree(pid, processes);
  if ([...tree].some((p) => holdsSocket(p, inodes))) return false;
  // Every other process, this one included (allProcesses leaves it out).
  const others = [...processes.map((p) => p.pid).filter((p) => !tree.has(p)), process.pid];
  return others.some((p) => holdsSocket(p, inodes));
}

/**
 * Whether anything still listens on `port` (the harness chose the port for its server, so a
 * listener there is the server's); undefined where /proc cannot say.
 */
export function someoneListensOn(port: number): boolean | undefined {
  const inodes = listeningInodes(port);
  return inodes && inodes.size > 0;
}
