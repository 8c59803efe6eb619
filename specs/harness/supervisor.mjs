// Runs one server for the spec harness: `node supervisor.mjs [--remove <dir>] <command> [args...]`.
// It starts the server in a process group of its own and ends that whole group (SIGTERM, then
// SIGKILL after a grace period) when it is told to stop, when it is interrupted (Ctrl-C), or when
// its stdin closes because the test worker that started it has died. That way no server, nor any
// child a server spawned, outlives a test run, whatever happens to the run. With --remove, it also
// removes <dir> (the server's bundle) once the server has ended: on Ctrl-C, whoever started it
// may be gone before it could.
// Plain JavaScript so that it starts in tens of milliseconds with plain node.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { setTimeout } from 'node:timers';
import { serverSettings } from '../../tooling/core/server-settings.mjs';
import { sandboxed } from './sandbox-wrap.mjs';

const GRACE_MS = Number(process.env.KATA_STOP_GRACE_MS ?? 1000);
const given = process.argv.slice(2);
const removeAfter = given[0] === '--remove' ? given[1] : undefined;
const [command, ...args] = removeAfter === undefined ? given : given.slice(2);
if (!command) {
  console.error('usage: node supervisor.mjs [--remove <dir>] <command> [args...]');
  process.exit(2);
}

// The grader's settings for servers (tooling/core/server-settings.mjs; unset for npm test): a cap
// on the server's address space (ulimit -v), so that a server that takes all the memory it can
// fails alone; variables for the server alone, not this process (NODE_V8_COVERAGE, the guard's);
// and the sandbox it runs in (sandbox-wrap.mjs).
const settings = serverSettings();
const memoryMb = settings.memoryMb ?? 0;
let [file, argv] =
  memoryMb > 0 ? ['/bin/sh', ['-c', `ulimit -c 0; ulimit -v ${Math.round(memoryMb * 1024)} && exec "$0" "$@"`, command, ...args]] : [command, args];
const env = { ...process.env, ...settings.env };
if (settings.sandbox) ({ file, argv } = sandboxed(settings.sandbox, { file, argv, env, cwd: process.cwd(), bundle: removeAfter }));
/** @type {import('node:child_process').ChildProcess | undefined} */
let server;
let stopping = false;

/** @param {NodeJS.Signals} signal */
function signalGroup(signal) {
  if (server?.pid === undefined) return; // it never started
  try {
    process.kill(-server.pid, signal);
  } catch {
    // The group is already gone.
  }
}

function stop() {
  if (stopping) return;
  stopping = true;
  signalGroup('SIGTERM');
  // Unref'd: if the server exits in time, the supervisor exits with it, not after the grace.
  setTimeout(() => signalGroup('SIGKILL'), GRACE_MS).unref();
}

// Listen before the server starts: a signal that came between its start and these lines would
// end this process by default, and leave the server running on its own (Ctrl-C at the moment a
// spec starts a server). Handlers run on the event loop, so they always see `server` set.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, stop);
process.stdin.on('data', (data) => {
  // "kill\n" ends the server at once (the specs' "server crashed" case); anything else stops it.
  if (String(data).includes('kill')) {
    stopping = true;
    signalGroup('SIGKILL');
  } else stop();
});
process.stdin.on('end', stop);
process.stdin.on('error', stop);

server = spawn(file, argv, { stdio: ['ignore', 'inherit', 'inherit'], detached: true, env });
server.on('error', (error) => {
  console.error(`could not start ${command}: ${error.message}`);
  process.exit(127);
});
server.on('exit', (code, signal) => {
  // Children the server left in its group go too.
  signalGroup('SIGKILL');
  if (removeAfter) rmSync(removeAfter, { recursive: true, force: true });
  process.exitCode = code ?? 128 + (signal === 'SIGKILL' ? 9 : signal === 'SIGTERM' ? 15 : 1);
  process.stdin.destroy();
});
