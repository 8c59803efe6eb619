// Runs one server for the spec harness: `node supervisor.mjs <command> [args...]`.
// It starts the server in a process group of its own and ends that whole group (SIGTERM, then
// SIGKILL after a grace period) when it is told to stop, when it is interrupted (Ctrl-C), or when
// its stdin closes because the test worker that started it has died. That way no server, nor any
// child a server spawned, outlives a test run, whatever happens to the run.
// Plain JavaScript so that it starts in tens of milliseconds with plain node.
import { spawn } from 'node:child_process';
import { setTimeout } from 'node:timers';

const GRACE_MS = Number(process.env.KATA_STOP_GRACE_MS ?? 1000);
const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node supervisor.mjs <command> [args...]');
  process.exit(2);
}

const server = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'], detached: true });
let stopping = false;

/** @param {NodeJS.Signals} signal */
function signalGroup(signal) {
  if (server.pid === undefined) return; // it never started
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

server.on('error', (error) => {
  console.error(`could not start ${command}: ${error.message}`);
  process.exit(127);
});
server.on('exit', (code, signal) => {
  // Children the server left in its group go too.
  signalGroup('SIGKILL');
  process.exitCode = code ?? 128 + (signal === 'SIGKILL' ? 9 : signal === 'SIGTERM' ? 15 : 1);
  process.stdin.destroy();
});

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
