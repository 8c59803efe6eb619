// Preloaded into every graded server (`node --import guard.mjs`, built by work-dir.ts): it records
// and refuses what a submission must not do, and flushes coverage when the server is stopped.
// A guard rail for honest mistakes and casual hostility, not a security boundary: that is the
// sandbox around each server (isolation.ts, grading/README.md#untrusted-code).
import childProcess from 'node:child_process';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';

/** What the guard saw; the grader reads these files (one per incident) after the run. */
export interface Incident {
  /** limit: a limit of the sandbox killed it (recorded by specs/harness/sandbox-wrap.mjs, not here). */
  kind: 'write-outside' | 'child-process' | 'output' | 'memory' | 'limit';
  detail: string;
  /** The server's folder (its working directory when it started): which exercise it was. */
  cwd: string;
}

const incidentsDir = process.env.KATA_GRADE_INCIDENTS;
const outputLimit = Number(process.env.KATA_GRADE_OUTPUT_LIMIT ?? 1024 * 1024);
/** The server's own folder: the harness starts it there (the grader's copy of the exercise). */
const startedIn = process.cwd();

// Kept before patching: the guard's own writes must not go through the guard.
const writeFileSync = fs.writeFileSync.bind(fs);
const realpathSync = fs.realpathSync.bind(fs);
let incidents = 0;

/** Where a server may write: its own folder, and the temp folder (the grader's, for this batch). */
const writable = [startedIn, os.tmpdir()].map((dir) => {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
});

function record(kind: Incident['kind'], detail: string): void {
  if (!incidentsDir) return;
  const incident: Incident = { kind, detail, cwd: startedIn };
  try {
    writeFileSync(path.join(incidentsDir, `${process.pid}-${++incidents}.json`), JSON.stringify(incident));
  } catch {
    // The grader's folder is gone: the run is over anyway.
  }
}

function denied(message: string): Error {
  return Object.assign(new Error(`netkata grader: ${message}`), { code: 'ERR_ACCESS_DENIED' });
}

/** The real location a path would have: symlinks in its existing part resolved. */
function realLocation(target: string): string {
  let existing = path.resolve(target);
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(realpathSync(existing), ...rest.reverse());
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return path.resolve(target);
      rest.push(path.basename(existing));
      existing = parent;
    }
  }
}

/** The path a file-system call was given, if it was given one (not a descriptor or a handle). */
function pathOf(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (target instanceof URL) return target.pathname;
  if (Buffer.isBuffer(target)) return target.toString();
  return undefined;
}

function mayWrite(target: string): boolean {
  if (target === '/dev/null') return true;
  const real = realLocation(target);
  return writable.some((root) => real === root || real.startsWith(root + path.sep));
}

function checkWrite(operation: string, target: unknown): void {
  const shown = pathOf(target);
  if (shown === undefined || mayWrite(shown)) return;
  record('write-outside', `${operation} ${shown}`);
  throw denied(`a graded server may only write inside its own folder; it tried ${operation} ${shown}`);
}

const WRITE_FLAGS = /[wa+]/;
const WRITE_BITS = fs.constants.O_WRONLY | fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_APPEND | fs.constants.O_TRUNC;
const opensForWriting = (flags: unknown) => (typeof flags === 'string' ? WRITE_FLAGS.test(flags) : typeof flags === 'number' ? (flags & WRITE_BITS) !== 0 : false);

type AnyFunction = (...args: unknown[]) => unknown;
type Checker = (args: unknown[]) => void;

/** Which arguments of each fs function are paths it writes to. */
const writers: Record<string, Checker> = {};
const first = (operation: string) => (args: unknown[]) => checkWrite(operation, args[0]);
const second = (operation: string) => (args: unknown[]) => checkWrite(operation, args[1]);
for (const name of ['writeFile', 'appendFile', 'mkdir', 'mkdtemp', 'rm', 'rmdir', 'unlink', 'truncate', 'chmod', 'lchmod', 'chown', 'lchown', 'utimes', 'lutimes', 'createWriteStream']) {
  writers[name] = first(name);
}
for (const name of ['copyFile', 'cp', 'link', 'symlink']) writers[name] = second(name);
writers.rename = (args) => {
  checkWrite('rename', args[0]);
  checkWrite('rename', args[1]);
};
writers.open = (args) => {
  if (opensForWriting(args[1])) checkWrite('open (to write)', args[0]);
};

function guardModule(target: Record<string, unknown>, suffixes: string[], returnsPromise: boolean): void {
  for (const [base, checker] of Object.entries(writers)) {
    for (const suffix of suffixes) {
      const name = base + suffix;
      const original = target[name];
      if (typeof original !== 'function') continue;
      const wrapped = function guarded(this: unknown, ...args: unknown[]): unknown {
        try {
          checker(args);
        } catch (error) {
          // The promise API rejects where the others throw, as node's own argument checks do.
          if (returnsPromise) return Promise.reject(error instanceof Error ? error : new Error(String(error)));
          throw error;
        }
        return (original as AnyFunction).apply(this, args);
      };
      Object.defineProperty(wrapped, 'name', { value: name });
      target[name] = wrapped;
    }
  }
}

guardModule(fs, ['', 'Sync'], false);
guardModule(fs.promises, [''], true);

// Another program would escape every guard here (and could outlive the server): refuse them all.
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const) {
  (childProcess as unknown as Record<string, unknown>)[name] = function refused(...args: unknown[]): never {
    const what = typeof args[0] === 'string' ? args[0] : '?';
    record('child-process', `child_process.${name}(${JSON.stringify(what)})`);
    throw denied(`a graded server may not start other programs; it called child_process.${name}(${JSON.stringify(what)})`);
  };
}
syncBuiltinESMExports();

// Output beyond the limit: record it and end the server (the harness would drop it anyway).
let printed = 0;
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream) as AnyFunction;
  stream.write = function countedWrite(...args: unknown[]): boolean {
    const chunk = args[0];
    printed += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk instanceof Uint8Array ? chunk.length : 0;
    if (printed > outputLimit) {
      record('output', `printed more than ${outputLimit} bytes`);
      process.kill(process.pid, 'SIGKILL');
    }
    return write(...args) as boolean;
  };
}

// A Buffer larger than the memory cap (ulimit -v) fails with this RangeError ("Array buffer
// allocation failed" on Node 20, "Failed to allocate memory", ERR_MEMORY_ALLOCATION_FAILED, on
// Node 24); the JavaScript heap hitting --max-old-space-size is a fatal error that node's
// diagnostic report records instead.
process.on('uncaughtExceptionMonitor', (error) => {
  const code = (error as NodeJS.ErrnoException).code;
  if (error instanceof RangeError && (code === 'ERR_MEMORY_ALLOCATION_FAILED' || /allocation failed|failed to allocate|Invalid array length|Invalid string length/i.test(error.message))) {
    record('memory', `ran out of memory: ${error.message}`);
  }
});

// V8 writes coverage (NODE_V8_COVERAGE) when a process exits, not when a signal kills it. The
// harness stops servers with SIGTERM: write the coverage first, then let the signal do what it
// would have done (end the process, unless the server handles SIGTERM itself).
process.on('SIGTERM', function flushCoverage() {
  if (process.env.NODE_V8_COVERAGE) v8.takeCoverage();
  if (process.listenerCount('SIGTERM') === 1) {
    process.removeListener('SIGTERM', flushCoverage);
    process.kill(process.pid, 'SIGTERM');
  }
});
