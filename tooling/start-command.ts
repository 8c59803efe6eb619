// `npm start [exercise] [-- --server "<command>"]`: runs your server on PORT (default 8080) for
// you to open in a browser, and restarts it when you save a change. With no exercise, it starts
// the first one whose specs do not all pass yet.
import { watch, type FSWatcher } from 'node:fs';
import { rm } from 'node:fs/promises';
import net from 'node:net';
import { constants } from 'node:os';
import path from 'node:path';
import { buildServer, CompileError } from '../specs/harness/build.ts';
import { ServerGroup } from '../specs/harness/server-group.ts';
import { parseCommandLine, SERVER_OPTION, serverCommandOf, usageText, UsageError, type CommandLine } from './core/args.ts';
import { exerciseDir, idOf } from './core/curriculum.ts';
import type { Runtime } from './core/runtime.ts';
import { firstNotPassing } from './progress.ts';
import { resolveTarget } from './targets.ts';

// Saving code restarts the server; data files (05's messages.json) and pages in public/ do not:
// the server writes the one and serves the other fresh on every request.
const CODE_FILE = /\.(ts|mts|cts|js|mjs|cjs|py|rb|go|rs|java|php)$/;
const DEBOUNCE_MS = 100;

/** Resolves when nothing listens on HOST:PORT; rejects with a way out when something does. */
function checkPortFree(host: string, port: number, exerciseId: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(new UsageError(`Port ${port} is already in use: is another server still running? Stop it, or pick another port: PORT=${port + 1} npm start ${exerciseId}`));
      } else reject(new UsageError(`Cannot listen on ${host}:${port}: ${error.message}`));
    });
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

// What npm start says, as functions: the lessons show it, and tooling/lessons.test.ts checks them.

/** The first line npm start prints: which folder runs where. */
export function runningMessage(relative: string, host: string, port: number): string {
  return `Running ${relative} on http://${host}:${port}/ : it restarts when you save a change. Ctrl-C stops it.`;
}

/** What npm start says when the server ended by itself, or nothing. */
export function exitedMessage(code: number | null, signal: NodeJS.Signals | null): string | undefined {
  // As a shell says it: an end by a signal is 128 + its number (137 for SIGKILL, as the lessons teach).
  const status = signal ? 128 + (constants.signals[signal] ?? 0) : code;
  // 143 is the SIGTERM of a restart or of Ctrl-C: that end is ours, not the server's.
  if (status === null || status === 0 || status === 143) return undefined;
  return `Your server exited with code ${status}. Fix it and save: it starts again.`;
}

export const START_COMMAND_LINE: CommandLine = {
  command: 'npm start',
  synopsis: '[exercise] [-- --server "<command>"]',
  summary:
    'Runs your server on http://localhost:8080/ (or HOST and PORT) for you to open in a browser, and restarts it\n' +
    'when you save a code file. With no exercise, it starts the first one whose specs do not all pass yet.',
  positionals: [{ name: '[exercise]', help: '01, exercises/01 or exercises/01-raw-socket (or any folder named like one)' }],
  options: { '--server': SERVER_OPTION },
};

export async function startCommand(args: string[], runtime: Runtime): Promise<number> {
  const parsed = parseCommandLine(args, START_COMMAND_LINE);
  if (parsed.help) {
    console.log(usageText(START_COMMAND_LINE));
    return 0;
  }
  const [target] = parsed.positionals;
  const command = serverCommandOf(parsed);
  const cwd = process.env.INIT_CWD ?? process.cwd();

  let dir: string;
  let exercise: string;
  if (target) {
    const runs = resolveTarget(target, cwd);
    if (runs.length !== 1) throw new UsageError(`npm start runs one exercise at a time: npm start ${runs[0] ? idOf(runs[0].exercise) : '01'}`);
    dir = runs[0]!.dir;
    exercise = runs[0]!.exercise;
  } else {
    console.log('Looking for the first exercise that does not pass yet...');
    const next = await firstNotPassing(runtime);
    if (!next) {
      console.log('Every exercise passes. Pick one to run: npm start 05');
      return 0;
    }
    dir = exerciseDir(next.exercise);
    exercise = next.exercise.slug;
  }
  const host = process.env.HOST ?? 'localhost';
  const port = Number(process.env.PORT ?? 8080);
  await checkPortFree(host, port, idOf(exercise));

  const relative = path.relative(cwd, dir).startsWith('..') ? dir : path.relative(cwd, dir) || '.';
  return runAndRestart({ dir, host, port, command, announce: `${runningMessage(relative, host, port)}\n` });
}

interface RunOptions {
  dir: string;
  host: string;
  port: number;
  command: string[] | undefined;
  /** What to print once Ctrl-C is handled: it says "Ctrl-C stops it". */
  announce?: string;
}

interface Launched {
  group: ServerGroup;
  /** Set once npm start stops it (a restart, Ctrl-C): that end is no news. */
  stopping?: boolean;
  /** The bundle's temp folder, to delete once the server has stopped. */
  tempDir?: string;
}

async function launch({ dir, host, port, command }: RunOptions): Promise<Launched | undefined> {
  let args = command;
  let tempDir: string | undefined;
  if (!args) {
    try {
      const built = await buildServer(path.join(dir, 'server.ts'));
      args = [process.execPath, '--enable-source-maps', built.file];
      tempDir = built.tempDir;
    } catch (error) {
      if (!(error instanceof CompileError)) throw error;
      console.error(`server.ts does not compile:\n${error.message}\nFix it and save: the server starts again.`);
      return undefined;
    }
  }
  const group = await ServerGroup.start(args, { cwd: dir, env: { ...process.env, HOST: host, PORT: String(port) }, output: 'inherit', removeAfter: tempDir });
  group.child.on('error', (error) => console.error(`could not start ${args[0]}: ${error.message}`));
  return { group, tempDir };
}

async function stop(launched: Launched | undefined): Promise<void> {
  if (!launched) return;
  const { group, tempDir } = launched;
  launched.stopping = true;
  if (group.running) {
    await new Promise<void>((resolve) => {
      group.child.once('close', () => resolve());
      group.stop();
    });
  }
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
}

function runAndRestart(options: RunOptions): Promise<number> {
  return new Promise((resolve) => {
    let running: Launched | undefined;
    let restarting: Promise<void> = Promise.resolve();
    let timer: NodeJS.Timeout | undefined;

    const start = async () => {
      const launched = (running = await launch(options));
      launched?.group.child.once('exit', (code, signal) => {
        const exited = launched.stopping ? undefined : exitedMessage(code, signal);
        if (exited) console.error(`\n${exited}`);
      });
    };
    const restart = () => {
      restarting = restarting.then(async () => {
        console.log('\nA file changed: restarting...\n');
        await stop(running);
        await start();
      });
    };

    const watcher: FSWatcher = watch(options.dir, { recursive: true }, (_event, file) => {
      if (!file || !CODE_FILE.test(file) || file.includes('node_modules')) return;
      clearTimeout(timer);
      timer = setTimeout(restart, DEBOUNCE_MS);
    });

    // Ctrl-C, a `kill`, a closed terminal, or (tooling/kata.mjs) the npm that ran us gone: the
    // server stops and its bundle goes, however many of these come.
    let stopping = false;
    const shutdown = () => {
      if (stopping) return;
      stopping = true;
      watcher.close();
      clearTimeout(timer);
      void restarting.then(() => stop(running)).then(() => resolve(0));
    };
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, shutdown);
    // Only now: a Ctrl-C that came after the line but before these handlers (from a learner, or a
    // test, quick to act on it) ended the process by node's default, not by shutdown (seen in CI).
    if (options.announce) console.log(options.announce);
    restarting = start();
  });
}
