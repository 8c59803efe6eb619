// `npm test <target>` as a learner runs it: a real child process, its exit status and its output.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { KATA_ROOT } from './curriculum.ts';

interface Outcome {
  status: number | null;
  output: string;
}

/** Runs `node tooling/kata.mjs <args>` from the kata's root, as `npm test` does. */
function kata(args: string[], options: { timeoutMs?: number; env?: Record<string, string>; onStart?: (child: ChildProcess) => void } = {}): Promise<Outcome> {
  const { timeoutMs = 60_000, env = {}, onStart } = options;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(KATA_ROOT, 'tooling', 'kata.mjs'), ...args], {
      cwd: KATA_ROOT,
      env: { ...process.env, NO_COLOR: '1', KATA_PLAN: '', INIT_CWD: KATA_ROOT, ...env },
      // Its own process group, like a command in a terminal, so Ctrl-C can be sent to all of it.
      detached: true,
    });
    onStart?.(child);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output });
    });
  });
}

const hasPython = await new Promise<boolean>((resolve) => {
  const probe = spawn('python3', ['--version'], { stdio: 'ignore' });
  probe.on('error', () => resolve(false));
  probe.on('close', (status) => resolve(status === 0));
});

describe('npm test <target>', () => {
  it('exits 0 when every spec passes against the target', async () => {
    const { status, output } = await kata(['test', 'solutions/02']);
    expect(output).toMatch(/✓ 02-http-handler › solutions\/02-http-handler: all \d+ specs pass/);
    expect(status).toBe(0);
  });

  it('exits 1 when a spec fails, and says how many pass and where to start', async () => {
    const { status, output } = await kata(['test', 'exercises/01']);
    expect(output).toMatch(/✗ 01-raw-socket › exercises\/01-raw-socket: \d+ of \d+ specs pass/);
    expect(output).toMatch(/Read: exercises\/01-raw-socket\/README\.md#\d/);
    expect(status).toBe(1);
  });

  it('exits 2 with one line, and no stack trace, for a target that matches nothing', async () => {
    const { status, output } = await kata(['test', 'exercises/07']);
    expect(output.trim()).toBe('no exercise 07; exercises are 01..05');
    expect(status).toBe(2);
  });
});

describe('npm test <target> -- --server "<command>"', () => {
  it.skipIf(!hasPython)('checks a server written in Python with the same specs', async () => {
    const fixture = path.join('tooling', 'fixtures', 'any-language', '02-http-handler');
    const { status, output } = await kata(['test', fixture, '--server', 'python3 server.py']);
    expect(output).toMatch(/✓ 02-http-handler › .*: all \d+ specs pass/);
    expect(status).toBe(0);
  });

  it('skips the specs that read server.ts, and passes the rest', async () => {
    const { status, output } = await kata(['test', 'solutions/01', '--server', `${process.execPath} --import tsx server.ts`]);
    expect(output).toMatch(/1 skipped/);
    expect(output).toMatch(/✓ 01-raw-socket › solutions\/01-raw-socket: all \d+ specs pass/);
    expect(status).toBe(0);
  });

  it('exits 2 for a --server with no target', async () => {
    const { status, output } = await kata(['test', '--server', 'python3 server.py']);
    expect(output.trim()).toBe('--server needs a target: npm test exercises/02 -- --server "python3 server.py"');
    expect(status).toBe(2);
  });
});

/** Processes whose environment holds `marker`: everything a run started, however deep. */
function processesMarked(marker: string): { pid: number; args: string }[] {
  const found: { pid: number; args: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (!readFileSync(`/proc/${entry}/environ`, 'latin1').includes(marker)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      if (/^\d+ \(.*\) Z/.test(stat)) continue; // ended, not yet reaped
      found.push({ pid: Number(entry), args: readFileSync(`/proc/${entry}/cmdline`, 'latin1').replace(/\0/g, ' ') });
    } catch {
      // It ended while we looked.
    }
  }
  return found;
}

async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return condition();
}

describe('Ctrl-C during a run', () => {
  it('leaves no server, supervisor or worker running', async () => {
    const marker = `NETKATA_CTRL_C_${process.pid}_${Date.now()}`;
    let sentInterrupt = false;
    const outcome = kata(['test', 'exercises/01'], {
      env: { [marker]: '1' },
      onStart: (child) => {
        onTestFinished(() => {
          // Whatever happened, take the group down before the next test.
          try {
            process.kill(-child.pid!, 'SIGKILL');
          } catch {
            // already gone
          }
        });
        // Wait for a server itself (not just its supervisor), so there is something to leave behind.
        const serverRunning = () => processesMarked(marker).some((p) => p.args.includes('server.mjs') && !p.args.includes('supervisor.mjs'));
        void waitFor(serverRunning, 30_000).then(() => {
          sentInterrupt = true;
          process.kill(-child.pid!, 'SIGINT'); // what a terminal does on Ctrl-C
        });
      },
    });
    await outcome;
    expect(sentInterrupt, 'a server was running when Ctrl-C came').toBe(true);
    const leftover = await waitFor(() => processesMarked(marker).length === 0, 5000);
    expect(leftover ? [] : processesMarked(marker)).toEqual([]);
  });
});
