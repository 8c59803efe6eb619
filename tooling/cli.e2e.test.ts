// `npm test <target>` as a learner runs it: a real child process, its exit status and its output.
import { readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { interrupt, processesMarked, runKata, startKata, waitFor } from './testing/kata-process.ts';
import { killProcessesWithEnv } from './core/processes.ts';
import { hasPython } from './core/python.ts';
import { KATA_ROOT } from './core/curriculum.ts';
import { pristineKata } from './testing/pristine-kata.ts';

// Each spec runs whole kata commands (a vitest run, servers, maybe Chromium) as child processes;
// while the self-check loads both cores, one can take far longer than vitest's default 20 s.
vi.setConfig({ testTimeout: 120_000 });

// The kata's own stubs, for the specs that expect a stub's failures: in a learner's checkout,
// exercises/ holds their work.
const pristine = pristineKata();
afterAll(() => pristine.remove());

describe.concurrent('npm test <target>', () => {
  it('exits 0 when every spec passes against the target', async (context) => {
    const { status, output } = await runKata(context, ['test', 'solutions/02']);
    expect(output).toMatch(/✓ 02-http-handler › solutions\/02-http-handler: all \d+ specs pass/);
    expect(status).toBe(0);
  });

  it('exits 1 when a spec fails, and says how many pass and where to start, on one screen', async (context) => {
    const { status, output } = await runKata(context, ['test', 'exercises/01'], {}, { root: pristine.root });
    expect(output).toMatch(/✗ 01-raw-socket › exercises\/01-raw-socket: \d+ of \d+ specs pass/);
    expect(output).toMatch(/Read: exercises\/01-raw-socket\/README\.md#\d/);
    // The first failure in full, the rest one line each: no spec source, no stack lines.
    expect(output.match(/^Expected: /gm)).toHaveLength(1);
    expect(output).not.toMatch(/^\s+at |specs\/harness\//m);
    expect(output.split('\n').length).toBeLessThanOrEqual(60);
    expect(status).toBe(1);
  });

  it('prints the verdict when the server stops during the first specs (the type check must not let node exit first)', async (context) => {
    // The textbook's one-connection bug: server.close() once it has answered.
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'netkata-closes-')), '01-raw-socket');
    context.onTestFinished(() => rm(path.dirname(dir), { recursive: true, force: true }));
    await mkdir(dir);
    const solution = await readFile(path.join(KATA_ROOT, 'solutions', '01-raw-socket', 'server.ts'), 'utf8');
    await writeFile(path.join(dir, 'server.ts'), solution.replace('socket.end(buildResponse());', 'socket.end(buildResponse());\n    server.close();'));
    const { status, output } = await runKata(context, ['test', dir]);
    expect(output).toMatch(/Your server (stopped listening|exited with code 0)/);
    expect(output).toMatch(/Read: exercises\/01-raw-socket\/README\.md#6-/);
    expect(output).toMatch(/✗ 01-raw-socket › .*: \d+ of \d+ specs pass/);
    expect(status).toBe(1);
  });

  it('exits 2 with one line, and no stack trace, for a target that matches nothing', async (context) => {
    const { status, output } = await runKata(context, ['test', 'exercises/07']);
    expect(output.trim()).toBe('no exercise 07; exercises are 01..05');
    expect(status).toBe(2);
  });
});

describe.concurrent('npm test <target> -- --server "<command>"', () => {
  it.skipIf(!hasPython)('checks a server written in Python with the same specs', async (context) => {
    const fixture = path.join('tooling', 'fixtures', 'any-language', '02-http-handler');
    const { status, output } = await runKata(context, ['test', fixture, '--server', 'python3 server.py']);
    expect(output).toMatch(/✓ 02-http-handler › .*: all \d+ specs pass/);
    expect(status).toBe(0);
  });

  it('skips the specs that read server.ts, and passes the rest', async (context) => {
    const { status, output } = await runKata(context, ['test', 'solutions/01', '--server', `${process.execPath} --import tsx server.ts`]);
    expect(output).toMatch(/Skipped 1 spec: this spec reads server\.ts; it does not apply to --server/);
    expect(output).toMatch(/✓ 01-raw-socket › solutions\/01-raw-socket: all \d+ specs pass/);
    expect(status).toBe(0);
  });

  it('exits 2 for a --server with no target', async (context) => {
    const { status, output } = await runKata(context, ['test', '--server', 'python3 server.py']);
    expect(output.trim()).toBe('--server needs a target: npm test exercises/02 -- --server "python3 server.py"');
    expect(status).toBe(2);
  });
});

describe('Ctrl-C during a run', () => {
  it('leaves no server or worker running, and no temp folder of the kata (03 copies its folder)', async (context) => {
    const marker = `NETKATA_CTRL_C_${process.pid}_${Date.now()}`;
    const tmp = await mkdtemp(path.join(tmpdir(), 'ctrl-c-tmp-'));
    context.onTestFinished(() => rm(tmp, { recursive: true, force: true }));
    const kata = startKata(context, ['test', 'solutions/03'], { [marker]: '1', TMPDIR: tmp });
    // Whatever this test finds left behind, it ends too, so that a failure does not leak.
    context.onTestFinished(() => void killProcessesWithEnv(marker, '1'));
    // Wait for both of 03's servers (not just the first): the second runs on the spec
    // file's temp copy of the folder, so there is a server and a folder to leave behind.
    const servers = () => processesMarked(marker).filter((p) => p.args.includes('server.mjs'));
    expect(await waitFor(() => servers().length >= 2, 30_000), `two servers were running when Ctrl-C came\n${kata.output()}`).toBe(true);
    interrupt(kata);
    await kata.exited;
    await waitFor(() => processesMarked(marker).length === 0, 5000);
    expect(processesMarked(marker)).toEqual([]);
    // Server bundles, copies of folders: the kata's own temp folders (tsx keeps a cache there too).
    expect(readdirSync(tmp).filter((name) => name.startsWith('netkata-'))).toEqual([]);
  });
});

describe.concurrent('--help, and options a command does not know', () => {
  // What each verb is typed as: its usage line starts with it. (The grader's own entry point has
  // the same tests, in grading/cli.e2e.test.ts.)
  const commands = [
    ['test', 'npm test'],
    ['start', 'npm start'],
    ['watch', 'npm run watch'],
    ['progress', 'npm run progress'],
    ['hint', 'npm run hint'],
  ] as const;

  it.for(commands)('%s -- --help prints its usage, options and all, and does nothing else', async ([verb, typed], context) => {
    const { status, output } = await runKata(context, [verb, '--help']);
    expect(output).toMatch(new RegExp(`^usage: ${typed}[ \n]`));
    expect(output).toMatch(/^ {2}--help +show this text$/m);
    expect(output).not.toMatch(/Running|Looking for|RUN|netkata progress/); // nothing started
    expect(status).toBe(0);
  });

  it.for(commands)('%s -- --frobnicate is refused with one line of usage, exit status 2', async ([verb, typed], context) => {
    const { status, output } = await runKata(context, [verb, '--frobnicate']);
    expect(output.trim()).toMatch(new RegExp(`^unknown option --frobnicate; usage: ${typed}.* \\(${typed} -- --help says more\\)$`));
    expect(status).toBe(2);
  });
});
