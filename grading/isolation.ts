// The grader's sandbox, with bubblewrap (Linux): a grading child runs in a network namespace of its
// own, loopback only (childSandbox), and each server inside it in a stricter one (serverSandbox,
// applied by specs/harness/sandbox-wrap.mjs): its own user and pid namespaces, the system read-only,
// only its folders writable, an empty /tmp and home, a clean environment, and limits. What it
// defends and what it does not: grading/README.md#untrusted-code.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serverCommandFor } from '../specs/harness/server-group.ts';
import type { SandboxPlan } from '../tooling/core/server-settings.mjs';

export type { SandboxPlan };

/** The system, read-only: programs, their libraries, and /etc (no secrets a non-root uid can read). */
const SYSTEM = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/etc'];
/** The variables a server keeps: what the specs and the grader give it, and what runtimes need. */
const KEEP = ['PATH', 'HOST', 'PORT', 'DATA_FILE', 'NODE_OPTIONS', 'NODE_V8_COVERAGE', 'PYTHONUNBUFFERED', 'LANG', 'TZ', 'KATA_GRADE_INCIDENTS', 'KATA_GRADE_OUTPUT_LIMIT', 'KATA_GRADE_BATCH'];
/** Processes (threads count) a server may have: node has about a dozen, a JVM a few dozen. */
const MAX_PROCESSES = 128;
/** The largest file a server may write. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

function which(name: string): string | undefined {
  // NETKATA_BWRAP: a bubblewrap of your own, outside PATH (and, for the tests, one that is not there).
  if (name === 'bwrap' && process.env.NETKATA_BWRAP !== undefined) return existsSync(process.env.NETKATA_BWRAP) ? process.env.NETKATA_BWRAP : undefined;
  if (name.includes('/')) return existsSync(name) ? name : undefined;
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const candidate = path.join(dir || '.', name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Where a runtime lives, read-only inside: the prefix of its program (node in ~/.nvm/versions/x,
 * python3 as a pyenv shim in ~/.pyenv), unless the system's folders hold it already.
 */
function runtimeFolders(programs: (string | undefined)[]): string[] {
  const folders = new Set<string>();
  for (const program of programs) {
    const found = program && which(program);
    if (!found) continue;
    const prefix = path.dirname(path.dirname(realpathSync(found)));
    if (!SYSTEM.some((dir) => prefix === dir || prefix.startsWith(`${dir}/`)) && prefix !== '/') folders.add(prefix);
  }
  return [...folders];
}

export interface ServerSandboxSettings {
  /** Files every server reads: the guard preload. */
  readOnly: string[];
  /** Shared folders under which each server writes its own: coverage and incidents. */
  coverage?: string;
  incidents?: string;
  /** The --server command, whose runtime must be reachable. */
  serverCommand?: string[];
  /** Per exercise: a server's CPU time is bounded a little above it. */
  timeoutMs: number;
}

/** The plan for every server of a grading child (the value of KATA_SERVER_SANDBOX). */
export function serverSandbox(settings: ServerSandboxSettings): SandboxPlan {
  const readOnly: string[] = [];
  const symlinks: [string, string][] = [];
  for (const dir of SYSTEM) {
    if (!existsSync(dir)) continue;
    // On a merged /usr, /bin is a link to usr/bin: a link inside too.
    if (lstatSync(dir).isSymbolicLink()) symlinks.push([readlinkSync(dir), dir]);
    else readOnly.push(dir);
  }
  readOnly.push(...runtimeFolders([process.execPath, settings.serverCommand?.[0]]), ...settings.readOnly);
  const root = process.getuid?.() === 0;
  return {
    bwrap: which('bwrap')!,
    prlimit: which('prlimit')!,
    env: which('env')!,
    setpriv: root ? which('setpriv') : undefined,
    limits: { processes: MAX_PROCESSES, fileBytes: MAX_FILE_BYTES, cpuSeconds: Math.ceil((2 * settings.timeoutMs) / 1000) + 10 },
    readOnly,
    symlinks,
    coverage: settings.coverage,
    incidents: settings.incidents,
    keep: KEEP,
  };
}

/**
 * The prefix that runs a grading child in a network namespace of its own, where only loopback is:
 * the specs reach the servers it starts, and nothing else can, in or out. The rest of the system is
 * the grader's own (the child is trusted); a server inside is sandboxed again (serverSandbox).
 * No pid namespace here: a /proc that bwrap mounts has parts of it covered read-only, and the
 * kernel then refuses the server's sandbox a /proc of its own ("Can't mount proc": seen here).
 */
export function childSandbox(): string[] {
  return [which('bwrap')!, '--dev-bind', '/', '/', '--unshare-net', '--die-with-parent', '--'];
}

/**
 * Whose a file in a shared folder (coverage, incidents) is, when a sandboxed server wrote it: the
 * owner its wrapper recorded beside the server's own folder (sandbox-wrap.mjs ownFolder), which
 * the server could not write. Undefined for a file outside any server's folder.
 */
export function ownerOf(shared: string, name: string): { cwd: string; bundle?: string } | undefined {
  const [folder, ...rest] = name.split(path.sep);
  if (rest.length === 0 || name.endsWith('.owner')) return undefined;
  try {
    return JSON.parse(readFileSync(path.join(shared, `${folder}.owner`), 'utf8')) as { cwd: string; bundle?: string };
  } catch {
    return { cwd: '' }; // no owner recorded: nobody's
  }
}

export type SandboxSupport = { ok: true } | { ok: false; why: string };

let support: Promise<SandboxSupport> | undefined;

/**
 * Whether the sandbox can be made here: tries it once (cached), a server inside a grading child,
 * as grading would (server-group.ts).
 */
export function sandboxSupport(): Promise<SandboxSupport> {
  return (support ??= probe());
}

async function probe(): Promise<SandboxSupport> {
  if (process.platform !== 'linux') return { ok: false, why: `bubblewrap runs on Linux only, not ${process.platform}` };
  const missing = ['bwrap', 'prlimit', 'env', ...(process.getuid?.() === 0 ? ['setpriv'] : [])].filter((name) => !which(name));
  if (missing.length > 0) return { ok: false, why: `${missing.join(', ')} not found (Debian: apt-get install bubblewrap util-linux)` };
  const plan = serverSandbox({ readOnly: [], timeoutMs: 10_000 });
  // The probe's server prints its pid: 2 (after bwrap's own init) only in a pid namespace of its own.
  const [bwrap, ...outer] = childSandbox();
  // A folder of its own: the sandbox makes the server's folder its own (as root, chown -R to the
  // server's uid). The kata's own folder, the probe's cwd before, ended up owned by a random uid.
  const cwd = mkdtempSync(path.join(tmpdir(), 'netkata-sandbox-probe-'));
  const server = serverCommandFor(['/bin/sh', '-c', 'echo "sandboxed as pid $$"'], { env: process.env, cwd, settings: { sandbox: plan } });
  const result = await new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(bwrap!, [...outer, server.file, ...server.argv], { cwd, env: server.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', (error) => resolve({ code: null, output: error.message }));
    child.on('close', (code) => resolve({ code, output }));
  });
  rmSync(cwd, { recursive: true, force: true });
  if (result.code === 0 && result.output.includes('sandboxed as pid 2')) return { ok: true };
  const userns = spawnSync('sh', ['-c', 'cat /proc/sys/kernel/apparmor_restrict_unprivileged_userns /proc/sys/kernel/unprivileged_userns_clone 2>/dev/null'], { encoding: 'utf8' }).stdout;
  return { ok: false, why: `bwrap could not make the sandbox (${result.output.trim().split('\n').at(-1) ?? `exit code ${result.code}`})${userns.trim() ? '; user namespaces may be restricted (kernel.apparmor_restrict_unprivileged_userns, kernel.unprivileged_userns_clone)' : ''}` };
}
