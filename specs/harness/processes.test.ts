// Ending what a submission left running: a process in a session of its own (beyond the reach of
// any process group) is still found by the mark in its environment, and killed.
import { spawn } from 'node:child_process';
import { describe, expect, it, onTestFinished } from 'vitest';
import { sleep } from './server-process.ts';
import { killProcessesWithEnv, processesWithEnv, signal } from '../../tooling/core/processes.ts';

const linux = process.platform === 'linux';

describe.skipIf(!linux)('killProcessesWithEnv', () => {
  it('kills a detached process that carries the mark, and nothing else', async () => {
    const mark = `test-${process.pid}-${Date.now()}`;
    const marked = spawn('sleep', ['30'], { detached: true, stdio: 'ignore', env: { ...process.env, KATA_GRADE_BATCH: mark } });
    const unmarked = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    onTestFinished(() => {
      for (const child of [marked, unmarked]) if (child.pid) signal(child.pid, 'SIGKILL');
    });
    const exited = new Promise((resolve) => marked.once('exit', resolve));
    await sleep(50);
    expect(processesWithEnv('KATA_GRADE_BATCH', mark).map((p) => p.pid)).toEqual([marked.pid]);

    expect(killProcessesWithEnv('KATA_GRADE_BATCH', mark)).toBe(1);
    await exited;
    expect(processesWithEnv('KATA_GRADE_BATCH', mark)).toEqual([]);
    expect(unmarked.exitCode).toBeNull();
  });
});
