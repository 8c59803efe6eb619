// The tests' own helper for kata commands (tooling/testing/kata-process.ts): a test that ends
// while a command it started still runs (it failed before its Ctrl-C) leaves nothing of it behind.
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../specs/harness/server-process.ts';
import { KATA_ROOT } from '../core/curriculum.ts';
import { killProcessesWithEnv } from '../core/processes.ts';
import { processesMarked, startKata, waitFor } from './kata-process.ts';

describe('a test that ends while a command it started still runs', () => {
  // The first test leaves `npm start` serving; the second looks at what is left once it is done.
  const marker = `NETKATA_LEFT_RUNNING_${process.pid}_${Date.now()}`;
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), 'left-running-tmp-'));
  });
  afterAll(async () => {
    killProcessesWithEnv(marker, '1'); // whatever this test found left behind
    await rm(tmp, { recursive: true, force: true });
  });

  it('leaves npm start serving', async (context) => {
    const port = await freePort();
    const kata = startKata(context, ['start', path.join(KATA_ROOT, 'solutions', '02-http-handler')], { [marker]: '1', TMPDIR: tmp, PORT: String(port), HOST: '127.0.0.1' });
    const serverRunning = () => processesMarked(marker).some((p) => p.args.includes('server.mjs'));
    expect(await waitFor(serverRunning, 60_000), kata.output()).toBe(true);
  });

  it('has its server and its bundle gone once that test is done, not just npm start', async () => {
    // A server's grace after SIGTERM is 1 s.
    await waitFor(() => processesMarked(marker).length === 0, 5000);
    expect(processesMarked(marker).map((p) => p.args)).toEqual([]);
    expect(readdirSync(tmp).filter((name) => name.startsWith('netkata-'))).toEqual([]);
  });
});
