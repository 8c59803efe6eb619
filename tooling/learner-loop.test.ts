// The learner's loop, run as a learner would: npm start, npm run watch, npm run progress and
// npm run hint, as real child processes on real ports, with real file changes.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../specs/harness/server-process.ts';
import { KATA_ROOT } from './curriculum.ts';
import { interrupt, runKata, startKata } from './testing/kata-process.ts';
import { hasPython } from './testing/python.ts';

// Each spec runs whole kata commands (a vitest run, servers, maybe Chromium) as child processes;
// while the self-check loads both cores, one can take far longer than vitest's default 20 s.
vi.setConfig({ testTimeout: 120_000 });

let temp: string;
beforeAll(async () => {
  temp = await mkdtemp(path.join(tmpdir(), 'netkata-loop-'));
});
afterAll(() => rm(temp, { recursive: true, force: true }));

/** A copy of solution 02 that the test may change, in a folder of its own. */
async function copyOfSolution02(name: string): Promise<string> {
  const dir = path.join(temp, name, '02-http-handler');
  await cp(path.join(KATA_ROOT, 'solutions', '02-http-handler'), dir, { recursive: true });
  return dir;
}

/** A copy of exercise 02 written in Python (tooling/fixtures/any-language), in a folder of its own. */
async function copyOfPython02(name: string): Promise<string> {
  const dir = path.join(temp, name, '02-http-handler');
  await cp(path.join(KATA_ROOT, 'tooling', 'fixtures', 'any-language', '02-http-handler'), dir, { recursive: true });
  return dir;
}

async function edit(file: string, from: string, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  expect(text).toContain(from);
  await writeFile(file, text.replace(from, to));
}

async function pageAt(port: number): Promise<string> {
  return fetch(`http://127.0.0.1:${port}/`).then(
    (res) => res.text(),
    (error: Error) => `(no answer: ${error.message})`,
  );
}

describe.concurrent('npm start', () => {
  it('serves the exercise on PORT, restarts it on save, and stops on Ctrl-C', async (context) => {
    const dir = await copyOfSolution02('start');
    const port = await freePort();
    const kata = startKata(context, ['start', dir], { PORT: String(port), HOST: '127.0.0.1' });
    expect(await kata.waitForOutput(new RegExp(`http://127\\.0\\.0\\.1:${port}/`)), kata.output()).toBe(true);
    expect(await waitForPage(port, /Hello from the node:http server/)).toBe(true);

    await edit(path.join(dir, 'server.ts'), 'Hello from the node:http server', 'Howdy from the node:http server');
    expect(await waitForPage(port, /Howdy from the node:http server/), kata.output()).toBe(true);

    interrupt(kata);
    expect(await kata.exited).toBe(0);
    expect(await pageAt(port)).toMatch(/no answer/);
  });

  it('says when the server crashes, and starts it again on the next save', async (context) => {
    const dir = await copyOfSolution02('crash');
    const server = path.join(dir, 'server.ts');
    await writeFile(server, `${await readFile(server, 'utf8')}\nsetTimeout(() => process.exit(3), 500); // crash\n`);
    const port = await freePort();
    const kata = startKata(context, ['start', dir], { PORT: String(port), HOST: '127.0.0.1' });
    expect(await kata.waitForOutput(/Your server exited with code 3\. Fix it and save: it starts again\./), kata.output()).toBe(true);

    await edit(server, 'setTimeout(() => process.exit(3), 500); // crash', '');
    expect(await waitForPage(port, /Hello from the node:http server/), kata.output()).toBe(true);
    interrupt(kata);
    expect(await kata.exited).toBe(0);
  });

  it.skipIf(!hasPython)('runs a server in another language with --server, and restarts it on save', async (context) => {
    const dir = await copyOfPython02('start-python');
    const port = await freePort();
    const kata = startKata(context, ['start', dir, '--server', 'python3 server.py'], { PORT: String(port), HOST: '127.0.0.1' });
    expect(await waitForPage(port, /Hello from a Python server/), kata.output()).toBe(true);
    await edit(path.join(dir, 'server.py'), 'Hello from a Python server', 'Howdy from a Python server');
    expect(await waitForPage(port, /Howdy from a Python server/), kata.output()).toBe(true);
    interrupt(kata);
    expect(await kata.exited).toBe(0);
    expect(await pageAt(port)).toMatch(/no answer/);
  });

  it('starts the first exercise that does not pass yet when given none', async (context) => {
    const port = await freePort();
    const kata = startKata(context, ['start'], { PORT: String(port), HOST: '127.0.0.1' });
    // The kata's own exercises are untouched stubs: the first one does not pass.
    expect(await kata.waitForOutput(new RegExp(`Running exercises/01-raw-socket on http://127\\.0\\.0\\.1:${port}/`), 60_000), kata.output()).toBe(true);
    interrupt(kata);
    expect(await kata.exited).toBe(0);
  }, 90_000);

  it('refuses a busy port with a way out, not a stack trace', async (context) => {
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    context.onTestFinished(() => void busy.close());
    const port = (busy.address() as net.AddressInfo).port;
    const { status, output } = await runKata(context, ['start', await copyOfSolution02('busy')], { PORT: String(port), HOST: '127.0.0.1' });
    expect(output.trim()).toBe(`Port ${port} is already in use: is another server still running? Stop it, or pick another port: PORT=${port + 1} npm start 02`);
    expect(status).toBe(2);
  });
});

async function waitForPage(port: number, pattern: RegExp): Promise<boolean> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (pattern.test(await pageAt(port))) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

describe.concurrent('npm run watch', () => {
  it('runs the specs, then again on every save, with the new result', async (context) => {
    const dir = await copyOfSolution02('watch');
    const kata = startKata(context, ['watch', dir]);
    expect(await kata.waitForOutput(/Tests\s+15 passed/), kata.output()).toBe(true);
    await edit(path.join(dir, 'server.ts'), "'Content-Type': 'text/html; charset=utf-8'", "'Content-Type': 'text/plain'");
    expect(await kata.waitForOutput(/Tests\s+\d+ failed/), kata.output()).toBe(true);
    interrupt(kata);
    await kata.exited;
  });

  it.skipIf(!hasPython)('runs the specs against a server in another language with --server, again on every save', async (context) => {
    const dir = await copyOfPython02('watch-python');
    const kata = startKata(context, ['watch', dir, '--server', 'python3 server.py']);
    expect(await kata.waitForOutput(/Tests\s+15 passed/), kata.output()).toBe(true);
    await edit(path.join(dir, 'server.py'), '"text/html; charset=utf-8"', '"text/plain"');
    expect(await kata.waitForOutput(/Tests\s+\d+ failed/), kata.output()).toBe(true);
    interrupt(kata);
    await kata.exited;
  });
});

describe.concurrent('npm run progress and npm run hint', () => {
  it('shows every exercise with its state, a bar, and the next command', async (context) => {
    const { status, output } = await runKata(context, ['progress']);
    expect(output).toMatch(/netkata progress/);
    expect(output).toMatch(/ 01 {2}A tiny web server on a raw socket/);
    expect(output).toMatch(/\[[█░]{30}\] \d+ of \d+ specs \(\d+%\) · \d of \d exercises done/);
    expect(output).toMatch(/Next: npm test exercises\/01/);
    expect(status).toBe(0);
    }, 120_000);

  it('gives the hints of the step the first failing spec points at, one more each time', async (context) => {
    const state = path.join(temp, 'hint-state');
    const first = await runKata(context, ['hint', '01'], { KATA_STATE_DIR: state });
    expect(first.output).toMatch(/^Step \d+\. /m);
    expect(first.output).toMatch(/Hint 1 of \d+: /);
    const second = await runKata(context, ['hint', '01'], { KATA_STATE_DIR: state });
    expect(second.output).toMatch(/Hint 2 of \d+: /);
  });

  it('gives a hint for the step asked for', async (context) => {
    const { output } = await runKata(context, ['hint', '02', '--step', '5'], { KATA_STATE_DIR: path.join(temp, 'hint-step') });
    expect(output).toMatch(/^Step 5\. Other methods: 405 and Allow/m);
    expect(output).toMatch(/Hint 1 of \d+: /);
  });
});
