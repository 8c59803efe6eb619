// The removal of a run's temp root at exit (temp-root.ts), while another thread still makes folders
// in it, as a spec worker's beforeAll can while the process exits.
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { removeWhileWritten } from './temp-root.ts';

const root = await mkdtemp(path.join(tmpdir(), 'netkata-temp-root-test-'));
afterAll(() => rm(root, { recursive: true, force: true }));

// Makes folders in the root for 60 ms, as fast as it can; says "making" once it has begun.
const MAKER = `
const { mkdirSync } = require('node:fs');
const path = require('node:path');
const { parentPort, workerData } = require('node:worker_threads');
const end = Date.now() + 60;
let n = 0;
parentPort.postMessage('making');
while (Date.now() < end) { try { mkdirSync(path.join(workerData, 'fixture-' + n++)); } catch {} }
`;

describe('removeWhileWritten', () => {
  it('removes a folder in which another thread is still making folders', async () => {
    const dir = path.join(root, 'run');
    mkdirSync(dir);
    const maker = new Worker(MAKER, { eval: true, workerData: dir });
    const ended = new Promise((resolve) => maker.once('exit', resolve));
    await new Promise((resolve) => maker.once('message', resolve));
    removeWhileWritten(dir);
    await ended;
    expect(existsSync(dir)).toBe(false);
  });
});
