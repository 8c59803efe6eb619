// Who listens on a port, through /proc (Linux): so that the harness can tell its server's listener
// from another process's that took the same port first. A free port is only free when it is
// chosen; another test's server can bind it before ours does, and then ours fails with EADDRINUSE
// while the other answers. Where /proc cannot say, every listener counts as the server's.
import { execFile } from 'node:child_process';
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

/**
 * `pid` and every process it started, however deep, read from each one's own
 * /proc/<pid>/task/<tid>/children: a few small files, where a scan of every process on a busy
 * machine reads hundreds. Undefined where the kernel does not keep those files.
 */
function childrenTree(pid: number): Set<number> | undefined {
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${tree[i]}/task`);
    } catch {
      if (i === 0) return undefined;
      continue; // it ended as we looked
    }
    for (const task of tasks) {
      let children: string;
      try {
        children = readFileSync(`/proc/${tree[i]}/task/${task}/children`, 'utf8');
      } catch {
        if (i === 0) return undefined;
        continue;
      }
      for (const child of children.split(' ')) if (child.trim()) tree.push(Number(child));
    }
  }
  return new Set(tree);
}

/**
 * The same inodes, asked of the kernel by `ss` (iproute2), which reads only the listening sockets
 * through netlink: a few milliseconds in a process of its own, where /proc/net/tcp lists every
 * socket of the machine, thousands on a busy one, in ~25 ms of this process's time. Undefined
 * when there is no `ss` or it fails.
 */
function listenersFromKernel(port: number): Promise<Set<string> | undefined> {
  return new Promise((resolve) => {
    execFile('ss', ['-ltnHe', `sport = :${port}`], { timeout: 5000 }, (error, stdout) => {
      if (error) return resolve(undefined);
      const inodes = new Set<string>();
      for (const match of stdout.matchAll(/\bino:(\d+)/g)) if (match[1] && match[1] !== '0') inodes.add(match[1]);
      resolve(inodes);
    });
  });
}

/** `pid` and every process it started, however deep (while they keep their parent). */
function processTree(pid: number, processes: ProcessInfo[]): Set<number> {
  const children = new Map<number, number[]>();
  for (const p of processes) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid]);
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return new Set(tree);
}

/** Which of `inodes` the process `pid` holds a socket of, if any. */
function heldInode(pid: number, inodes: Set<string>): string | undefined {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return undefined; // gone, or not ours to read
  }
  for (const fd of fds) {
    try {
      const link = readlinkSync(`/proc/${pid}/fd/${fd}`);
      if (link.startsWith('socket:[') && inodes.has(link.slice('socket:['.length, -1))) return link.slice('socket:['.length, -1);
    } catch {
      // closed as we looked
    }
  }
  return undefined;
}

const holdsSocket = (pid: number, inodes: Set<string>) => heldInode(pid, inodes) !== undefined;

/** A listening socket, and the process seen holding it. */
export interface Listener {
  pid: number;
  inode: string;
}

/** The first of `pids` seen holding one of `inodes`, with the inode it holds. */
function holderAmong(pids: Iterable<number>, inodes: Set<string>): Listener | undefined {
  for (const pid of pids) {
    const inode = heldInode(pid, inodes);
    if (inode) return { pid, inode };
  }
  return undefined;
}

/**
 * Who holds the listener on `port`: `own`, the process of `pid`'s tree (`pid` and those below it)
 * that holds it; or, when none of them does, `takenByAnother`: true only when another process is
 * seen holding it. Neither when nobody can be seen to (the listener closed as we looked, a server
 * that has just ended), nor where /proc cannot say.
 */
export async function listenerOn(pid: number, port: number): Promise<{ own?: Listener; takenByAnother: boolean }> {
  const inodes = (await listenersFromKernel(port)) ?? listeningInodes(port);
  if (!inodes || inodes.size === 0) return { takenByAnother: false };
  // The server's own tree first: the usual answer, found without a scan of every process.
  const quick = childrenTree(pid);
  const ownQuick = quick && holderAmong(quick, inodes);
  if (ownQuick) return { own: ownQuick, takenByAnother: false };
  const processes = allProcesses();
  const tree = processTree(pid, processes);
  const own = holderAmong(tree, inodes);
  if (own) return { own, takenByAnother: false };
  // Every other process, this one included (allProcesses leaves it out).
  const others = [...processes.map((p) => p.pid).filter((p) => !tree.has(p)), process.pid];
  return { takenByAnother: others.some((p) => holdsSocket(p, inodes)) };
}

/** Whether `port` is taken by a process other than `pid` and those below it (see listenerOn). */
export async function portTakenByAnother(pid: number, port: number): Promise<boolean> {
  return (await listenerOn(pid, port)).takenByAnother;
}

/**
 * Whether anything still listens on `port` (the harness chose the port for its server, so a
 * listener there is the server's); undefined where /proc cannot say. Given the listener seen when
 * the server started, a look at that process's own sockets answers (a listening socket listens
 * until it is closed): the table of every socket on the machine, thousands of lines on a busy one
 * and tens of milliseconds to read, is read only once that socket is gone.
 */
export function someoneListensOn(port: number, known?: Listener): boolean | undefined {
  if (known && holdsSocket(known.pid, new Set([known.inode]))) return true;
  const inodes = listeningInodes(port);
  return inodes && inodes.size > 0;
}
