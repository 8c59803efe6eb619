// The learner's loop, run as a learner would: npm start, npm run watch, npm run progress and
// npm run hint, as real child processes on real ports, with real file changes.
import { readdirSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { lessonSteps } from '../specs/harness/lesson.ts';
import { freePort } from '../specs/harness/server-process.ts';
import { KATA_ROOT, lessonFile, loadCurriculum } from './core/curriculum.ts';
import { killProcessesWithEnv } from './core/processes.ts';
import type { ProjectResult } from './core/results.ts';
import { interrupt, processesMarked, runKata, startKata, startNpm, waitFor } from './testing/kata-process.ts';
import { hasPython } from './core/python.ts';
import { pristineKata, type PristineKata } from './testing/pristine-kata.ts';
import { readVerdict, recordVerdict } from './verdicts.ts';

// Each spec runs whole kata commands (a vitest run, servers, maybe Chromium) as child processes;
// while the self-check loads both cores, one can take far longer than vitest's default 20 s.
vi.setConfig({ testTimeout: 120_000 });

let temp: string;
// The kata's own stubs, for the commands that read exercises/ (npm start with no exercise, npm run
// progress, npm run hint): in a learner's checkout, exercises/ holds their work.
let pristine: PristineKata;
beforeAll(async () => {
  temp = await mkdtemp(path.join(tmpdir(), 'netkata-loop-'));
  pristine = pristineKata();
});
afterAll(async () => {
  await rm(temp, { recursive: true, force: true });
  await pristine.remove();
});

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
    const kata = startKata(context, ['start'], { PORT: String(port), HOST: '127.0.0.1', KATA_STATE_DIR: path.join(temp, 'start-state') }, { root: pristine.root });
    // The kata's own exercises are untouched stubs: the first one does not pass.
    expect(await kata.waitForOutput(new RegExp(`Running exercises/01-raw-socket on http://127\\.0\\.0\\.1:${port}/`), 60_000), kata.output()).toBe(true);
    interrupt(kata);
    expect(await kata.exited, kata.output()).toBe(0);
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
  it('runs the specs, then again on every save, with the new result as npm test shows it', async (context) => {
    const dir = await copyOfSolution02('watch');
    const kata = startKata(context, ['watch', dir]);
    expect(await kata.waitForOutput(/✓ 02-http-handler › .*: all \d+ specs pass\nNext: npm test exercises\/03/), kata.output()).toBe(true);
    await edit(path.join(dir, 'server.ts'), "'Content-Type': 'text/html; charset=utf-8'", "'Content-Type': 'text/plain'");
    expect(await kata.waitForOutput(/✗ 02-http-handler › .*: \d+ of \d+ specs pass\nStart with the first failure above/), kata.output()).toBe(true);
    interrupt(kata);
    await kata.exited;
  });

  it.skipIf(!hasPython)('runs the specs against a server in another language with --server, again on every save', async (context) => {
    const dir = await copyOfPython02('watch-python');
    const kata = startKata(context, ['watch', dir, '--server', 'python3 server.py']);
    expect(await kata.waitForOutput(/✓ 02-http-handler › .*: all \d+ specs pass/), kata.output()).toBe(true);
    await edit(path.join(dir, 'server.py'), '"text/html; charset=utf-8"', '"text/plain"');
    expect(await kata.waitForOutput(/✗ 02-http-handler › .*: \d+ of \d+ specs pass/), kata.output()).toBe(true);
    interrupt(kata);
    await kata.exited;
  });
});

describe.concurrent('SIGINT or SIGTERM sent to npm alone (an IDE stop button, kill of a background job)', () => {
  it.for([
    ['SIGTERM', 'npm start 02', 'start'],
    ['SIGTERM', 'npm run watch solutions/03', 'watch'],
    ['SIGINT', 'npm start 02', 'start'],
    ['SIGINT', 'npm run watch solutions/03', 'watch'],
  ] as const)('%s to the npm of %s ends it and everything it started, and leaves no temp folder', async ([signal, , verb], context) => {
    const marker = `NETKATA_NPM_${signal}_${verb}_${process.pid}_${Date.now()}`;
    const tmp = await mkdtemp(path.join(tmpdir(), 'npm-signal-tmp-'));
    context.onTestFinished(() => rm(tmp, { recursive: true, force: true }));
    // 03's specs run a second server on a temp copy of the folder: a server and a folder to leave behind.
    const dir = verb === 'start' ? await copyOfSolution02(`signal-${signal}-${verb}`) : path.join(KATA_ROOT, 'solutions', '03-file-server');
    const servers = verb === 'start' ? 1 : 2;
    const port = await freePort();
    const npm = startNpm(context, verb === 'start' ? ['start', dir] : ['run', 'watch', dir], {
      [marker]: '1',
      TMPDIR: tmp,
      PORT: String(port),
      HOST: '127.0.0.1',
      KATA_STATE_DIR: path.join(tmp, 'state'),
    });
    // Whatever this test finds left behind, it ends too, so that a failure does not leak.
    context.onTestFinished(() => void killProcessesWithEnv(marker, '1'));
    const running = () => processesMarked(marker).filter((p) => p.args.includes('server.mjs')).length;
    expect(await waitFor(() => running() >= servers, 30_000), `${servers} server(s) running when ${signal} came\n${npm.output()}`).toBe(true);

    npm.child.kill(signal); // npm alone, not its process group: what a terminal's Ctrl-C would do
    expect(await waitFor(() => npm.child.exitCode !== null || npm.child.signalCode !== null, 10_000), 'npm ended').toBe(true);
    await waitFor(() => processesMarked(marker).length === 0, 5000);
    expect(processesMarked(marker)).toEqual([]);
    expect(readdirSync(tmp).filter((name) => name.startsWith('netkata-'))).toEqual([]);
  });
});

/** A verdict made up for a test: as if the last run had said this about the kata's exercise. */
function forgeVerdict(state: string, slug: string, specs: ProjectResult['specs']): void {
  const saved = process.env.KATA_STATE_DIR;
  process.env.KATA_STATE_DIR = state;
  try {
    expect(recordVerdict(slug, path.join(pristine.root, 'exercises', slug), { project: 'forged', specs, errors: [], durationMs: 1 })).toBe(true);
  } finally {
    if (saved === undefined) delete process.env.KATA_STATE_DIR;
    else process.env.KATA_STATE_DIR = saved;
  }
}

/** The verdict recorded in `state` for the kata's exercise `slug`, if it still holds. */
function recorded(state: string, slug: string): ProjectResult | undefined {
  const saved = process.env.KATA_STATE_DIR;
  process.env.KATA_STATE_DIR = state;
  try {
    return readVerdict(slug, path.join(pristine.root, 'exercises', slug));
  } finally {
    if (saved === undefined) delete process.env.KATA_STATE_DIR;
    else process.env.KATA_STATE_DIR = saved;
  }
}

/** The record file of exercise `slug` in `state`. */
async function recordOf(state: string, slug: string): Promise<string> {
  const files = (await readdir(path.join(state, 'verdicts'))).filter((name) => name.startsWith(`${slug}-`));
  expect(files).toHaveLength(1);
  return path.join(state, 'verdicts', files[0]!);
}

describe.concurrent('npm run progress and npm run hint from recorded verdicts', () => {
  const [first, second, ...rest] = loadCurriculum();

  it('reads the verdicts recorded since the folders last changed, and runs the specs of the others, then records them', async (context) => {
    const state = path.join(temp, 'progress-records');
    // Made-up verdicts no run of the stubs would give: seen in the output, they were read, not rerun.
    for (const ex of rest) forgeVerdict(state, ex.slug, [{ name: 'a made-up spec', state: 'passed' }]);
    forgeVerdict(state, second!.slug, [{ name: 'a made-up spec', state: 'passed' }]);
    // Exercise 02's record is stale (as after an edit): its specs must run again; 01 has none.
    const stale = await recordOf(state, second!.slug);
    const record = JSON.parse(await readFile(stale, 'utf8')) as { hash: string };
    await writeFile(stale, JSON.stringify({ ...record, hash: 'the hash of files since changed' }));

    const { status, output } = await runKata(context, ['progress'], { KATA_STATE_DIR: state }, { root: pristine.root });
    for (const ex of rest) expect(output).toMatch(new RegExp(`✓ ${ex.id} {2}.* passing \\(1/1\\)$`, 'm'));
    for (const ex of [first!, second!]) {
      expect(output).not.toMatch(new RegExp(`✓ ${ex.id} {2}`));
      expect(recorded(state, ex.slug)?.specs.length, `${ex.id}'s verdict, recorded by that run`).toBeGreaterThan(1);
    }
    expect(output).toMatch(/Next: npm test exercises\/01/);
    expect(status).toBe(0);
  });

  it("gives the hint of the step that the recorded first failure points at, without running the specs", async (context) => {
    const state = path.join(temp, 'hint-record');
    const ex = loadCurriculum().find((e) => e.id === '03')!;
    const heading = lessonSteps(readFileSync(lessonFile(ex), 'utf8')).get(9);
    expect(heading, 'lesson 03 has a step 9').toBeDefined();
    // Step 9 (methods) is not where the stub's first failure points: only the record says 9.
    forgeVerdict(state, ex.slug, [
      { name: 'GET / > answers 200', state: 'passed' },
      { name: 'HEAD / > answers without a body', state: 'failed', message: 'Expected: ...', failure: 'teaching', step: 9 },
    ]);
    const { status, output } = await runKata(context, ['hint', '03'], { KATA_STATE_DIR: state }, { root: pristine.root });
    expect(output.split('\n')).toContain(`Step ${heading}`);
    expect(output).toMatch(/Hint 1 of \d+: /);
    expect(status).toBe(0);
  });

  it('ignores a corrupt record with a one-line note, runs the specs again, and records their verdict', async (context) => {
    const state = path.join(temp, 'hint-corrupt');
    forgeVerdict(state, first!.slug, [{ name: 'a made-up spec', state: 'failed', failure: 'teaching', step: 2 }]);
    const file = await recordOf(state, first!.slug);
    await writeFile(file, '{"version": 1, "hash": ');
    const { status, output } = await runKata(context, ['hint', first!.id], { KATA_STATE_DIR: state }, { root: pristine.root });
    const notes = output.split('\n').filter((line) => line.startsWith('note: '));
    expect(notes).toEqual([expect.stringMatching(/^note: ignored .*01-raw-socket-[0-9a-f]+\.json \(not JSON: .*\); running the specs again$/)]);
    expect(output).toMatch(/^Step \d+\. /m);
    expect(output).not.toMatch(/Error|at .*\.ts:\d+/);
    expect(status).toBe(0);
    expect(recorded(state, first!.slug)?.specs.length).toBeGreaterThan(1);
  });
});

describe.concurrent('npm run progress and npm run hint', () => {
  it('shows every exercise with its state, a bar, and the next command', async (context) => {
    // Only 01 runs: the others' stubs are recorded, so that a loaded machine does not make this
    // test wait for every exercise (that rerun is the test above).
    const state = path.join(temp, 'progress-state');
    for (const ex of loadCurriculum().slice(1)) forgeVerdict(state, ex.slug, [{ name: 'a made-up spec', state: 'failed', failure: 'teaching', step: 1 }]);
    const { status, output } = await runKata(context, ['progress'], { KATA_STATE_DIR: state }, { root: pristine.root });
    expect(output).toMatch(/netkata progress/);
    expect(output).toMatch(/ 01 {2}A tiny web server on a raw socket/);
    expect(output).toMatch(/\[[█░]{30}\] \d+ of \d+ specs \(\d+%\) · \d of \d exercises done/);
    expect(output).toMatch(/Next: npm test exercises\/01/);
    expect(status).toBe(0);
    }, 120_000);

  it('gives the hints of the step the first failing spec points at, one more each time', async (context) => {
    const state = path.join(temp, 'hint-state');
    const first = await runKata(context, ['hint', '01'], { KATA_STATE_DIR: state }, { root: pristine.root });
    expect(first.output).toMatch(/^Step \d+\. /m);
    expect(first.output).toMatch(/Hint 1 of \d+: /);
    const second = await runKata(context, ['hint', '01'], { KATA_STATE_DIR: state }, { root: pristine.root });
    expect(second.output).toMatch(/Hint 2 of \d+: /);
  });

  it('gives a hint for the step asked for', async (context) => {
    const { output } = await runKata(context, ['hint', '02', '--step', '5'], { KATA_STATE_DIR: path.join(temp, 'hint-step') }, { root: pristine.root });
    expect(output).toMatch(/^Step 5\. Other methods: 405 and Allow/m);
    expect(output).toMatch(/Hint 1 of \d+: /);
  });
});
