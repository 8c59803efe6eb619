// The harness's side of the grader's bounds: it keeps only so much of what a server prints
// (the grader's outputLimit), so that a server printing megabytes cannot fill a test worker.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { encodeServerSettings, SERVER_SETTINGS_VARIABLE } from '../tooling/core/server-settings.mjs';

const LIMIT = 64 * 1024;
// Read when the harness module loads: set it first, then load the module.
Object.assign(process.env, encodeServerSettings({ outputLimit: LIMIT }));
const { startServer, sleep } = await import('../specs/harness/server-process.ts');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'netkata-harness-limits-'));
  await writeFile(
    path.join(dir, 'server.ts'),
    `import net from 'node:net';
const line = 'x'.repeat(1023) + '\\n';
for (let i = 0; i < 2048; i++) process.stdout.write(line);
net.createServer((s) => s.end()).listen(Number(process.env.PORT), process.env.HOST);
`,
  );
});
afterAll(async () => {
  delete process.env[SERVER_SETTINGS_VARIABLE];
  await rm(dir, { recursive: true, force: true });
});

describe('a server that prints 2 MB', () => {
  it('starts, and the harness keeps only the first outputLimit bytes of its output', async () => {
    const server = await startServer({ dir });
    onTestFinished(() => server.stop());
    await sleep(200); // let the rest of the 2 MB arrive and be dropped
    expect(server.printed.length).toBeLessThan(LIMIT + 200);
    expect(server.printed).toMatch(/the rest of its output is dropped: the harness keeps its first 65536 bytes/);
  });
});
