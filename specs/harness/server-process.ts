// Starts a learner's server as a real child process on 127.0.0.1 and a free port, waits until it
// accepts connections, collects its output, and stops it (with everything it spawned).
import { rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { serverFlag, shellWord } from '../../tooling/core/args.ts';
import { buildServer, CompileError, type BuiltServer } from './build.ts';
import { listenerOn, type Listener } from './port-owner.ts';
import { ServerGroup, watchdogSettled } from './server-group.ts';
import { serverSettings } from '../../tooling/core/server-settings.mjs';

const READY_TIMEOUT_MS = 10_000;
const POLL_MS = 5;
/** How long a readiness probe waits for the server to close its side before closing its own. */
const PROBE_LINGER_MS = 2000;
/** The grader's settings for servers (none when a learner runs npm test); server-group.ts applies the rest. */
const GRADER = serverSettings();
/** What the harness keeps of a server's output; the rest is read and dropped, so that a server
 * that prints megabytes cannot fill the test worker's memory. */
const OUTPUT_LIMIT = GRADER.outputLimit ?? 4 * 1024 * 1024;
/** node flags for the server process only (the grader's preload, a heap limit). */
const GRADER_NODE_ARGS = GRADER.nodeArgs ?? [];

/**
 * The server's output goes to a pipe, not a terminal, and some languages hold back what a program
 * prints to a pipe until a buffer fills: a Python server's print() would reach the specs (its
 * access log, "says so on stdout") only when it exits. These variables ask for every line at once.
 * Node, Go and Rust write at once anyway; Ruby and C need it in code ($stdout.sync, setvbuf).
 */
const UNBUFFERED = { PYTHONUNBUFFERED: '1' };

export interface StartOptions {
  /** Folder to run in: its server.ts is started (or the command, when there is one). */
  dir: string;
  /** Extra environment (DATA_FILE, ...). HOST and PORT are always set by the harness. */
  env?: Record<string, string>;
  /** Reuse this port (a restart must come back where the browser left it). */
  port?: number;
  /** How long the server may take to accept connections. */
  readyTimeoutMs?: number;
  /**
   * Start this command in `dir` instead of building its server.ts (`--server "python3 server.py"`:
   * a server in any language). Defaults to the one set with useServerCommand.
   */
  command?: string[];
}

let defaultCommand: string[] | undefined;

/** Every server started from now on runs this command instead of server.ts (undefined: server.ts). */
export function useServerCommand(command: string[] | undefined): void {
  defaultCommand = command;
}

/** Why a server could not be used; its message is written for the learner. */
export class ServerStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServerStartError';
    // The harness's own stack frames would only hide the server's output from the learner.
    this.stack = `${this.name}: ${message}`;
  }
}

export class RunningServer {
  readonly output: string[] = [];
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exited: Promise<void>;

  readonly port: number;
  /** The socket it listens on, as seen once it started (undefined where /proc cannot say). */
  listener: Listener | undefined;
  /** Undefined for a --server command: there is no server.ts to read. */
  private readonly bundle: BuiltServer | undefined;
  private readonly group: ServerGroup;

  constructor(port: number, bundle: BuiltServer | undefined, group: ServerGroup, what: string) {
    this.port = port;
    this.bundle = bundle;
    this.group = group;
    const { child } = group;
    child.stdout?.on('data', (chunk: Buffer) => this.keepOutput(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.keepOutput(chunk));
    // A command that cannot be started at all (a --server "pythn server.py"): said as a shell would.
    child.on('error', (error) => this.keepOutput(Buffer.from(`could not start ${what}: ${error.message}\n`)));
    this.exited = new Promise((resolve) => {
      child.on('close', (code, signal) => {
        this.exit = { code: code !== null && code < 0 ? 127 : code, signal };
        resolve();
        for (const look of this.onChange) look();
      });
    });
  }

  /** The server's process (or its wrapper's, under the grader): where its listener is looked for. */
  get pid(): number | undefined {
    return this.group.child.pid;
  }

  private outputBytes = 0;
  private keepOutput(chunk: Buffer): void {
    if (this.outputBytes > OUTPUT_LIMIT) return;
    this.outputBytes += chunk.length;
    if (this.outputBytes <= OUTPUT_LIMIT) this.output.push(chunk.toString('utf8'));
    else this.output.push(`\n… (the rest of its output is dropped: the harness keeps its first ${OUTPUT_LIMIT} bytes)\n`);
    for (const look of this.onChange) look();
  }

  /** The bundle of server.ts: what it imports. */
  get build(): BuiltServer {
    if (!this.bundle) {
      throw new Error('this spec reads server.ts, but the server is a --server command: call onlyForTypeScript(context) at its start (specs/harness/kata.ts)');
    }
    return this.bundle;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Everything the server printed so far (stdout and stderr, in arrival order). */
  get printed(): string {
    return this.output.join('');
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  /** Resolves when the server has exited. */
  whenExited(): Promise<void> {
    return this.exited;
  }

  /** Called on each piece of output and at the exit: what waitForOutput waits on. */
  private readonly onChange = new Set<() => void>();

  /**
   * Waits until the server has printed something that matches: looked at again on each piece of
   * output it prints, and at its exit; false when `timeoutMs` passed first, or it exited without.
   */
  async waitForOutput(matches: (printed: string) => boolean, timeoutMs = 2000): Promise<boolean> {
    if (matches(this.printed)) return true;
    if (!this.running) return false;
    let timer: NodeJS.Timeout | undefined;
    let look = () => {};
    try {
      return await new Promise<boolean>((resolve) => {
        look = () => {
          if (matches(this.printed)) resolve(true);
          else if (!this.running) resolve(false);
        };
        this.onChange.add(look);
        // A deadline already past is a timeout of 0 (node 24 warns of a negative one).
        timer = setTimeout(() => resolve(matches(this.printed)), Math.max(0, timeoutMs));
      });
    } finally {
      clearTimeout(timer);
      this.onChange.delete(look);
    }
  }

  /** SIGTERM, then SIGKILL after a grace period, for the server's whole process group. */
  async stop(): Promise<void> {
    this.group.stop();
    await this.exited;
    await this.removeBundle();
    await watchdogSettled();
  }

  /** The bundle goes when the server ends (server-group.ts); this is for a server that never started. */
  private async removeBundle(): Promise<void> {
    if (this.bundle) await rm(this.bundle.tempDir, { recursive: true, force: true });
  }

  /** SIGKILL at once: the server gets no chance to clean up, as in a crash or power cut. */
  async kill(): Promise<void> {
    this.group.kill();
    await this.exited;
    await this.removeBundle();
    await watchdogSettled();
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Whether a socket is connected to itself. While nothing listens on a port, a connection to it can
 * be given that very port as its own source port (TCP's simultaneous open): it "connects", to
 * nobody. A readiness probe that took that for the server would let the specs start before the
 * server listens, and the first spec fail at the wrong step: the likely cause of a 05 mutant whose
 * run ended after 0.7 s with its first spec failed (seen twice, in CI; not reproduced with its seed).
 */
export function selfConnected(socket: net.Socket): boolean {
  return socket.localPort === socket.remotePort && socket.localAddress === socket.remoteAddress;
}

/**
 * Whether something accepts connections on the port. The probe leaves politely: it reads and drops
 * whatever the server sends and closes its side (FIN). Dropping the connection with the server's
 * answer unread would reset it (RST), and a server with no 'error' handler on its sockets, as a
 * learner's often is, would crash on the harness's own probe.
 */
function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      if (selfConnected(socket)) {
        socket.destroy();
        resolve(false);
        return;
      }
      socket.resume();
      socket.end();
      // A server that never closes its side: let go after a while (its answer read by then).
      socket.setTimeout(PROBE_LINGER_MS, () => socket.destroy());
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

function indent(text: string, lines = 40): string {
  const all = text.trimEnd().split('\n');
  const shown = all.length > lines ? [...all.slice(0, lines), `… (${all.length - lines} more lines)`] : all;
  return shown.map((l) => `  │ ${l}`).join('\n') || '  │ (nothing)';
}

/**
 * Builds and starts the server in `options.dir`, and resolves once it accepts TCP connections.
 * The port is free when chosen, but another process may take it before the server binds it; a
 * server that then fails with EADDRINUSE is started again on a new port (a race of the harness's
 * own making, not the learner's bug). A port the caller chose is never changed.
 */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options);
    } catch (error) {
      const portRace = error instanceof ServerStartError && error.message.includes('EADDRINUSE');
      if (!portRace || options.port !== undefined || attempt === 3) throw error;
    }
  }
}

async function startOnce(options: StartOptions): Promise<RunningServer> {
  const entry = path.join(options.dir, 'server.ts');
  const command = options.command ?? defaultCommand;
  let built: BuiltServer | undefined;
  if (!command) {
    try {
      built = await buildServer(entry);
    } catch (error) {
      if (error instanceof CompileError) {
        throw new ServerStartError(`Your server does not compile, so no spec could run.\n${error.message}\n` + `Fix the error above in ${entry} and run the specs again.`);
      }
      throw error;
    }
  }
  const port = options.port ?? (await freePort());
  const serverArgs = built ? [process.execPath, ...GRADER_NODE_ARGS, '--enable-source-maps', built.file] : command!;
  const runItYourself = `npm start ${shellWord(options.dir)}${command ? ` -- ${serverFlag(command)}` : ''}`;
  const group = await ServerGroup.start(serverArgs, {
    cwd: options.dir,
    env: { ...process.env, ...UNBUFFERED, ...options.env, HOST: '127.0.0.1', PORT: String(port), NODE_OPTIONS: '' },
    output: 'pipe',
    removeAfter: built?.tempDir,
  });
  const server = new RunningServer(port, built, group, serverArgs[0]!);
  const readyTimeoutMs = options.readyTimeoutMs ?? READY_TIMEOUT_MS;
  const deadline = Date.now() + readyTimeoutMs;
  while (!(await canConnect(port))) {
    if (!server.running) {
      await server.stop();
      const how = server.exit?.signal ? `was killed by ${server.exit.signal}` : `exited with code ${server.exit?.code}`;
      throw new ServerStartError(
        `Your server ${how} before it listened on 127.0.0.1:${port}, so no spec could run.\n` +
          `What it printed:\n${indent(server.printed)}\n` +
          `Check the error above; run it yourself with: ${runItYourself}`,
      );
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new ServerStartError(
        `Your server was still not accepting connections on 127.0.0.1:${port} after ${readyTimeoutMs / 1000} s, so no spec could run.\n` +
          `What it printed:\n${indent(server.printed)}\n` +
          (command
            ? `Check that your server listens on the port in the PORT environment variable and the host in HOST.`
            : `Check that server.ts listens on the port in process.env.PORT and the host in process.env.HOST.`),
      );
    }
    await sleep(POLL_MS);
  }
  const seen = server.pid === undefined ? { takenByAnother: false } : await listenerOn(server.pid, port);
  server.listener = seen.own;
  if (seen.takenByAnother) {
    // Another process took the port between its choice and now: our server fails to bind it.
    await server.stop();
    throw new ServerStartError(
      `Port ${port} was taken by another program before your server could listen on it (EADDRINUSE). ` +
        'That is a clash on this machine, not a bug in your server: run the specs again.',
    );
  }
  return server;
}
