// The harness's server lifecycle, with real processes: start, the failures a learner sees when a
// server cannot start, and stopping everything it spawned.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { allProcesses, signal } from '../../tooling/core/processes.ts';
import { ServerStartError, sleep, startServer } from './server-process.ts';

const temps: string[] = [];
afterEach(async () => {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function serverDir(code: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'netkata-harness-test-'));
  temps.push(dir);
  await writeFile(path.join(dir, 'server.ts'), code);
  return dir;
}

const LISTENING = `
import net from 'node:net';
net.createServer((s) => s.end('hi')).listen(Number(process.env.PORT), process.env.HOST);
`;

/** Running, not ended: a zombie (ended, not yet reaped by its new parent) counts as ended. */
function alive(pid: number): boolean {
  return allProcesses().some((p) => p.pid === pid);
}

async function waitUntil(condition: () => boolean, ms = 3000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && !condition()) await sleep(20);
  return condition();
}

describe('startServer', () => {
  it('starts a server on HOST and PORT and resolves once it accepts connections', async () => {
    const server = await startServer({ dir: await serverDir(LISTENING) });
    onTestFinished(() => server.stop());
    const reply = await fetch(server.url).catch((error: Error) => error.message);
    expect(server.running).toBe(true);
    expect(typeof reply).toBe('string'); // "hi" is no HTTP: fetch fails, but it connected
  });

  it('runs a --server command, whose server.ts no spec may read', async () => {
    const dir = await serverDir('');
    const listen = "require('node:net').createServer((s) => s.end('hi')).listen(Number(process.env.PORT), process.env.HOST)";
    const server = await startServer({ dir, command: [process.execPath, '-e', listen] });
    onTestFinished(() => server.stop());
    expect(server.running).toBe(true);
    // A spec that reads server.ts must skip itself first (onlyForTypeScript), or it would pass on nothing.
    expect(() => server.build).toThrow(/onlyForTypeScript/);
  });

  it('does not take another process that listens on its port for the server', async () => {
    // Another process took the port first (a free port is only free when it is chosen): the
    // server fails with EADDRINUSE, and the harness must not talk to the other one instead.
    const other = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => void other.close());
    const port = (other.address() as net.AddressInfo).port;
    const error = await startServer({ dir: await serverDir(LISTENING), port }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerStartError);
    expect((error as Error).message).toMatch(/EADDRINUSE/);
  });

  it('reports a server that exits at start with its exit code and its own output', async () => {
    const dir = await serverDir(`console.error('boom: missing config'); process.exit(3);`);
    const error = await startServer({ dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerStartError);
    expect((error as Error).message).toMatch(/exited with code 3/);
    expect((error as Error).message).toMatch(/boom: missing config/);
  });

  it('reports a server that does not compile, with the line, and leaves no bundle folder behind', async () => {
    const dir = await serverDir('const x: number = ;\n');
    // The bundle's temp folder goes under TMPDIR: a folder of this test's own, to look into.
    const tmp = await mkdtemp(path.join(tmpdir(), 'netkata-harness-tmp-'));
    temps.push(tmp);
    const before = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    const error = await startServer({ dir })
      .catch((e: unknown) => e)
      .finally(() => (before === undefined ? delete process.env.TMPDIR : (process.env.TMPDIR = before)));
    expect(error).toBeInstanceOf(ServerStartError);
    expect((error as Error).message).toMatch(/does not compile[\s\S]*server\.ts:1/);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('reports a server that never listens, after the ready timeout', async () => {
    const dir = await serverDir(`console.log('waiting...'); setInterval(() => {}, 1000);`);
    // Long enough for node to start and print even on a loaded machine, short enough for a test.
    const error = await startServer({ dir, readyTimeoutMs: 5000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerStartError);
    expect((error as Error).message).toMatch(/still not accepting connections[\s\S]*waiting\.\.\./);
  });

  it('tells a --server command that never listens where its port and host come from', async () => {
    const dir = await serverDir('');
    const command = [process.execPath, '-e', "console.log('waiting...'); setInterval(() => {}, 1000)"];
    const error = await startServer({ dir, command, readyTimeoutMs: 5000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerStartError);
    expect((error as Error).message).toMatch(/still not accepting connections[\s\S]*waiting\.\.\.[\s\S]*the port in the PORT environment variable and the host in HOST/);
  });
});

describe('stopping', () => {
  it('ends the server and the children it spawned', async () => {
    const dir = await serverDir(`
import { spawn } from 'node:child_process';
const child = spawn('sleep', ['30'], { stdio: 'ignore' });
console.log('child ' + child.pid);
${LISTENING}`);
    const server = await startServer({ dir });
    await server.waitForOutput((out) => /child \d+/.test(out));
    const childPid = Number(/child (\d+)/.exec(server.printed)?.[1]);
    expect(alive(childPid)).toBe(true);
    await server.stop();
    expect(await waitUntil(() => !alive(childPid))).toBe(true);
  });

  it.skipIf(process.platform !== 'linux')('stops or kills a server that has just exited by itself, without an error', async () => {
    for (const end of ['stop', 'kill'] as const) {
      // It ends on its second connection: the harness's check that it listens is the first.
      const dir = await serverDir(`import net from 'node:net';
let connections = 0;
net.createServer((socket) => (++connections === 2 ? process.exit(0) : socket.destroy())).listen(Number(process.env.PORT), process.env.HOST);`);
      const server = await startServer({ dir });
      onTestFinished(() => server.stop());
      const pid = server.pid!;
      // Its second connection, made by another process: this one's event loop must not turn.
      execFileSync('bash', ['-c', `exec 3<>/dev/tcp/127.0.0.1/${server.port}`]);
      // Wait for the server to end, without giving the event loop a turn: the harness has not
      // heard of it yet, and signals a group whose one process has ended. That must not become an
      // unhandled error, which would fail the whole run.
      const deadline = Date.now() + 5000;
      while (alive(pid) && Date.now() < deadline);
      expect(alive(pid), 'the server ended').toBe(false);
      expect(server.running, 'the harness has not heard of it yet').toBe(true);
      await server[end]();
      expect(server.exit).toEqual({ code: 0, signal: null });
    }
  });

  it('ends a server that ignores SIGTERM, after the grace period', async () => {
    const dir = await serverDir(`process.on('SIGTERM', () => console.log('ignoring SIGTERM'));\n${LISTENING}`);
    const server = await startServer({ dir });
    await server.stop();
    expect(server.exit?.signal ?? server.exit?.code).toBeTruthy();
    expect(server.running).toBe(false);
  });

  /** Starts the fixture: a process that starts 3 servers and stops the first; resolves with them all. */
  async function starter(detached: boolean) {
    const folder = await mkdtemp(path.join(tmpdir(), 'netkata-harness-starter-'));
    temps.push(folder);
    const fixture = path.join(import.meta.dirname, 'fixtures', 'starts-servers.fixture.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, '3', folder], { stdio: ['ignore', 'pipe', 'inherit'], detached });
    onTestFinished(() => void signal(detached ? -child.pid! : child.pid!, 'SIGKILL'));
    const [line] = (await new Promise<string[]>((resolve) => child.stdout.on('data', (chunk: Buffer) => resolve(String(chunk).split('\n'))))) as [string];
    const servers = JSON.parse(line) as { pid: number; bundle: string }[];
    for (const { pid } of servers) onTestFinished(() => void signal(-pid, 'SIGKILL'));
    return { child, servers };
  }

  it.skipIf(process.platform !== 'linux')('ends the servers of a process that is killed (SIGKILL), and removes their bundles', async () => {
    const { child, servers } = await starter(false);
    const [stopped, ...running] = servers;
    expect(alive(stopped!.pid) || existsSync(stopped!.bundle), 'the one it stopped is gone, with its bundle').toBe(false);
    expect(running.every(({ pid }) => alive(pid)), 'the others run').toBe(true);
    child.kill('SIGKILL'); // as a spec worker dies at a Ctrl-C, or npm start at a kill -9
    expect(await waitUntil(() => running.every(({ pid }) => !alive(pid))), 'its servers ended').toBe(true);
    expect(await waitUntil(() => running.every(({ bundle }) => !existsSync(bundle))), 'their bundles are gone').toBe(true);
  });

  it.skipIf(process.platform !== 'linux')('ends a server it is told of after it was interrupted (a worker finishing its step after Ctrl-C)', async () => {
    const watchdog = spawn('/bin/sh', [path.join(import.meta.dirname, 'watchdog.sh'), '0.2'], { stdio: ['pipe', 'pipe', 'ignore'] });
    onTestFinished(() => void watchdog.kill('SIGKILL'));
    await new Promise((resolve) => watchdog.stdout.once('data', resolve)); // "ready"
    watchdog.kill('SIGTERM');
    const server = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    onTestFinished(() => void signal(-server.pid!, 'SIGKILL'));
    watchdog.stdin.write(`+${server.pid}\n`);
    expect(await waitUntil(() => !alive(server.pid!)), 'the server it was told of ended').toBe(true);
  });

  it.skipIf(process.platform !== 'linux')('ends the servers when Ctrl-C reaches the process group that started them', async () => {
    const { child, servers } = await starter(true);
    signal(-child.pid!, 'SIGINT'); // a terminal's Ctrl-C: the starter and its watchdog
    expect(await waitUntil(() => servers.every(({ pid }) => !alive(pid))), 'its servers ended').toBe(true);
  });
});
